import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_COLLECTED_AT, DEMO_HISTORY, loadDemoHistory, loadDemoSnapshot } from '../../functions/demo/index.js';
import { readDemoManifests } from '../../functions/demo/load.js';
import { AWS_FACT_NAMES } from '../../functions/model/aws-facts.js';
import { POD_SPEC_PATH } from '../../functions/model/kinds.js';
import { sampleNodes } from '../../functions/model/kubelet-sampling.js';
import type { KubeInventory, KubeObject, Snapshot } from '../../functions/model/snapshot.js';
import { evaluate } from '../../functions/scoring/evaluate.js';

function items(snapshot: Snapshot, inventory: KubeInventory): KubeObject[] {
  const inv = snapshot.kubernetes.inventories[inventory];
  assert.equal(inv?.status, 'collected', `${inventory} should be collected`);
  return inv?.status === 'collected' ? inv.items : [];
}

function allObjects(snapshot: Snapshot): KubeObject[] {
  return Object.values(snapshot.kubernetes.inventories).flatMap((inv) =>
    inv?.status === 'collected' ? inv.items : [],
  );
}

function named(snapshot: Snapshot, inventory: KubeInventory, namespace: string | null, name: string) {
  return items(snapshot, inventory).find(
    (o) => o.metadata.name === name && (o.metadata.namespace ?? null) === namespace,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: walks API-shaped data
function at(obj: any, dotted: string): any {
  return dotted.split('.').reduce((cur, key) => (cur && typeof cur === 'object' ? cur[key] : undefined), obj);
}

/** Kubernetes and AWS content without the run date, to compare two runs. */
const content = (s: Snapshot) => JSON.stringify({ kubernetes: s.kubernetes, aws: s.aws });

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

describe('demo snapshot', () => {
  const snapshot = loadDemoSnapshot({ collectedAt: DEMO_COLLECTED_AT });

  test('loads as the demo cluster prod-eu-west-1 at a fixed time', () => {
    assert.equal(snapshot.snapshotVersion, 1);
    assert.equal(snapshot.cluster.name, 'prod-eu-west-1');
    assert.equal(snapshot.cluster.source, 'demo');
    assert.equal(snapshot.cluster.arn, 'arn:aws:eks:eu-west-1:111122223333:cluster/prod-eu-west-1');
    assert.equal(snapshot.cluster.kubernetesVersion, '1.31');
    assert.equal(snapshot.collectedAt, DEMO_COLLECTED_AT);
    assert.equal(snapshot.collector.mode, 'demo');
    assert.deepEqual(snapshot.gaps, []);
  });

  test('every manifest document went to an inventory (none skipped)', () => {
    const documents = readDemoManifests().length;
    assert.ok(documents >= 60, `expected a realistic cluster, got ${documents} objects`);
    assert.equal(allObjects(snapshot).length, documents);
  });

  test('object uids are unique and controller ownerReferences point at objects in the snapshot', () => {
    const objects = allObjects(snapshot);
    const uids = objects.map((o) => o.metadata.uid);
    assert.ok(uids.every((u) => typeof u === 'string' && u.length === 36));
    assert.equal(new Set(uids).size, uids.length);
    const byUid = new Map(objects.map((o) => [o.metadata.uid, o]));
    for (const o of objects) {
      for (const ref of o.metadata.ownerReferences ?? []) {
        if (ref.kind === 'ExternalSecret') continue; // a custom resource, not listed by the collector
        const owner = byUid.get(ref.uid);
        assert.ok(owner, `${o.kind} ${o.metadata.name}: owner ${ref.kind} ${ref.name} is missing`);
        assert.equal(owner.kind, ref.kind);
        assert.equal(owner.metadata.name, ref.name);
      }
    }
  });

  test('redaction held: no Secret data, no ConfigMap values, no env literals', () => {
    for (const secret of items(snapshot, 'secrets')) {
      assert.equal(secret.data, undefined, `Secret ${secret.metadata.name} kept data`);
      assert.equal(secret.stringData, undefined);
    }
    for (const cm of items(snapshot, 'configmaps')) assert.equal(cm.data, undefined);
    let envVars = 0;
    for (const o of allObjects(snapshot)) {
      const spec = at(o, POD_SPEC_PATH[o.kind] ?? '');
      if (!spec) continue;
      for (const list of ['containers', 'initContainers', 'ephemeralContainers']) {
        for (const c of spec[list] ?? []) {
          for (const e of c.env ?? []) {
            envVars++;
            assert.ok(!('value' in e), `${o.kind} ${o.metadata.name}: env ${e.name} kept its literal value`);
          }
        }
      }
    }
    assert.ok(envVars > 20, 'the demo should exercise redaction on many env vars');
    const text = JSON.stringify(snapshot);
    for (const literal of [
      'AKIAIOSFODNN7EXAMPLE',
      'not-a-real-password',
      'REDACTED-IN-DEMO',
      'last-applied-configuration',
    ]) {
      assert.ok(!text.includes(literal), `snapshot still contains ${literal}`);
    }
  });

  test('the literal AWS access key survives only as a fact', () => {
    const worker = named(snapshot, 'deployments', 'orders', 'orders-worker');
    const env = at(worker, 'spec.template.spec.containers')[0].env;
    const key = env.find((e: { name: string }) => e.name === 'AWS_ACCESS_KEY_ID');
    assert.equal(key.valueFact, 'aws-access-key');
    const config = named(snapshot, 'configmaps', 'orders', 'orders-config');
    assert.equal(config?.dataFacts.SMTP_PASSWORD, 'password-like');
  });

  test('kube-system holds the EKS add-ons', () => {
    for (const name of ['aws-node', 'kube-proxy', 'ebs-csi-node']) {
      assert.ok(named(snapshot, 'daemonsets', 'kube-system', name), `DaemonSet ${name}`);
    }
    for (const name of ['coredns', 'ebs-csi-controller']) {
      assert.ok(named(snapshot, 'deployments', 'kube-system', name), `Deployment ${name}`);
    }
    const awsNode = named(snapshot, 'daemonsets', 'kube-system', 'aws-node');
    const podSpec = at(awsNode, 'spec.template.spec');
    assert.equal(podSpec.hostNetwork, true);
    assert.equal(podSpec.initContainers[0].securityContext.privileged, true);
    assert.ok(podSpec.containers.some((c: { image: string }) => c.image.includes('aws-network-policy-agent')));
  });

  test('controller-owned Pods exist, folded under Deployments, StatefulSets and Jobs', () => {
    const owned = items(snapshot, 'pods').filter((p) => p.metadata.ownerReferences?.some((r) => r.controller));
    const ownerKinds = new Set(owned.map((p) => p.metadata.ownerReferences?.[0]?.kind));
    assert.deepEqual([...ownerKinds].sort(), ['DaemonSet', 'Job', 'ReplicaSet', 'StatefulSet']);
    const coredns = owned.filter((p) => p.metadata.name.startsWith('coredns-'));
    assert.equal(coredns.length, 2);
    const job = named(snapshot, 'jobs', 'batch', 'nightly-report-29328600');
    assert.equal(job?.metadata.ownerReferences?.[0]?.kind, 'CronJob');
  });

  test('mixes good and bad practice', () => {
    const debug = named(snapshot, 'pods', 'default', 'debug-shell');
    assert.equal(debug?.spec.containers[0].securityContext.privileged, true);
    const payments = named(snapshot, 'namespaces', null, 'payments');
    assert.equal(payments?.metadata.labels?.['pod-security.kubernetes.io/enforce'], 'restricted');
    const batch = named(snapshot, 'namespaces', null, 'batch');
    assert.equal(batch?.metadata.labels?.['pod-security.kubernetes.io/enforce'], undefined);
    const policyNamespaces = new Set(items(snapshot, 'networkpolicies').map((p) => p.metadata.namespace));
    assert.ok(policyNamespaces.has('payments') && policyNamespaces.has('data') && !policyNamespaces.has('batch'));
    const storage = items(snapshot, 'storageclasses').map((sc) => [sc.metadata.name, sc.parameters?.encrypted]);
    assert.deepEqual(storage, [
      ['gp3', 'true'],
      ['gp2', undefined],
    ]);
    const addresses = items(snapshot, 'nodes').map((n) => n.status.addresses.map((a: { type: string }) => a.type));
    assert.equal(addresses.filter((types) => types.includes('ExternalIP')).length, 1);
    const managers = new Set(allObjects(snapshot).flatMap((o) => (o.metadata.managers ?? []).map((m) => m.manager)));
    for (const m of ['argocd-controller', 'helm', 'kubectl-edit', 'kubectl-client-side-apply'])
      assert.ok(managers.has(m), m);
    const secretTypes = new Set(items(snapshot, 'secrets').map((s) => s.type));
    assert.ok(secretTypes.has('kubernetes.io/service-account-token') && secretTypes.has('helm.sh/release.v1'));
  });

  test('aws-auth is kept as a mapping, with an admin role in system:masters', () => {
    const awsAuth = snapshot.kubernetes.awsAuth;
    assert.equal(awsAuth?.status, 'collected');
    const mappings = awsAuth?.status === 'collected' ? awsAuth.items : [];
    const admin = mappings.find((m) => m.arn === 'arn:aws:iam::111122223333:role/Admin');
    assert.deepEqual(admin?.groups, ['system:masters']);
    assert.ok(mappings.some((m) => m.type === 'user'));
  });

  test('the AWS side carries every documented fact as collected', () => {
    // Every fact the AWS-side collectors produce, so every AWS check gets a verdict in the demo.
    const facts: string[] = [...AWS_FACT_NAMES];
    assert.deepEqual(Object.keys(snapshot.aws).sort(), [...facts].sort());
    for (const fact of facts) assert.equal(snapshot.aws[fact]?.status, 'collected', fact);
    const cluster = snapshot.aws.cluster?.status === 'collected' ? snapshot.aws.cluster.value : {};
    assert.deepEqual(cluster.resourcesVpcConfig.publicAccessCidrs, ['0.0.0.0/0']);
    assert.equal(cluster.accessConfig.authenticationMode, 'API_AND_CONFIG_MAP');
    assert.equal(cluster.arn, snapshot.cluster.arn);
    assert.equal(cluster.version, snapshot.cluster.kubernetesVersion);
    assert.equal(cluster.platformVersion, snapshot.cluster.platformVersion);
    const addonsFact = snapshot.aws.addons;
    const addons = addonsFact?.status === 'collected' && 'value' in addonsFact ? addonsFact.value : [];
    const cni = addons.find((a: { addonName: string }) => a.addonName === 'vpc-cni');
    assert.equal(JSON.parse(cni.configurationValues).enableNetworkPolicy, 'true');
  });

  test('kubelet configs: the nodes and groups the collector samples, one with the read-only port open', () => {
    const samples = snapshot.kubernetes.kubeletConfigs;
    assert.equal(samples?.status, 'collected');
    const list = samples?.status === 'collected' ? samples.items : [];
    // What the real collector would read from the demo's node list, named as it names them (nodegroup/…).
    const collected = sampleNodes(items(snapshot, 'nodes'));
    assert.ok(collected.length > 1);
    assert.deepEqual(
      list.map((s) => ({ node: s.node, group: s.group })),
      collected,
    );
    assert.deepEqual(
      list.map((s) => s.config.readOnlyPort ?? 0),
      [10255, 0],
    );
  });

  test('each call returns an independent copy', () => {
    const again = loadDemoSnapshot();
    items(again, 'pods').length = 0;
    assert.ok(items(loadDemoSnapshot(), 'pods').length > 0);
  });
});

describe('demo history', () => {
  const current = loadDemoSnapshot({ collectedAt: DEMO_COLLECTED_AT });
  const history = loadDemoHistory({ collectedAt: DEMO_COLLECTED_AT });

  test('has at least four weekly runs, oldest first, ending a week before today', () => {
    assert.ok(history.length >= 4);
    const times = history.map((h) => Date.parse(h.generatedAt));
    for (let i = 1; i < times.length; i++) assert.equal(times[i] - times[i - 1], WEEK_MS);
    assert.equal(Date.parse(current.collectedAt) - times[times.length - 1], WEEK_MS);
    for (const h of history) assert.equal(h.snapshot.collectedAt, h.generatedAt);
  });

  test('every run differs from today and from its neighbours', () => {
    const all = [...history.map((h) => content(h.snapshot)), content(current)];
    for (let i = 1; i < all.length; i++) assert.notEqual(all[i], all[i - 1], `run ${i} equals run ${i - 1}`);
    for (const h of history) assert.notEqual(content(h.snapshot), content(current));
  });

  test('every named change really changes the snapshot on its own', () => {
    const changes = new Set(DEMO_HISTORY.flatMap((w) => w.changes));
    assert.ok(changes.size >= 8);
    for (const change of changes) {
      const copy = structuredClone(current);
      change.apply(copy);
      assert.notEqual(content(copy), content(current), change.describe);
    }
  });

  test('since last week something is new and something is fixed', () => {
    const lastWeek = history[history.length - 1].snapshot;
    assert.equal(named(lastWeek, 'pods', 'default', 'debug-shell'), undefined, 'debug-shell should be new this week');
    assert.ok(named(current, 'pods', 'default', 'debug-shell'));
    const kubelet = (s: Snapshot) =>
      s.kubernetes.kubeletConfigs?.status === 'collected'
        ? s.kubernetes.kubeletConfigs.items.find((k) => k.group === 'nodegroup/batch-bottlerocket')?.config
        : undefined;
    assert.equal(kubelet(lastWeek)?.authentication.anonymous.enabled, true);
    assert.equal(kubelet(current)?.authentication.anonymous.enabled, false);
  });

  test('four weeks ago payments ran privileged in every object of its Deployment', () => {
    const oldest = history[0].snapshot;
    const privileged = ['deployments', 'replicasets', 'pods'].flatMap((inv) =>
      items(oldest, inv as KubeInventory)
        .filter((o) => o.metadata.namespace === 'payments')
        .filter((o) => at(o, POD_SPEC_PATH[o.kind]).containers[0].securityContext.privileged === true),
    );
    assert.deepEqual(privileged.map((o) => o.kind).sort(), ['Deployment', 'Pod', 'ReplicaSet']);
    assert.equal(named(oldest, 'networkpolicies', 'storefront', 'web-allow-http'), undefined);
    const paymentsNow = named(current, 'deployments', 'payments', 'payments-api');
    assert.equal(at(paymentsNow, 'spec.template.spec').containers[0].securityContext.privileged, false);
  });

  test('scored with the real checks, the trend improves with a dip and last week differs both ways', () => {
    const results = [...history.map((h) => h.snapshot), current].map((s) => evaluate(s));
    const scores = results.map((r) => r.summary.score);
    assert.ok(scores[scores.length - 1] > scores[0], `scores ${scores.join(', ')} should improve`);
    assert.ok(
      scores.some((score, i) => i > 0 && score < scores[i - 1]),
      `scores ${scores.join(', ')} should dip once`,
    );
    const failing = (i: number) => new Set(results[i].checks.filter((c) => c.status === 'fail').map((c) => c.id));
    const before = failing(results.length - 2);
    const now = failing(results.length - 1);
    assert.ok(
      [...now].some((id) => !before.has(id)),
      'something should be new since last week',
    );
    assert.ok(
      [...before].some((id) => !now.has(id)),
      'something should be fixed since last week',
    );
  });

  test('history does not change the current snapshot', () => {
    assert.equal(content(loadDemoSnapshot({ collectedAt: DEMO_COLLECTED_AT })), content(current));
  });
});

describe('demo timeline', () => {
  test('a run at any date keeps every verdict and moves every date by the same amount', async () => {
    const { evaluate } = await import('../../functions/scoring/evaluate.js');
    const { DEMO_COLLECTED_AT, loadDemoSnapshot } = await import('../../functions/demo/index.js');
    const base = loadDemoSnapshot({ collectedAt: DEMO_COLLECTED_AT });
    const later = loadDemoSnapshot({ collectedAt: '2027-03-01T09:30:00.000Z' });
    assert.equal(later.collectedAt, '2027-03-01T09:30:00.000Z');
    const verdicts = (s: typeof base) =>
      evaluate(s, { generatedAt: s.collectedAt }).checks.map((c) => `${c.id}:${c.status}:${c.failing.length}`);
    assert.deepEqual(verdicts(later), verdicts(base));
    const version = (s: typeof base) => {
      const fact = s.aws.clusterVersion;
      return fact?.status === 'collected' && 'value' in fact ? fact.value.endOfStandardSupportDate : undefined;
    };
    const shift = Date.parse(later.collectedAt) - Date.parse(base.collectedAt);
    assert.equal(Date.parse(String(version(later))) - Date.parse(String(version(base))), shift);
  });

  test('shiftDates moves ISO dates and date-times and leaves other strings alone', async () => {
    const { shiftDates } = await import('../../functions/demo/index.js');
    const day = 86_400_000;
    assert.deepEqual(shiftDates({ a: '2025-01-01', b: ['2025-01-01T10:00:00Z'], c: '1.31.11-20250915', d: 3 }, day), {
      a: '2025-01-02',
      b: ['2025-01-02T10:00:00.000Z'],
      c: '1.31.11-20250915',
      d: 3,
    });
  });
});
