/** CIS EKS v1.8.0 requirements judged as the benchmark's audit procedure reads them (issue 13). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_COLLECTED_AT, loadDemoSnapshot } from '../../functions/demo/index.js';
import { CIS_EKS_1_8_0 } from '../../functions/frameworks/index.js';
import { evaluate } from '../../functions/scoring/evaluate.js';

const requirement = (id: string) => {
  const r = CIS_EKS_1_8_0.requirements.find((x) => x.id === id);
  assert.ok(r, id);
  return r;
};

describe('CIS mapping follows the audit procedure', () => {
  const demo = evaluate(loadDemoSnapshot({ collectedAt: DEMO_COLLECTED_AT }), {
    generatedAt: DEMO_COLLECTED_AT,
    frameworks: ['cis-eks-1.8.0'],
  });
  const demoStatus = (id: string) => demo.frameworks[0].requirements.find((r) => r.id === id);

  test('2.1.1 needs all five control-plane log types; the demo (api and audit only) fails it', () => {
    assert.ok(requirement('2.1.1').checks.includes('aws-control-plane-logging-all-types'));
    const r = demoStatus('2.1.1');
    assert.equal(r?.status, 'fail');
    const allTypes = demo.checks.find((c) => c.id === 'aws-control-plane-logging-all-types');
    assert.match(allTypes?.failing[0]?.message ?? '', /authenticator, controllerManager, scheduler/);
  });

  test('5.2.1 maps only what its audit checks: default service accounts unbound and not automounting', () => {
    assert.deepEqual([...requirement('5.2.1').checks].sort(), [
      'rbac-default-sa-automount',
      'rbac-default-sa-bindings',
    ]);
  });
});
