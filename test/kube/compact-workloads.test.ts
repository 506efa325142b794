import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateCluster, type RawObject, syntheticClusterIdentity } from '../../bench/synthetic-cluster.js';
import { collectKubernetes, type KubernetesCollection } from '../../functions/kube/collector.js';
import { compactControlledWorkload, normalizeObject } from '../../functions/kube/normalize.js';
import type { KubeInventory, KubeObject, Snapshot } from '../../functions/model/snapshot.js';
import { imageUrisOf } from '../../functions/run/aws-side.js';
import { evaluate } from '../../functions/scoring/evaluate.js';
import { type FakeKubeServer, startFakeKubeApi } from '../support/fake-kube-api.js';
import { needs } from '../support/tools.js';
import { kubeConfigFor, TOKEN } from './helpers.js';

const fast = { retries: 2, backoffMs: 10, requestTimeoutMs: 10_000, pageSize: 100, secretMetadata: true };
const GENERATED_AT = '2026-01-05T09:00:00.000Z';
const CLUSTER = { seed: 4242, pods: 600 };

/** Pods the generator does not make: owners that must NOT let a pod be compacted. */
function edgeCasePods(): RawObject[] {
  const pod = (name: string, ownerReferences: unknown[]) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'edge', ownerReferences },
    spec: { containers: [{ name: 'app', image: 'nginx:latest', securityContext: { privileged: true } }] },
  });
  const rs = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'present', namespace: 'edge' },
    spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } },
  };
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'edge' } },
    rs,
    // Owned by a present ReplicaSet, but not as its controller: evaluated as a pod.
    pod('not-controller', [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'present', controller: false }]),
    // `controller` absent counts as not a controller once normalised.
    pod('controller-unset', [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'present' }]),
    // A controller that is not in the cluster.
    pod('owner-absent', [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'gone', controller: true }]),
    // A controller of another kind with the same name.
    pod('other-kind', [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'present', controller: true }]),
    // The real thing: compacted. It mounts a Secret and a ConfigMap its ReplicaSet's template does not name.
    {
      ...pod('controlled', [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'present', controller: true }]),
      spec: {
        containers: [{ name: 'app', image: 'nginx:latest', securityContext: { privileged: true } }],
        volumes: [
          { name: 'creds', secret: { secretName: 'pod-only-secret' } },
          { name: 'conf', configMap: { name: 'pod-only-config' } },
        ],
      },
    },
    // Named by the Pod only; and a near miss that nothing names.
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pod-only-secret', namespace: 'edge' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pod-only-config', namespace: 'edge' } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pod-only-secret-old', namespace: 'edge' } },
  ];
}

function snapshotOf(collection: KubernetesCollection): Snapshot {
  return {
    snapshotVersion: 1,
    cluster: syntheticClusterIdentity({ ...CLUSTER, clusterName: 'compact-test' }),
    collectedAt: GENERATED_AT,
    collector: { name: 'eks-compliance-reporter', version: 'test', mode: 'kubeconfig' },
    kubernetes: collection.kubernetes,
    aws: {},
    gaps: collection.gaps,
  };
}

function itemsOf(collection: KubernetesCollection, inventory: KubeInventory): KubeObject[] {
  const inv = collection.kubernetes.inventories[inventory];
  return inv?.status === 'collected' ? inv.items : [];
}

/** Everything a verdict consists of, without the run's id and time. */
function verdicts(collection: KubernetesCollection) {
  const results = evaluate(snapshotOf(collection), { generatedAt: GENERATED_AT });
  return { summary: results.summary, frameworks: results.frameworks, checks: results.checks };
}

describe('compact controlled workloads', needs('openssl'), () => {
  let server: FakeKubeServer;
  let compact: KubernetesCollection;
  let full: KubernetesCollection;

  before(async () => {
    const objects = [...generateCluster(CLUSTER), ...edgeCasePods()];
    server = await startFakeKubeApi({ objects, token: TOKEN });
    // One worker: the owners-first order must still finish (nothing waits on a list that never starts).
    compact = await collectKubernetes(kubeConfigFor(server), { ...fast, concurrency: 1 });
    full = await collectKubernetes(kubeConfigFor(server), { ...fast, compactControlledWorkloads: false });
  });
  after(() => server.close());

  test('most pods, ReplicaSets and Jobs are kept compact, and only those', () => {
    const trimmed = (inv: KubeInventory) => itemsOf(compact, inv).filter((o) => o.podSpecTrimmed === true).length;
    assert.ok(trimmed('pods') > itemsOf(compact, 'pods').length * 0.8, `${trimmed('pods')} pods trimmed`);
    assert.ok(trimmed('replicasets') > 0);
    assert.ok(trimmed('jobs') > 0);
    for (const inv of ['deployments', 'cronjobs', 'daemonsets', 'statefulsets'] as const) assert.equal(trimmed(inv), 0);
    for (const inv of ['pods', 'replicasets', 'jobs'] as const)
      assert.equal(full.kubernetes.inventories[inv]?.status, 'collected');
    assert.ok(Object.values(full.kubernetes.inventories).every((inv) => inv?.status === 'collected'));
    assert.ok(itemsOf(full, 'pods').every((p) => p.podSpecTrimmed === undefined));
    assert.ok(JSON.stringify(compact.kubernetes).length < JSON.stringify(full.kubernetes).length * 0.7);
  });

  test('replicas that keep the same fields share one spec', () => {
    const trimmed = itemsOf(compact, 'pods').filter((p) => p.podSpecTrimmed === true);
    const specs = new Set(trimmed.map((p) => p.spec));
    assert.ok(specs.size < trimmed.length / 3, `${specs.size} specs for ${trimmed.length} pods`);
    // Shared only when equal: every pod's spec is the one the compaction of its own object gives.
    const byJson = new Map(trimmed.map((p) => [JSON.stringify(p.spec), p.spec]));
    assert.equal(byJson.size, specs.size);
  });

  test('the same objects are collected either way', () => {
    const names = (c: KubernetesCollection) =>
      Object.entries(c.kubernetes.inventories).map(([inv, v]) => [
        inv,
        v?.status === 'collected' ? v.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort() : v,
      ]);
    assert.deepEqual(names(compact), names(full));
  });

  test('an owner that is not a collected controller never lets a pod be compacted', () => {
    const edge = new Map(
      itemsOf(compact, 'pods')
        .filter((p) => p.metadata.namespace === 'edge')
        .map((p) => [p.metadata.name, p.podSpecTrimmed === true]),
    );
    assert.deepEqual(Object.fromEntries(edge), {
      'not-controller': false,
      'controller-unset': false,
      'owner-absent': false,
      'other-kind': false,
      controlled: true,
    });
  });

  test('every verdict is identical with and without compaction', () => {
    const a = verdicts(compact);
    const b = verdicts(full);
    assert.ok(
      a.checks.some((c) => c.status === 'fail' && c.failing.length > 0),
      'the cluster has findings',
    );
    assert.deepEqual(a, b);
  });

  test('a kept-compact Pod that differs from its controller is judged at the Pod, as the whole Pod is', () => {
    // edge/controlled runs nginx:latest privileged; its ReplicaSet's template runs nginx:1.27 unprivileged.
    const atPod = (c: KubernetesCollection) =>
      evaluate(snapshotOf(c), { generatedAt: GENERATED_AT })
        .checks.find((check) => check.id === 'pod-privileged-container')
        ?.failing.filter((f) => f.namespace === 'edge' && f.name === 'controlled');
    const found = atPod(compact);
    assert.equal(itemsOf(compact, 'pods').find((p) => p.metadata.name === 'controlled')?.podSpecTrimmed, true);
    assert.deepEqual(
      found?.map((f) => [f.kind, f.path, f.differsFromController?.controller]),
      [['Pod', 'spec.containers[0].securityContext.privileged', { kind: 'ReplicaSet', name: 'present' }]],
    );
    assert.deepEqual(found, atPod(full));
  });

  test('a Secret or ConfigMap that only a kept-compact Pod mounts is used', () => {
    const unusedInEdge = (c: KubernetesCollection, id: string) =>
      evaluate(snapshotOf(c), { generatedAt: GENERATED_AT })
        .checks.find((check) => check.id === id)
        ?.failing.filter((f) => f.namespace === 'edge')
        .map((f) => `${f.kind} ${f.name}`);
    assert.equal(itemsOf(compact, 'pods').find((p) => p.metadata.name === 'controlled')?.podSpecTrimmed, true);
    assert.deepEqual(unusedInEdge(compact, 'secrets-unused-secrets'), ['Secret pod-only-secret-old']);
    assert.deepEqual(unusedInEdge(compact, 'secrets-unused-configmaps'), []);
    assert.deepEqual(unusedInEdge(full, 'secrets-unused-secrets'), ['Secret pod-only-secret-old']);
  });

  test('the images the AWS side looks up are the same', () => {
    const uris = (c: KubernetesCollection) => imageUrisOf(snapshotOf(c)).sort();
    assert.ok(uris(full).length > 0);
    assert.deepEqual(uris(compact), uris(full));
  });
});

test(
  'a controller list that fails compacts nothing it owns, and the verdicts still match',
  needs('openssl'),
  async () => {
    const objects = [...generateCluster({ seed: 7, pods: 200 })];
    const forbidden = { type: 'status' as const, status: 403, message: 'replicasets is forbidden' };
    const server = await startFakeKubeApi({
      objects,
      token: TOKEN,
      faults: [{ path: '/apis/apps/v1/replicasets', fault: forbidden }],
    });
    try {
      const compact = await collectKubernetes(kubeConfigFor(server), fast);
      const full = await collectKubernetes(kubeConfigFor(server), { ...fast, compactControlledWorkloads: false });
      assert.equal(compact.kubernetes.inventories.replicasets?.status, 'not-collected');
      const pods = itemsOf(compact, 'pods');
      const ownedByRs = pods.filter((p) => p.metadata.ownerReferences?.some((o) => o.kind === 'ReplicaSet'));
      assert.ok(ownedByRs.length > 0);
      assert.ok(
        ownedByRs.every((p) => p.podSpecTrimmed === undefined),
        'pods of an unlisted ReplicaSet keep their spec',
      );
      assert.ok(
        pods.some((p) => p.podSpecTrimmed === true),
        'pods of listed DaemonSets/Jobs are still compacted',
      );
      assert.deepEqual(verdicts(compact), verdicts(full));
    } finally {
      await server.close();
    }
  },
);

test('compacting a raw object and then normalising it equals normalising and then compacting', () => {
  let compared = 0;
  for (const raw of generateCluster({ seed: 11, pods: 120 })) {
    if (!['Pod', 'ReplicaSet', 'Job', 'CronJob', 'Deployment'].includes(raw.kind)) continue;
    const rawFirst = normalizeObject(compactControlledWorkload(structuredClone(raw) as KubeObject), 'raw');
    const normalizedFirst = compactControlledWorkload(normalizeObject(raw, 'normalised'));
    // As JSON (what a snapshot holds): normalising leaves a non-pod `status` present but undefined.
    const json = (o: KubeObject) => JSON.parse(JSON.stringify(o));
    assert.deepEqual(json(rawFirst), json(normalizedFirst), `${raw.kind} ${raw.metadata.name}`);
    // A Pod keeps the env entries the checks judge (Secret references, credential-like literals as their fact), never
    // a value; a ReplicaSet or Job keeps none.
    assert.equal(JSON.stringify(rawFirst).includes('"value"'), false, 'no env value survives');
    if (raw.kind !== 'Pod') assert.equal(JSON.stringify(rawFirst).includes('"env"'), false, 'no env entry survives');
    compared++;
  }
  assert.ok(compared > 100);
});
