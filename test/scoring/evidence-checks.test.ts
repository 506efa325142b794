/** `evidenceChecks`: their outcome is appended to a manual or not-assessed requirement's reason; status unchanged. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CheckDefinition } from '../../functions/checks/types.js';
import { evaluate } from '../../functions/scoring/evaluate.js';
import type { RequirementResult, ScanResults } from '../../functions/scoring/results.js';
import type { Attestation } from '../../functions/scoring/waiver-types.js';
import { failing, fakeCheck, framework, GENERATED_AT, PASS, req, snapshot } from './fixtures.js';

function requirement(results: ScanResults, id: string): RequirementResult {
  const r = results.frameworks[0].requirements.find((x) => x.id === id);
  assert.ok(r, `requirement ${id} present`);
  return r;
}

const checks: CheckDefinition[] = [
  fakeCheck('ami', { ...PASS, reason: 'nodes: Amazon Linux 2023 ×2' }, { severity: 'info' }),
  fakeCheck(
    'principals',
    failing(
      ['AccessEntry', null, 'user/alice'],
      ['AccessEntry', null, 'user/bob'],
      ['AccessEntry', null, 'user/c'],
      ['AccessEntry', null, 'user/d'],
    ),
    { severity: 'info' },
  ),
  fakeCheck('needs-aws', PASS, { inputs: [{ kind: 'aws', fact: 'cluster' }] }),
  fakeCheck('automated', PASS),
];

const fw = framework([
  req('files', [], {
    notAssessableReason: 'needs a shell on the node.',
    evidenceChecks: ['ami'],
  }),
  req('access', [], { manualGuidance: 'Review the IAM principals.', evidenceChecks: ['principals', 'ami'] }),
  req('missing-evidence', [], { manualGuidance: 'Look.', evidenceChecks: ['needs-aws', 'not-registered'] }),
  req('automated-req', ['automated'], { evidenceChecks: ['principals'] }),
  req('attested', [], { manualGuidance: 'Look.', evidenceChecks: ['ami'] }),
]);

const attestation: Attestation = {
  id: 'att-1',
  framework: 'cis-eks-1.8.0',
  requirement: 'attested',
  status: 'pass',
  statement: 'checked by hand',
  attestedBy: 'auditor@example.com',
  date: '2026-01-01',
  expires: '2027-01-01',
};

describe('compensating evidence', () => {
  const results = evaluate(snapshot(), {
    checks,
    frameworks: [fw],
    generatedAt: GENERATED_AT,
    attestations: [attestation],
  });

  test('a not-assessable requirement stays not-assessed; its reason gains the evidence', () => {
    const r = requirement(results, 'files');
    assert.equal(r.status, 'not-assessed');
    assert.deepEqual(r.checks, []);
    assert.equal(
      r.reason,
      'needs a shell on the node. Compensating evidence: Fake check ami: pass (nodes: Amazon Linux 2023 ×2).',
    );
  });

  test('a manual requirement stays manual; a failing evidence check is summarised with its first findings', () => {
    const r = requirement(results, 'access');
    assert.equal(r.status, 'manual');
    assert.equal(
      r.reason,
      'Review the IAM principals. Compensating evidence: Fake check principals: fail: 4 findings: ' +
        'AccessEntry user/alice: user/alice is bad; AccessEntry user/bob: user/bob is bad; ' +
        'AccessEntry user/c: user/c is bad; and 1 more. ' +
        'Compensating evidence: Fake check ami: pass (nodes: Amazon Linux 2023 ×2).',
    );
  });

  test('evidence that could not be had says so, and the requirement is still manual', () => {
    const r = requirement(results, 'missing-evidence');
    assert.equal(r.status, 'manual');
    assert.match(
      r.reason ?? '',
      /Compensating evidence: Fake check needs-aws: not-assessed \(AWS data "cluster" not collected/,
    );
    assert.match(r.reason ?? '', /Compensating evidence: not-registered: not run in this scan\./);
  });

  test('an automated requirement is decided by its checks only, and its reason is untouched', () => {
    const r = requirement(results, 'automated-req');
    assert.equal(r.status, 'pass');
    assert.equal(r.reason, undefined);
  });

  test('an attested requirement keeps the attestation verdict and reason', () => {
    const r = requirement(results, 'attested');
    assert.equal(r.status, 'pass');
    assert.doesNotMatch(r.reason ?? '', /Compensating evidence/);
  });

  test('evidence checks run even when no requirement lists them in `checks`', () => {
    const ids = results.checks.map((c) => c.id).sort();
    assert.ok(ids.includes('ami') && ids.includes('principals'), ids.join(', '));
  });

  test('evidence changes no score: the framework scores only the automated requirement', () => {
    assert.equal(results.frameworks[0].score, 100);
    assert.equal(results.frameworks[0].counts.manual, 2);
    assert.equal(results.frameworks[0].counts.notAssessed, 1);
  });
});
