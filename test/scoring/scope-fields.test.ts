import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate } from '../../functions/scoring/evaluate.js';
import { validateResults } from '../../functions/scoring/validate-results.js';
import type { Attestation, Waiver } from '../../functions/scoring/waiver-types.js';
import { failing, fakeCheck, framework, GENERATED_AT, req, snapshot } from './fixtures.js';

// GENERATED_AT is 2026-01-10: expiring = within 30 days, expired = before that day.
const waivers: Waiver[] = [
  { id: 'W-active', check: 'c-fail', names: ['web'], reason: 'accepted', approvedBy: 'ciso', expires: '2026-12-31' },
  { id: 'W-expiring', check: 'c-fail', names: ['api'], reason: 'soon', approvedBy: 'ciso', expires: '2026-01-20' },
  { id: 'W-expired', check: 'c-fail', names: ['db'], reason: 'old', approvedBy: 'ciso', expires: '2025-12-01' },
  {
    id: 'W-unused',
    check: 'c-fail',
    namespaces: ['monitoring'],
    reason: 'none',
    approvedBy: 'ciso',
    expires: '2026-12-31',
    ticket: 'SEC-1',
  },
];

const attestations: Attestation[] = [
  {
    id: 'A-1',
    framework: 'cis-eks-1.8.0',
    requirement: 'manual-req',
    status: 'pass',
    statement: 'reviewed',
    attestedBy: 'auditor@example.com',
    date: '2026-01-02',
    expires: '2026-06-30',
    evidence: 'https://wiki.example.com/review',
  },
];

describe('evaluate fills sources, registers and collector', () => {
  const snap = snapshot();
  snap.kubernetes.inventories.secrets = {
    status: 'not-collected',
    reason: 'list secrets: 403 Forbidden',
    permission: 'list secrets',
  };
  snap.aws.cluster = { status: 'collected', value: { name: 'prod-eu' } };
  snap.aws.guardDuty = { status: 'not-collected', reason: 'denied', permission: 'guardduty:ListDetectors' };
  const check = fakeCheck('c-fail', failing(['Pod', 'app', 'web'], ['Pod', 'app', 'api'], ['Pod', 'app', 'db']));
  const results = evaluate(snap, {
    checks: [check],
    frameworks: [framework([req('r', ['c-fail']), req('manual-req', [])])],
    generatedAt: GENERATED_AT,
    waivers,
    attestations,
  });

  test('the result validates against the schema', () => {
    const validation = validateResults(JSON.parse(JSON.stringify(results)));
    assert.deepEqual(validation.errors, []);
  });

  test('collector is copied from the snapshot', () => {
    assert.deepEqual(results.collector, snap.collector);
  });

  test('sources: every inventory, kubelet, aws-auth and AWS fact, with counts and missing permissions', () => {
    const sources = results.sources ?? [];
    const byId = new Map(sources.map((s) => [s.id, s]));
    assert.equal(byId.get('pods')?.status, 'collected');
    assert.equal(byId.get('pods')?.itemCount, 0);
    assert.equal(byId.get('pods')?.permission, 'list pods');
    assert.deepEqual(
      { ...byId.get('secrets') },
      {
        id: 'secrets',
        kind: 'kubernetes',
        title: 'Secrets',
        status: 'not-collected',
        itemCount: null,
        permission: 'list secrets',
        reason: 'list secrets: 403 Forbidden',
        metadataOnly: true,
      },
    );
    assert.equal(byId.get('kubelet-config')?.kind, 'kubelet-config');
    assert.equal(byId.get('aws-auth')?.kind, 'aws-auth');
    assert.equal(byId.get('aws:cluster')?.status, 'collected');
    assert.equal(byId.get('aws:cluster')?.itemCount, 1);
    assert.equal(byId.get('aws:guardDuty')?.status, 'not-collected');
    assert.equal(byId.get('aws:guardDuty')?.permission, 'guardduty:ListDetectors');
    // Facts the snapshot does not have at all are named as not collected, not silently left out.
    assert.equal(byId.get('aws:nodegroups')?.status, 'not-collected');
    assert.match(byId.get('aws:nodegroups')?.reason ?? '', /no AWS access/);
    assert.ok(byId.has('validatingadmissionpolicies'));
  });

  test('waivers: the register with each state, objects, approver, reason and expiry', () => {
    const states = Object.fromEntries((results.waivers ?? []).map((w) => [w.id, w.state]));
    assert.deepEqual(states, {
      'W-active': 'active',
      'W-expiring': 'expiring',
      'W-expired': 'expired',
      'W-unused': 'unused',
    });
    const active = results.waivers?.find((w) => w.id === 'W-active');
    assert.equal(active?.objects, 1);
    assert.deepEqual(active?.checks, ['c-fail']);
    assert.equal(active?.approvedBy, 'ciso');
    assert.equal(active?.expires, '2026-12-31');
    assert.deepEqual(active?.scope, { names: ['web'] });
    assert.equal(results.waivers?.find((w) => w.id === 'W-unused')?.ticket, 'SEC-1');
    // The expired waiver no longer applies: db still fails.
    assert.deepEqual(
      results.checks[0].failing.map((f) => f.name),
      ['db'],
    );
  });

  test('attestations: the register with state, who, when, statement, evidence and what it settled', () => {
    assert.deepEqual(results.attestations, [
      {
        id: 'A-1',
        framework: 'cis-eks-1.8.0',
        requirement: 'manual-req',
        state: 'active',
        daysLeft: 171,
        status: 'pass',
        attestedBy: 'auditor@example.com',
        date: '2026-01-02',
        expires: '2026-06-30',
        statement: 'reviewed',
        evidence: 'https://wiki.example.com/review',
        settled: ['cis-eks-1.8.0 manual-req'],
      },
    ]);
  });

  test('without waivers or attestations the registers are empty lists', () => {
    const plain = evaluate(snapshot(), {
      checks: [check],
      frameworks: [framework([req('r', ['c-fail'])])],
      generatedAt: GENERATED_AT,
    });
    assert.deepEqual(plain.waivers, []);
    assert.deepEqual(plain.attestations, []);
    assert.ok(validateResults(JSON.parse(JSON.stringify(plain))).valid);
  });
});
