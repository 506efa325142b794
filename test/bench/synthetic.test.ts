import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { BENCHMARKS } from '../../bench/benchmarks/index.js';
import { generateCluster, OBJECTS_PER_POD, syntheticSnapshot } from '../../bench/synthetic-cluster.js';
import { podPrivilegedContainer } from '../../functions/checks/pod-security/pod-privileged-container.js';
import { normalizeObject } from '../../functions/kube/normalize.js';
import { snapshotFromObjects } from '../../functions/model/build-snapshot.js';
import { podTemplates } from '../../functions/model/workloads.js';
import { needs } from '../support/tools.js';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A digest of the whole stream, so two runs can be compared without holding both. */
function digest(opts: Parameters<typeof generateCluster>[0]): string {
  const hash = createHash('sha256');
  for (const obj of generateCluster(opts)) hash.update(JSON.stringify(obj));
  return hash.digest('hex');
}

function countKinds(opts: Parameters<typeof generateCluster>[0]): { total: number; kinds: Map<string, number> } {
  const kinds = new Map<string, number>();
  let total = 0;
  for (const obj of generateCluster(opts)) {
    total++;
    kinds.set(obj.kind, (kinds.get(obj.kind) ?? 0) + 1);
  }
  return { total, kinds };
}

describe('synthetic cluster generator', () => {
  test('the same seed gives identical output; another seed gives different output', () => {
    const a = digest({ seed: 7, pods: 1_000 });
    assert.equal(digest({ seed: 7, pods: 1_000 }), a);
    assert.notEqual(digest({ seed: 8, pods: 1_000 }), a);
  });

  test('it is a lazy generator: the first object comes without generating the rest', () => {
    const it = generateCluster({ seed: 1, pods: 10_000_000 });
    const first = it.next();
    assert.equal(first.done, false);
    assert.equal(first.value.kind, 'Namespace');
    it.return(undefined);
  });

  for (const pods of [400, 5_000, 40_000]) {
    test(`${pods} pods: pod count as requested (±1%) and about ${OBJECTS_PER_POD} objects per pod`, () => {
      const { total, kinds } = countKinds({ seed: pods, pods });
      const podCount = kinds.get('Pod') ?? 0;
      assert.ok(Math.abs(podCount - pods) <= pods * 0.01, `${podCount} pods for ${pods} requested`);
      const perPod = total / pods;
      assert.ok(perPod > OBJECTS_PER_POD * 0.85 && perPod < OBJECTS_PER_POD * 1.15, `${perPod} objects per pod`);
      for (const kind of [
        'Namespace',
        'Node',
        'Deployment',
        'ReplicaSet',
        'StatefulSet',
        'DaemonSet',
        'CronJob',
        'Job',
        'Service',
        'ConfigMap',
        'Secret',
        'ServiceAccount',
        'Role',
        'RoleBinding',
        'ClusterRole',
        'ClusterRoleBinding',
        'NetworkPolicy',
      ]) {
        assert.ok((kinds.get(kind) ?? 0) > 0, `no ${kind} in a ${pods}-pod cluster`);
      }
    });
  }

  test('secrets are metadata only and carry no values', () => {
    for (const obj of generateCluster({ seed: 3, pods: 500 })) {
      if (obj.kind !== 'Secret') continue;
      assert.equal(obj.data, undefined, obj.metadata.name);
      assert.equal(obj.stringData, undefined, obj.metadata.name);
    }
  });

  test('every object normalises without error and lands in a known inventory', () => {
    const objects = [];
    let n = 0;
    for (const raw of generateCluster({ seed: 11, pods: 2_000 })) objects.push(normalizeObject(raw, `object ${n++}`));
    const { skipped } = snapshotFromObjects({
      cluster: { name: 't', arn: null, region: null, accountId: null, kubernetesVersion: null, source: 'snapshot' },
      objects,
    });
    assert.deepEqual(
      skipped.map((o) => o.kind),
      [],
    );
  });

  test('controller-owned pods have controller owner references that exist, and pod-template-hash labels', () => {
    const byKey = new Set<string>();
    const owned: { kind: string; ns: string; name: string; labels: Record<string, string>; owner: string }[] = [];
    for (const obj of generateCluster({ seed: 5, pods: 3_000 })) {
      byKey.add(`${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`);
      if (obj.kind !== 'Pod' || !obj.metadata.ownerReferences) continue;
      const [ref] = obj.metadata.ownerReferences;
      assert.equal(ref.controller, true);
      owned.push({
        kind: ref.kind,
        ns: obj.metadata.namespace,
        name: ref.name,
        labels: obj.metadata.labels,
        owner: `${ref.kind}/${obj.metadata.namespace}/${ref.name}`,
      });
    }
    assert.ok(owned.length > 2_500, `${owned.length} owned pods`);
    for (const o of owned) {
      assert.ok(byKey.has(o.owner), `owner ${o.owner} missing`);
      if (o.kind === 'ReplicaSet') assert.ok(o.name.endsWith(`-${o.labels['pod-template-hash']}`), o.name);
    }
  });

  test('syntheticSnapshot folds controller-owned pods into their controllers, and some pods break pod security', () => {
    const snapshot = syntheticSnapshot({ seed: 21, pods: 5_000 });
    const pods = snapshot.kubernetes.inventories.pods;
    assert.equal(pods?.status, 'collected');
    assert.equal(pods.status === 'collected' ? pods.items.length : 0, 5_000);
    const templates = podTemplates(snapshot);
    assert.ok(templates.length > 0);
    assert.ok(templates.length < 5_000 / 3, `${templates.length} templates for 5000 pods`);
    // Only bare pods remain as Pod templates.
    for (const t of templates.filter((t) => t.kind === 'Pod')) {
      assert.equal(t.object.metadata.ownerReferences, undefined, t.name);
    }
    const privileged = podPrivilegedContainer.evaluate(snapshot);
    assert.equal(privileged.status, 'fail');
    assert.ok(
      privileged.failing.some((f) => f.namespace !== 'kube-system'),
      'only system pods are privileged',
    );
  });
});

describe('npm run bench -- --quick', () => {
  test('writes a row for each benchmark id', {
    // A smoke run of every benchmark, including two Chromium prints and bundle builds: minutes on a busy machine.
    timeout: 300_000,
    ...needs('chromium', 'kubectl', 'openssl'),
  }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-test-'));
    try {
      const file = join(dir, 'bench.json');
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--json', file], {
        cwd: repoRoot,
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      });
      const doc = JSON.parse(await readFile(file, 'utf8')) as { results: Record<string, unknown>[] };
      const ids = doc.results.map((r) => r.id);
      assert.deepEqual([...ids].sort(), BENCHMARKS.map((b) => b.id).sort());
      for (const r of doc.results) {
        for (const key of ['id', 'value', 'unit', 'baseline', 'ratio', 'target'])
          assert.ok(key in r, `${r.id} has no ${key}`);
        assert.ok(!String(r.notes ?? '').startsWith('error:'), `${r.id}: ${r.notes}`);
      }
      const measured = doc.results.filter((r) =>
        [
          'evaluate-vs-parse',
          'scan-100k-pods-peak-rss',
          'render-100k-pods-peak-rss',
          'bundle-scan',
          'bundle-render',
          'bundle-report',
          'report-fleet-1000-peak-rss',
          'discover-organization',
        ].includes(String(r.id)),
      );
      for (const r of measured) assert.equal(typeof r.value, 'number', `${r.id} was not measured`);
      // The table on stdout names every id too.
      for (const id of ids) assert.match(stdout, new RegExp(`^${id}\\s`, 'm'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
