import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadManifests, readManifests } from '../../functions/manifests/load.js';
import type { KubeObject } from '../../functions/model/snapshot.js';
import { InputError } from '../../functions/snapshot/io.js';

const FIXTURES = 'test/fixtures/manifests';
const SHOP = join(FIXTURES, 'shop');
const SYNTAX_ERROR_YAML =
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\n  labels: {app: broken\ndata:\n  key: value\n';

async function rejectsWith(promise: Promise<unknown>, subject: string, problem: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof InputError, `expected InputError, got ${String(err)}`);
    assert.equal(err.subject, subject);
    assert.match(err.problem, problem);
    return true;
  });
}

function names(items: KubeObject[] | undefined): string[] {
  return (items ?? []).map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort();
}

describe('loadManifests on the shop fixture', () => {
  test('reads a folder recursively, sorted, with multi-doc, List and JSON files', async () => {
    const load = await readManifests([SHOP], 'shop');
    assert.deepEqual(
      load.files.map((f) => f.slice(SHOP.length + 1)),
      [
        'apps/clean/catalog.yaml',
        'apps/privileged-deployment.yaml',
        'list.yaml',
        'multi-doc.yaml',
        'namespaces.yaml',
        'root-shell.json',
        'system/hostpid-daemonset.yaml',
      ],
    );
    const inv = load.snapshot.kubernetes.inventories;
    const items = (k: keyof typeof inv) => {
      const i = inv[k];
      return i?.status === 'collected' ? i.items : undefined;
    };
    assert.deepEqual(names(items('deployments')), ['shop/catalog', 'shop/checkout', 'shop/legacy-worker']);
    assert.deepEqual(names(items('daemonsets')), ['platform/node-agent']);
    assert.deepEqual(names(items('pods')), ['platform/root-shell', 'shop/debug']);
    assert.deepEqual(names(items('namespaces')), ['/platform', '/shop']);
    assert.deepEqual(names(items('configmaps')), ['shop/checkout-settings']);
    assert.equal(load.objectCount, 13);
  });

  test('the snapshot is named, sourced "manifests" and every inventory counts as collected', async () => {
    const snapshot = await loadManifests([SHOP], 'shop-fixture');
    assert.equal(snapshot.cluster.name, 'shop-fixture');
    assert.equal(snapshot.cluster.source, 'manifests');
    assert.equal(snapshot.collector.mode, 'manifests');
    assert.equal(snapshot.kubernetes.inventories.secrets?.status, 'collected');
  });

  test('unknown kinds are skipped and counted in a note', async () => {
    const load = await readManifests([join(SHOP, 'list.yaml')], 'x');
    assert.deepEqual(load.skippedKinds, { Certificate: 1 });
    assert.deepEqual(load.notes, ['skipped 1 object of kinds the checks do not read: Certificate (1)']);
  });

  test('objects go through redaction: env literals become facts, ConfigMap values are dropped', async () => {
    const snapshot = await loadManifests([SHOP], 'shop');
    const deployments = snapshot.kubernetes.inventories.deployments;
    assert.ok(deployments?.status === 'collected');
    const checkout = deployments.items.find((d) => d.metadata.name === 'checkout');
    const env = checkout?.spec.template.spec.containers[0].env[0];
    assert.equal(env.value, undefined);
    assert.equal(env.valueFact, 'aws-access-key');
    assert.doesNotMatch(JSON.stringify(snapshot), /AKIAIOSFODNN7EXAMPLE/);
    const cms = snapshot.kubernetes.inventories.configmaps;
    assert.ok(cms?.status === 'collected');
    assert.equal(cms.items[0].data, undefined);
    assert.deepEqual(cms.items[0].dataKeys, ['LOG_LEVEL']);
  });

  test('several paths, files and folders mixed', async () => {
    const load = await readManifests([join(SHOP, 'root-shell.json'), join(SHOP, 'system')], 'x');
    assert.equal(load.files.length, 2);
    assert.equal(load.objectCount, 2);
  });
});

describe('readManifests records the file and line of every object', () => {
  const at = (load: Awaited<ReturnType<typeof readManifests>>, kind: string, namespace: string | null, name: string) =>
    load.sources.find({ kind, namespace, name });

  test('multi-document YAML, kind: List, nested folders and JSON, each at the line its object starts', async () => {
    const load = await readManifests([SHOP], 'shop');
    const expected: [string, string | null, string, string, number][] = [
      ['Service', 'shop', 'checkout', 'multi-doc.yaml', 1],
      ['Pod', 'shop', 'debug', 'multi-doc.yaml', 13],
      // After an empty (comment-only) document.
      ['ServiceAccount', 'shop', 'checkout', 'multi-doc.yaml', 27],
      ['Deployment', 'shop', 'legacy-worker', 'list.yaml', 4],
      ['ConfigMap', 'shop', 'checkout-settings', 'list.yaml', 22],
      // Skipped kinds are recorded too.
      ['Certificate', 'shop', 'shop-tls', 'list.yaml', 29],
      ['Pod', 'platform', 'root-shell', 'root-shell.json', 1],
      ['Namespace', null, 'shop', 'namespaces.yaml', 3],
      ['Namespace', null, 'platform', 'namespaces.yaml', 11],
      ['Deployment', 'shop', 'checkout', 'apps/privileged-deployment.yaml', 1],
      // Past the header comment, in a folder two levels down.
      ['Deployment', 'shop', 'catalog', 'apps/clean/catalog.yaml', 2],
      ['NetworkPolicy', 'shop', 'default-deny', 'apps/clean/catalog.yaml', 64],
      ['DaemonSet', 'platform', 'node-agent', 'system/hostpid-daemonset.yaml', 1],
    ];
    for (const [kind, namespace, name, file, line] of expected) {
      assert.deepEqual(at(load, kind, namespace, name), { file: join(SHOP, file), line }, `${kind} ${name}`);
    }
    assert.equal(load.sources.size, 14);
  });

  test('the file is recorded as given: a file named directly keeps its own path', async () => {
    const file = join(SHOP, 'system', 'hostpid-daemonset.yaml');
    const load = await readManifests([file], 'x');
    assert.deepEqual(at(load, 'DaemonSet', 'platform', 'node-agent'), { file, line: 1 });
  });

  test('an object without metadata.namespace is found under namespace null, as findings name it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'manifests-ns-'));
    try {
      const file = join(dir, 'pod.yaml');
      await writeFile(file, '# no namespace\nkind: Pod\nmetadata:\n  name: bare\n  namespace: ""\n');
      const load = await readManifests([file], 'x');
      assert.deepEqual(at(load, 'Pod', null, 'bare'), { file, line: 2 });
      assert.equal(at(load, 'Pod', 'default', 'bare'), undefined);
      assert.equal(at(load, 'Deployment', null, 'bare'), undefined);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('the same object in two files keeps the first file read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'manifests-dup-'));
    try {
      await writeFile(join(dir, 'a.yaml'), 'kind: Namespace\nmetadata: {name: twice}\n');
      await writeFile(join(dir, 'b.yaml'), '---\n\nkind: Namespace\nmetadata: {name: twice}\n');
      const load = await readManifests([dir], 'x');
      assert.deepEqual(at(load, 'Namespace', null, 'twice'), { file: join(dir, 'a.yaml'), line: 1 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('loadManifests errors', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'manifests-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('a missing path is named', async () => {
    const missing = join(dir, 'does-not-exist');
    await rejectsWith(loadManifests([SHOP, missing], 'x'), missing, /no such file or folder/);
  });

  test('a YAML syntax error names the file and line', async () => {
    // Written here rather than kept as a fixture: the linter parses YAML files in the tree.
    const file = join(dir, 'syntax-error.yaml');
    await writeFile(file, SYNTAX_ERROR_YAML);
    await rejectsWith(loadManifests([file], 'x'), file, /^line 6, column \d+: YAML syntax error/);
  });

  test('a document with no kind names the file and document number', async () => {
    const file = join(FIXTURES, 'invalid', 'no-kind.yaml');
    await rejectsWith(loadManifests([file], 'x'), `${file}, document 2`, /document has no kind/);
  });

  test('an object with no name', async () => {
    const file = join(dir, 'nameless.yaml');
    await writeFile(file, 'apiVersion: v1\nkind: Pod\nmetadata: {}\n');
    await rejectsWith(loadManifests([file], 'x'), file, /Pod has no metadata.name/);
  });

  test('a file of empty documents only: no objects found', async () => {
    const file = join(FIXTURES, 'invalid', 'empty.yaml');
    await rejectsWith(loadManifests([file], 'x'), file, /no Kubernetes objects found/);
  });

  test('a folder without manifest files', async () => {
    const empty = join(dir, 'empty-folder');
    await import('node:fs/promises').then((fs) => fs.mkdir(empty));
    await writeFile(join(empty, 'notes.txt'), 'kind: Pod');
    await rejectsWith(loadManifests([empty], 'x'), empty, /no \.yaml, \.yml or \.json files/);
  });

  test('hidden folders are not read', async () => {
    const root = join(dir, 'with-hidden');
    const fs = await import('node:fs/promises');
    await fs.mkdir(join(root, '.git'), { recursive: true });
    await writeFile(join(root, '.git', 'broken.yaml'), 'kind: [');
    await writeFile(join(root, 'ok.yml'), 'kind: Namespace\nmetadata: {name: ok}\n');
    const load = await readManifests([root], 'x');
    assert.deepEqual(load.files, [join(root, 'ok.yml')]);
  });

  test('no paths at all', async () => {
    await rejectsWith(loadManifests([], 'x'), 'PATH', /at least one/);
  });
});
