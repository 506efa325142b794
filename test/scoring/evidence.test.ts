import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { demoConfig } from '../../functions/demo/config.js';
import { DEMO_COLLECTED_AT, loadDemoSnapshot } from '../../functions/demo/index.js';
import { AWS_FACT_SOURCES } from '../../functions/model/aws-fact-sources.js';
import { evaluate } from '../../functions/scoring/evaluate.js';
import { EVIDENCE_SAMPLE_LIMIT, evidenceSample, evidenceSources } from '../../functions/scoring/evidence.js';

describe('check evidence', () => {
  test('sources derive from the declared inputs: list permissions, kubelet configz, aws-auth, IAM actions', () => {
    assert.deepEqual(
      evidenceSources([
        { kind: 'kubernetes', inventory: 'clusterrolebindings' },
        { kind: 'kubelet-config' },
        { kind: 'aws-auth' },
        { kind: 'aws', fact: 'nodegroups' },
        { kind: 'kubernetes', inventory: 'clusterrolebindings' },
      ]),
      [
        'list clusterrolebindings.rbac.authorization.k8s.io',
        'get nodes/proxy',
        'list configmaps',
        ...AWS_FACT_SOURCES.nodegroups.actions.map((a) => a.action),
      ],
    );
  });

  test('the sample puts failing objects first, each object once, at most the limit', () => {
    const failing = [{ kind: 'Pod', namespace: 'a', name: 'x', message: 'privileged is true' }];
    const observed = Array.from({ length: 20 }, (_, i) => ({
      kind: 'Pod',
      namespace: 'a',
      name: i === 0 ? 'x' : `p${i}`,
      observed: 'privileged not set',
    }));
    const sample = evidenceSample(failing, observed);
    assert.equal(sample.length, EVIDENCE_SAMPLE_LIMIT);
    assert.deepEqual(sample[0], { kind: 'Pod', namespace: 'a', name: 'x', observed: 'privileged is true' });
    assert.equal(sample.filter((o) => o.name === 'x').length, 1);
  });

  test('on the demo: every check names its sources; failing and pod-security passing checks carry a sample', () => {
    const config = demoConfig(DEMO_COLLECTED_AT);
    const results = evaluate(loadDemoSnapshot({ collectedAt: DEMO_COLLECTED_AT }), {
      generatedAt: DEMO_COLLECTED_AT,
      waivers: config.waivers,
    });
    for (const c of results.checks) {
      assert.ok((c.evidence?.sources.length ?? 0) > 0, `${c.id} sources`);
      if (c.status === 'fail') assert.ok((c.evidence?.sample.length ?? 0) > 0, `${c.id} sample`);
    }
    const podPasses = results.checks.filter((c) => c.status === 'pass' && /^pod-/.test(c.id));
    assert.ok(podPasses.length > 0);
    for (const c of podPasses) {
      const sample = c.evidence?.sample ?? [];
      assert.ok(sample.length > 0 && sample.every((o) => o.observed.length > 0), c.id);
    }
    const hostPid = results.checks.find((c) => c.id === 'pod-host-pid');
    assert.ok(hostPid?.evidence?.sample.some((o) => /^spec\.hostPID: /.test(o.observed)));
  });
});
