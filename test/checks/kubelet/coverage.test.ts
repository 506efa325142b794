/**
 * Sampled data says so: the kubelet checks read configz from one node per node group, and their evidence names the
 * nodes read and the nodes not read, with each read node's value of the keys the rule reads.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kubeletChecks } from '../../../functions/checks/kubelet/index.js';
import { snapshotFromObjects } from '../../../functions/model/build-snapshot.js';
import { sampleNodes, samplingCoverage } from '../../../functions/model/kubelet-sampling.js';
import type { KubeletConfigSample, KubeObject } from '../../../functions/model/snapshot.js';
import { runCheck } from '../../../functions/scoring/run-check.js';

function node(name: string, labels: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels },
    status: { nodeInfo: { kubeletVersion: 'v1.31.4' } },
  };
}

const NODES = [
  node('ip-a', { 'eks.amazonaws.com/nodegroup': 'general' }),
  node('ip-b', { 'eks.amazonaws.com/nodegroup': 'general' }),
  node('ip-c', { 'karpenter.sh/nodepool': 'batch' }),
  node('ip-d', { 'karpenter.sh/nodepool': 'batch' }),
  node('fargate-ip-e', { 'eks.amazonaws.com/compute-type': 'fargate' }),
];

test('the sample is one node per group, and the coverage names every node read and not read', () => {
  const read = sampleNodes(NODES);
  assert.deepEqual(read, [
    { node: 'ip-a', group: 'nodegroup/general' },
    { node: 'ip-c', group: 'nodepool/batch' },
  ]);
  assert.equal(
    samplingCoverage(NODES, read),
    '2 of 5 nodes read, one per node group: ip-a (nodegroup/general), ip-c (nodepool/batch); not read: ' +
      'fargate-ip-e (Fargate: AWS operates its kubelet), ip-b (nodegroup/general), ip-d (nodepool/batch)',
  );
});

test('a sampled node whose configz could not be read is named as such, and an unknown node list is said', () => {
  const coverage = samplingCoverage(NODES, [{ node: 'ip-a', group: 'nodegroup/general' }]);
  assert.match(coverage, /^1 of 5 nodes read, one per node group: ip-a \(nodegroup\/general\); not read: /);
  assert.match(coverage, /ip-c \(nodepool\/batch: its configz could not be read, see the collector gaps\)/);
  assert.match(
    samplingCoverage(undefined, [{ node: 'ip-a', group: 'g' }]),
    /1 node\(s\) read.*ip-a \(g\); the node list was not collected, so the nodes not read are unknown/,
  );
});

test("every kubelet check's evidence carries the coverage and each read node's value of the keys it reads", () => {
  const config = { authentication: { anonymous: { enabled: false } }, readOnlyPort: 10255 };
  const samples: KubeletConfigSample[] = sampleNodes(NODES).map((s) => ({ ...s, config }));
  const snapshot = snapshotFromObjects({
    cluster: { name: 'c', arn: null, region: null, accountId: null, kubernetesVersion: '1.31', source: 'demo' },
    objects: NODES,
    kubernetes: { kubeletConfigs: { status: 'collected', items: samples } },
  }).snapshot;
  assert.ok(kubeletChecks.length > 0);
  for (const check of kubeletChecks) {
    const { result } = runCheck(check, snapshot);
    assert.equal(result.evidence?.coverage, samplingCoverage(NODES, sampleNodes(NODES)), check.id);
    assert.deepEqual(
      result.evidence?.sample.map((o) => o.name).sort(),
      ['ip-a', 'ip-c'],
      `${check.id}: the sample is the nodes read`,
    );
    for (const o of result.evidence?.sample ?? [])
      assert.match(o.observed, /kubeletconfig\.\S+|\(sampled for/, check.id);
  }
  const anonymous = runCheck(kubeletChecks.find((c) => c.id === 'kubelet-anonymous-auth-disabled')!, snapshot);
  assert.equal(
    anonymous.result.evidence?.sample[0].observed,
    'kubeletconfig.authentication.anonymous.enabled: false (sampled for nodegroup/general)',
  );
  const port = runCheck(kubeletChecks.find((c) => c.id === 'kubelet-read-only-port-disabled')!, snapshot);
  assert.equal(port.result.status, 'fail');
  assert.match(port.result.evidence?.sample[0].observed ?? '', /readOnlyPort is 10255/);
});
