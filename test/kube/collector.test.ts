import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { collectKubernetes } from '../../functions/kube/collector.js';
import { snapshotFromObjects } from '../../functions/model/build-snapshot.js';
import { apiVersionOf, LIST_RESOURCES } from '../../functions/model/kube-resources.js';
import { KUBE_INVENTORIES } from '../../functions/model/snapshot.js';
import { evaluate } from '../../functions/scoring/evaluate.js';
import type { FakeKubeServer } from '../support/fake-kube-api.js';
import { needs } from '../support/tools.js';
import { countOf, fixture, kubeConfigFor, startFixtureServer } from './helpers.js';

const METADATA_ACCEPT = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';
const fast = { retries: 2, backoffMs: 10, requestTimeoutMs: 5_000, secretMetadata: true };

describe('collectKubernetes against the fixture cluster', needs('openssl'), () => {
  let server: FakeKubeServer;
  let result: Awaited<ReturnType<typeof collectKubernetes>>;
  const progress: string[] = [];

  before(async () => {
    server = await startFixtureServer();
    result = await collectKubernetes(kubeConfigFor(server), {
      ...fast,
      pageSize: 2,
      kubeletConfig: true,
      onProgress: (p) => progress.push(`${p.inventory}:${p.event}`),
    });
  });
  after(() => server.close());

  test('every inventory is collected with every fixture object', () => {
    assert.deepEqual(Object.keys(result.kubernetes.inventories).sort(), [...KUBE_INVENTORIES].sort());
    for (const r of LIST_RESOURCES) {
      const inv = result.kubernetes.inventories[r.inventory];
      assert.equal(inv?.status, 'collected', r.inventory);
      if (inv?.status !== 'collected' || r.inventory === 'customresourcedefinitions') continue;
      assert.equal(inv.items.length, countOf(r.kind, apiVersionOf(r)), r.inventory);
      for (const item of inv.items) assert.equal(item.kind, r.kind);
    }
    assert.deepEqual(result.gaps, []);
  });

  test('one request per page: the request count equals the pages the lists need', () => {
    const lists = server.requests.filter((r) => !r.path.endsWith('/configz'));
    const expectedPages = LIST_RESOURCES.reduce(
      (n, r) => n + Math.max(1, Math.ceil(countOf(r.kind, apiVersionOf(r)) / 2)),
      0,
    );
    assert.equal(lists.length, expectedPages);
    assert.equal(result.requestCount, server.requests.length);
    const podPages = server.requests.filter((r) => r.path === '/api/v1/pods');
    assert.equal(podPages.length, Math.ceil(countOf('Pod') / 2));
    assert.ok(podPages.every((r) => r.query.limit === '2'));
    assert.equal(podPages.filter((r) => r.query.continue).length, podPages.length - 1);
  });

  test('only GET requests, all authenticated', () => {
    assert.ok(server.requests.length > 0);
    assert.ok(server.requests.every((r) => r.method === 'GET'));
    assert.ok(server.requests.every((r) => r.authorization));
  });

  test('secrets are only ever listed as metadata, and no value reaches the snapshot', () => {
    const secretRequests = server.requests.filter((r) => /secrets/.test(r.path));
    assert.ok(secretRequests.length >= 2);
    for (const r of secretRequests) {
      assert.equal(r.accept, METADATA_ACCEPT);
      assert.equal(r.path, '/api/v1/secrets', 'never a single secret');
    }
    const json = JSON.stringify(result.kubernetes);
    assert.ok(!json.includes('U0VDUkVULVZBTFVFLURPLU5PVC1MRUFL'), 'secret data');
    assert.ok(!json.includes('AKIAIOSFODNN7EXAMPLE'), 'env literal');
    assert.ok(!json.includes('hunter2'), 'env literal');
    assert.ok(!json.includes('BEGIN RSA PRIVATE KEY'), 'configmap value');
    assert.ok(!json.includes('"secret":"x"'), 'last-applied-configuration');
    const secrets = result.kubernetes.inventories.secrets;
    assert.equal(secrets?.status, 'collected');
    if (secrets?.status === 'collected') {
      assert.equal(secrets.items[0].apiVersion, 'v1');
      assert.deepEqual(secrets.items.find((s) => s.metadata.name === 'db')?.metadata.labels, { owner: 'team' });
    }
  });

  test('env literals and config map values become facts', () => {
    const pods = result.kubernetes.inventories.pods;
    assert.equal(pods?.status, 'collected');
    if (pods?.status !== 'collected') return;
    const env = pods.items[0].spec.containers[0].env;
    assert.equal(env[0].valueFact, 'aws-access-key');
    assert.ok(env[2].valueFrom, 'references are kept');
    const cms = result.kubernetes.inventories.configmaps;
    assert.equal(cms?.status, 'collected');
    if (cms?.status !== 'collected') return;
    const appConfig = cms.items.find((c) => c.metadata.name === 'app-config');
    assert.deepEqual(appConfig?.dataKeys, ['DB_HOST', 'PRIVATE']);
    assert.equal(appConfig?.dataFacts.PRIVATE, 'private-key');
    assert.equal(appConfig?.data, undefined);
  });

  test('aws-auth keeps the mappings only', () => {
    assert.deepEqual(result.kubernetes.awsAuth, {
      status: 'collected',
      items: [
        {
          type: 'role',
          arn: 'arn:aws:iam::123456789012:role/eks-node',
          username: 'system:node:{{EC2PrivateDNSName}}',
          groups: ['system:bootstrappers', 'system:nodes'],
        },
        { type: 'role', arn: 'arn:aws:iam::123456789012:role/admin', username: 'admin', groups: ['system:masters'] },
        { type: 'user', arn: 'arn:aws:iam::123456789012:user/alice', username: 'alice', groups: ['devs'] },
      ],
    });
  });

  test('CRDs: only those of interest, by name, listed as metadata', () => {
    const crds = result.kubernetes.inventories.customresourcedefinitions;
    assert.equal(crds?.status, 'collected');
    if (crds?.status !== 'collected') return;
    assert.deepEqual(
      crds.items.map((c) => c.metadata.name),
      [
        'ciliumnetworkpolicies.cilium.io',
        'clusterpolicies.kyverno.io',
        'constrainttemplates.templates.gatekeeper.sh',
        'externalsecrets.external-secrets.io',
        'networkpolicies.crd.projectcalico.org',
        'policies.kyverno.io',
        'secretproviderclasses.secrets-store.csi.x-k8s.io',
      ],
    );
    assert.ok(crds.items.every((c) => c.spec === undefined));
    const crdRequests = server.requests.filter((r) => r.path.endsWith('/customresourcedefinitions'));
    assert.ok(crdRequests.every((r) => r.accept === METADATA_ACCEPT));
  });

  test('kubelet configz: one node per node group, Fargate skipped', () => {
    const configz = server.requests.filter((r) => r.path.endsWith('/proxy/configz')).map((r) => r.path);
    assert.deepEqual(configz.sort(), [
      '/api/v1/nodes/ip-10-0-1-1.ec2.internal/proxy/configz',
      '/api/v1/nodes/ip-10-0-2-1.ec2.internal/proxy/configz',
    ]);
    const k = result.kubernetes.kubeletConfigs;
    assert.equal(k?.status, 'collected');
    if (k?.status !== 'collected') return;
    assert.deepEqual(
      k.items.map((s) => [s.group, s.node, s.config.readOnlyPort]),
      [
        ['nodegroup/ng-a', 'ip-10-0-1-1.ec2.internal', 0],
        ['nodegroup/ng-b', 'ip-10-0-2-1.ec2.internal', 10255],
      ],
    );
  });

  test('progress reports each inventory start and end', () => {
    assert.ok(progress.includes('pods:start'));
    assert.ok(progress.includes('pods:done'));
    assert.ok(progress.includes('kubelet-config:done'));
    assert.equal(progress.filter((p) => p.endsWith(':done')).length, LIST_RESOURCES.length + 1);
  });

  test('the fixture has enough pods to need several pages', () => {
    assert.ok(fixture.objects.filter((o) => o.kind === 'Pod').length > 2);
  });
});

test('kubelet configz is opt-in: without it no node proxy request is sent', needs('openssl'), async () => {
  const server = await startFixtureServer();
  try {
    const result = await collectKubernetes(kubeConfigFor(server), fast);
    assert.ok(!server.requests.some((r) => r.path.includes('/proxy/')));
    const k = result.kubernetes.kubeletConfigs;
    assert.equal(k?.status, 'not-collected');
    if (k?.status === 'not-collected') assert.equal(k.permission, 'get nodes/proxy');
    // The default page size is 500: one request per inventory for this small cluster.
    assert.equal(result.requestCount, LIST_RESOURCES.length);
  } finally {
    await server.close();
  }
});

test(
  'Secret metadata is opt-in: without it no Secret request is sent, and its checks say how to opt in',
  needs('openssl'),
  async () => {
    const server = await startFixtureServer();
    try {
      const result = await collectKubernetes(kubeConfigFor(server), { ...fast, secretMetadata: false });
      assert.ok(!server.requests.some((r) => /\/secrets(\/|$|\?)/.test(r.path)), 'no request for Secrets');
      const secrets = result.kubernetes.inventories.secrets;
      assert.equal(secrets?.status, 'not-collected');
      if (secrets?.status === 'not-collected') {
        assert.equal(secrets.permission, 'list secrets');
        assert.match(secrets.reason, /not requested \(opt-in: --secret-metadata or scan\.secretMetadata/);
      }
      assert.deepEqual(result.gaps, [], 'not asking is not a failure of the collection');
      assert.equal(result.requestCount, LIST_RESOURCES.length - 1);

      const snapshot = snapshotFromObjects({
        cluster: {
          name: 'c',
          arn: null,
          region: null,
          accountId: null,
          kubernetesVersion: '1.31',
          source: 'kubeconfig',
        },
        objects: [],
      }).snapshot;
      snapshot.kubernetes = result.kubernetes;
      const results = evaluate(snapshot, { generatedAt: '2026-03-02T06:00:00.000Z' });
      const byId = new Map(results.checks.map((c) => [c.id, c]));
      for (const id of ['secrets-legacy-sa-tokens', 'secrets-unused-secrets']) {
        assert.equal(byId.get(id)?.status, 'not-assessed', id);
        assert.match(byId.get(id)?.reason ?? '', /--secret-metadata.*\(needs list secrets\)/, id);
      }
      // Checks that also read other kinds judge those and say what they did not look at.
      const ns = byId.get('namespaces-default-unused');
      assert.notEqual(ns?.status, 'not-assessed');
      assert.match(ns?.reason ?? '', /^not looked at: secrets \(Secret metadata was not requested/);
      assert.ok(results.gaps.some((g) => g.source === 'secrets' && /--secret-metadata/.test(g.reason)));
      const source = results.sources?.find((s) => s.id === 'secrets');
      assert.equal(source?.status, 'not-collected');
      assert.equal(source?.permission, 'list secrets');
    } finally {
      await server.close();
    }
  },
);

test('gzip responses are decoded', needs('openssl'), async () => {
  const server = await startFixtureServer({ gzip: true });
  try {
    const result = await collectKubernetes(kubeConfigFor(server), fast);
    const pods = result.kubernetes.inventories.pods;
    assert.equal(pods?.status === 'collected' && pods.items.length, countOf('Pod'));
    assert.deepEqual(result.gaps, []);
    assert.ok(server.requests.length > 0);
  } finally {
    await server.close();
  }
});

test('policies served only when installed (Cilium, Calico, Kyverno, Gatekeeper, VAP): none on 404, a gap on 403', async () => {
  // ValidatingAdmissionPolicies share their group with the webhook configurations: their 404 is in faults.test.ts.
  const policyInventories = LIST_RESOURCES.filter((r) => r.servedByCrd && r.group !== 'admissionregistration.k8s.io');
  for (const inv of ['ciliumnetworkpolicies', 'calicoglobalnetworkpolicies', 'kyvernoclusterpolicies'] as const)
    assert.ok(
      policyInventories.some((r) => r.inventory === inv),
      inv,
    );
  assert.ok(policyInventories.some((r) => r.group === 'constraints.gatekeeper.sh'));
  const absent = await startFixtureServer({ unservedGroups: [...new Set(policyInventories.map((r) => r.group))] });
  try {
    const result = await collectKubernetes(kubeConfigFor(absent), fast);
    for (const r of policyInventories) {
      assert.deepEqual(result.kubernetes.inventories[r.inventory], { status: 'collected', items: [] }, r.inventory);
    }
    assert.deepEqual(result.gaps, []);
  } finally {
    await absent.close();
  }
  const kyvernoForbidden = await startFixtureServer({
    faults: [{ path: '/apis/kyverno.io/v1/clusterpolicies', fault: { type: 'status', status: 403 } }],
  });
  try {
    const result = await collectKubernetes(kubeConfigFor(kyvernoForbidden), fast);
    const cp = result.kubernetes.inventories.kyvernoclusterpolicies;
    assert.equal(cp?.status, 'not-collected');
    if (cp?.status === 'not-collected') assert.equal(cp.permission, 'list clusterpolicies.kyverno.io');
    // The constraints of an installed Gatekeeper library template are listed at their own path.
    assert.equal(result.kubernetes.inventories.gatekeeperhostnamespaces?.status, 'collected');
  } finally {
    await kyvernoForbidden.close();
  }
  const forbidden = await startFixtureServer({
    faults: [{ path: '/apis/cilium.io/v2/ciliumnetworkpolicies', fault: { type: 'status', status: 403 } }],
  });
  try {
    const result = await collectKubernetes(kubeConfigFor(forbidden), fast);
    const cnp = result.kubernetes.inventories.ciliumnetworkpolicies;
    assert.equal(cnp?.status, 'not-collected');
    if (cnp?.status === 'not-collected') assert.equal(cnp.permission, 'list ciliumnetworkpolicies.cilium.io');
    assert.ok(result.gaps.some((g) => g.source === 'kubernetes/ciliumnetworkpolicies'));
  } finally {
    await forbidden.close();
  }
});
