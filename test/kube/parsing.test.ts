import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AwsAuthParseError, parseAwsAuth } from '../../functions/kube/aws-auth.js';
import { collectTargetFrom } from '../../functions/kube/collect-snapshot.js';
import { describeStatus, retryAfterMs } from '../../functions/kube/retry.js';
import { isCrdOfInterest, LIST_RESOURCES, listPath, listPermission } from '../../functions/model/kube-resources.js';
import { nodeGroupOf, sampleNodes } from '../../functions/model/kubelet-sampling.js';
import { KUBE_INVENTORIES, type KubeObject } from '../../functions/model/snapshot.js';

describe('parseAwsAuth', () => {
  test('keeps role and user mappings, drops everything else', () => {
    const mappings = parseAwsAuth({
      mapRoles: '- rolearn: arn:aws:iam::1:role/a\n  groups: [system:masters]\n- not-a-mapping\n',
      mapUsers: '- userarn: arn:aws:iam::1:user/u\n  username: u\n',
      mapAccounts: '- "111122223333"\n',
    });
    assert.deepEqual(mappings, [
      { type: 'role', arn: 'arn:aws:iam::1:role/a', groups: ['system:masters'] },
      { type: 'user', arn: 'arn:aws:iam::1:user/u', username: 'u', groups: [] },
    ]);
  });
  test('empty or absent maps are no mappings', () => {
    assert.deepEqual(parseAwsAuth({}), []);
    assert.deepEqual(parseAwsAuth({ mapRoles: '' }), []);
    assert.deepEqual(parseAwsAuth(undefined), []);
  });
  test('unreadable YAML is an error naming the key', () => {
    assert.throws(() => parseAwsAuth({ mapRoles: '- rolearn: [unclosed' }), AwsAuthParseError);
    assert.throws(() => parseAwsAuth({ mapUsers: 'just: a map' }), /mapUsers is not a list/);
  });
});

describe('resources', () => {
  test('every inventory has exactly one list resource', () => {
    assert.deepEqual(LIST_RESOURCES.map((r) => r.inventory).sort(), [...KUBE_INVENTORIES].sort());
  });
  test('secrets are metadata-only; paths and permissions read right', () => {
    const secrets = LIST_RESOURCES.find((r) => r.inventory === 'secrets');
    assert.equal(secrets?.metadataOnly, true);
    assert.equal(secrets && listPath(secrets), '/api/v1/secrets');
    const np = LIST_RESOURCES.find((r) => r.inventory === 'networkpolicies');
    assert.equal(np && listPath(np), '/apis/networking.k8s.io/v1/networkpolicies');
    assert.equal(np && listPermission(np), 'list networkpolicies.networking.k8s.io');
  });
  test('CRDs of interest by group, subgroups included', () => {
    assert.ok(isCrdOfInterest('clusterpolicies.kyverno.io'));
    assert.ok(isCrdOfInterest('k8srequiredlabels.constraints.gatekeeper.sh'));
    assert.ok(isCrdOfInterest('globalnetworkpolicies.crd.projectcalico.org'));
    assert.ok(!isCrdOfInterest('certificates.cert-manager.io'));
    assert.ok(!isCrdOfInterest('foo.notkyverno.io'));
  });
});

describe('describeStatus', () => {
  const response = (status: number, body: string) => ({ status, headers: {}, body: Buffer.from(body) });
  test("a Status body's message is kept whole, however long a real one gets", () => {
    const message = `pods is forbidden: User "arn:aws:sts::111122223333:assumed-role/${'r'.repeat(400)}" cannot list resource "pods"`;
    assert.equal(describeStatus(response(403, JSON.stringify({ message }))), `403 Forbidden: ${message}`);
  });
  test('no Status body, or an empty message: the code alone', () => {
    assert.equal(describeStatus(response(401, 'nope')), '401 Unauthorized (the credentials were rejected)');
    assert.equal(describeStatus(response(500, '{"message":""}')), '500 Internal Server Error');
  });
});

describe('retryAfterMs', () => {
  test('seconds, HTTP dates and junk', () => {
    assert.equal(retryAfterMs('3'), 3000);
    assert.equal(retryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', Date.parse('2026-01-01T00:00:00Z')), 10_000);
    assert.equal(retryAfterMs('soon'), undefined);
    assert.equal(retryAfterMs(undefined), undefined);
  });
});

describe('kubelet sampling', () => {
  const node = (name: string, labels: Record<string, string>, osImage = 'AL2023'): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels },
    status: { nodeInfo: { osImage, kubeletVersion: 'v1.31' } },
  });
  test('one node per group; Fargate skipped; unlabelled nodes grouped by OS image', () => {
    const nodes = [
      node('b', { 'eks.amazonaws.com/nodegroup': 'ng1' }),
      node('a', { 'eks.amazonaws.com/nodegroup': 'ng1' }),
      node('f', { 'eks.amazonaws.com/compute-type': 'fargate' }),
      node('k', { 'karpenter.sh/nodepool': 'default' }),
      node('s1', {}, 'Bottlerocket'),
      node('s2', {}, 'Bottlerocket'),
    ];
    assert.equal(nodeGroupOf(nodes[2]), undefined);
    assert.deepEqual(sampleNodes(nodes), [
      { node: 'a', group: 'nodegroup/ng1' },
      { node: 'k', group: 'nodepool/default' },
      { node: 's1', group: 'os/Bottlerocket kubelet/v1.31' },
    ]);
  });
});

describe('collectTargetFrom', () => {
  test('maps the CLI flags to targets', () => {
    assert.deepEqual(collectTargetFrom({ kubeconfig: 'k', context: 'c' }), {
      kind: 'kubeconfig',
      path: 'k',
      context: 'c',
      eks: undefined,
    });
    assert.deepEqual(collectTargetFrom({ cluster: 'prod', region: 'eu-west-1', roleArn: 'arn:r' }), {
      kind: 'eks',
      clusterName: 'prod',
      region: 'eu-west-1',
      roleArn: 'arn:r',
    });
    assert.deepEqual(collectTargetFrom({ kubeconfig: 'k', cluster: 'prod', region: 'r' }), {
      kind: 'kubeconfig',
      path: 'k',
      context: undefined,
      eks: { clusterName: 'prod', region: 'r', roleArn: undefined },
    });
    assert.throws(() => collectTargetFrom({ cluster: 'prod' }), /--region/);
    assert.throws(() => collectTargetFrom({}), /--kubeconfig/);
  });
});
