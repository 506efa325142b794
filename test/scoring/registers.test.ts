import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { globMatches, matchesAnyGlob } from '../../functions/model/glob.js';
import { attestationRegister } from '../../functions/scoring/attestations.js';
import { daysLeft, isExpired } from '../../functions/scoring/expiry.js';
import type { CheckResult, FrameworkResult } from '../../functions/scoring/results.js';
import type { Attestation, Waiver } from '../../functions/scoring/waiver-types.js';
import { waiverRegister } from '../../functions/scoring/waivers.js';

const NOW = new Date('2026-01-10T09:00:00Z');

describe('globs', () => {
  test('* and ? are wildcards, everything else is literal', () => {
    assert.ok(globMatches('pod-*', 'pod-host-pid'));
    assert.ok(globMatches('*', ''));
    assert.ok(globMatches('ns-?', 'ns-a'));
    assert.ok(!globMatches('ns-?', 'ns-ab'));
    assert.ok(!globMatches('a.b', 'aXb'), 'a dot is not a regex wildcard');
    assert.ok(!globMatches('Pod', 'pod'), 'case-sensitive');
    assert.ok(!globMatches('pod-*', 'x-pod-1'), 'anchored');
    assert.ok(globMatches('team-(a)+[b]', 'team-(a)+[b]'));
  });
  test('an absent list matches anything; an empty list nothing', () => {
    assert.ok(matchesAnyGlob(undefined, 'x'));
    assert.ok(!matchesAnyGlob([], 'x'));
    assert.ok(matchesAnyGlob(['a', 'x*'], 'xy'));
  });
});

describe('expiry', () => {
  test('a date is valid through that whole day (UTC)', () => {
    assert.ok(!isExpired('2026-01-10', NOW));
    assert.ok(isExpired('2026-01-09', NOW));
    assert.equal(daysLeft('2026-01-10', NOW), 0);
    assert.equal(daysLeft('2026-02-09', NOW), 30);
  });
  test('a timestamp expires at that instant; an unparsable value counts as expired', () => {
    assert.ok(isExpired('2026-01-10T08:59:59Z', NOW));
    assert.ok(!isExpired('2026-01-10T09:00:01Z', NOW));
    assert.ok(isExpired('next tuesday', NOW));
  });
});

function waiver(id: string, expires: string): Waiver {
  return { id, check: 'x', reason: 'r', approvedBy: 'me', expires };
}

function checkWithWaived(id: string, waiverIds: string[]): CheckResult {
  return {
    id,
    title: id,
    severity: 'high',
    status: 'pass',
    references: {},
    riskAreas: [3],
    evaluatedCount: waiverIds.length,
    failing: [],
    waived: waiverIds.map((w, i) => ({ kind: 'Pod', namespace: 'n', name: `p${i}`, waiver: w })),
  };
}

describe('waiver register', () => {
  test('states: active, expiring within 30 days, expired, unused', () => {
    const results = {
      checks: [checkWithWaived('c1', ['W-active', 'W-active', 'W-soon']), checkWithWaived('c2', ['W-active'])],
    };
    const reg = waiverRegister(
      [
        waiver('W-active', '2026-06-30'),
        waiver('W-soon', '2026-02-09'),
        waiver('W-old', '2025-12-31'),
        waiver('W-unused', '2026-06-30'),
      ],
      results,
      NOW,
    );
    const byId = Object.fromEntries(reg.map((e) => [e.waiver.id, e]));
    assert.equal(byId['W-active'].state, 'active');
    assert.equal(byId['W-active'].objects, 3);
    assert.deepEqual(byId['W-active'].checks, ['c1', 'c2']);
    assert.equal(byId['W-soon'].state, 'expiring');
    assert.equal(byId['W-soon'].daysLeft, 30);
    assert.equal(byId['W-old'].state, 'expired');
    assert.ok(byId['W-old'].daysLeft < 0);
    assert.equal(byId['W-unused'].state, 'unused');
    assert.equal(byId['W-unused'].objects, 0);
  });
});

describe('attestation register', () => {
  test('lists what each attestation settled and its state', () => {
    const att = (id: string, expires: string): Attestation => ({
      id,
      framework: 'cis-eks-1.8.0',
      requirement: '4.1.8',
      status: 'pass',
      statement: 's',
      attestedBy: 'me',
      date: '2026-01-01',
      expires,
    });
    const frameworks: FrameworkResult[] = [
      {
        id: 'cis-eks-1.8.0',
        title: 'CIS',
        score: 100,
        counts: { pass: 1, fail: 0, manual: 0, notApplicable: 0, notAssessed: 0, waived: 0 },
        requirements: [
          {
            id: '4.1.8',
            title: 't',
            status: 'pass',
            checks: [],
            attestation: { id: 'A-1', status: 'pass', by: 'me', date: '2026-01-01' },
          },
        ],
      },
    ];
    const reg = attestationRegister(
      [att('A-1', '2026-12-31'), att('A-2', '2026-12-31'), att('A-3', '2026-01-01')],
      { frameworks },
      NOW,
    );
    assert.deepEqual(
      reg.map((e) => [e.attestation.id, e.state]),
      [
        ['A-1', 'active'],
        ['A-2', 'unused'],
        ['A-3', 'expired'],
      ],
    );
    assert.deepEqual(reg[0].settled, ['cis-eks-1.8.0 4.1.8']);
  });
});
