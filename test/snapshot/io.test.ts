import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { normalizeObject } from '../../functions/kube/normalize.js';
import { snapshotFromObjects } from '../../functions/model/build-snapshot.js';
import type { Snapshot } from '../../functions/model/snapshot.js';
import { InputError, readSnapshot, writeSnapshot } from '../../functions/snapshot/io.js';

function sampleSnapshot(): Snapshot {
  const pod = normalizeObject(
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { containers: [{ name: 'app', image: 'nginx:1.27', securityContext: { privileged: true } }] },
    },
    'test',
  );
  return snapshotFromObjects({
    cluster: {
      name: 'prod-eu-west-1',
      arn: null,
      region: 'eu-west-1',
      accountId: null,
      kubernetesVersion: '1.31',
      source: 'eks',
    },
    collectedAt: '2026-11-02T06:00:00.000Z',
    objects: [pod],
  }).snapshot;
}

async function rejectsWith(promise: Promise<unknown>, subject: string, problem: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof InputError, `expected InputError, got ${String(err)}`);
    assert.equal(err.subject, subject);
    assert.match(err.problem, problem);
    return true;
  });
}

describe('snapshot files', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'snapshot-io-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('round-trips as pretty JSON', async () => {
    const file = join(dir, 'nested', 'prod.json');
    const snapshot = sampleSnapshot();
    await writeSnapshot(file, snapshot);
    const text = await readFile(file, 'utf8');
    assert.ok(text.startsWith('{\n  "snapshotVersion": 1'), 'plain, indented JSON');
    assert.deepEqual(await readSnapshot(file), snapshot);
  });

  test('round-trips gzipped when the name ends in .gz', async () => {
    const file = join(dir, 'prod.json.gz');
    const snapshot = sampleSnapshot();
    await writeSnapshot(file, snapshot);
    const bytes = await readFile(file);
    assert.deepEqual([bytes[0], bytes[1]], [0x1f, 0x8b], 'gzip magic bytes');
    assert.equal(JSON.parse(gunzipSync(bytes).toString('utf8')).cluster.name, 'prod-eu-west-1');
    assert.deepEqual(await readSnapshot(file), snapshot);
  });

  test('detects gzip by content even without the .gz name', async () => {
    const file = join(dir, 'renamed.json');
    await writeFile(file, gzipSync(JSON.stringify(sampleSnapshot())));
    assert.equal((await readSnapshot(file)).cluster.name, 'prod-eu-west-1');
  });

  test('fills in aws and gaps left out by older writers', async () => {
    const file = join(dir, 'old.json');
    const { aws: _aws, gaps: _gaps, ...rest } = sampleSnapshot();
    await writeFile(file, JSON.stringify(rest));
    const read = await readSnapshot(file);
    assert.deepEqual(read.aws, {});
    assert.deepEqual(read.gaps, []);
  });

  test('a missing file names the file', async () => {
    const file = join(dir, 'absent.json');
    await rejectsWith(readSnapshot(file), file, /no such file/);
  });

  test('a file that is not JSON', async () => {
    const file = join(dir, 'notes.json');
    await writeFile(file, 'cluster: prod\n');
    await rejectsWith(readSnapshot(file), file, /^not JSON/);
  });

  test('a corrupt gzip file', async () => {
    const file = join(dir, 'corrupt.json.gz');
    await writeFile(file, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]));
    await rejectsWith(readSnapshot(file), file, /gzip/);
  });

  test('a wrong snapshotVersion', async () => {
    const file = join(dir, 'v2.json');
    await writeFile(file, JSON.stringify({ ...sampleSnapshot(), snapshotVersion: 2 }));
    await rejectsWith(readSnapshot(file), file, /unsupported snapshotVersion 2/);
  });

  test('missing keys are named', async () => {
    const cases: [unknown, RegExp][] = [
      [[1, 2], /expected a JSON object/],
      [{ cluster: { name: 'x' } }, /missing key "snapshotVersion"/],
      [{ snapshotVersion: 1, kubernetes: { inventories: {} } }, /missing key "cluster"/],
      [{ snapshotVersion: 1, cluster: {}, kubernetes: { inventories: {} } }, /missing key "cluster.name"/],
      [{ snapshotVersion: 1, cluster: { name: 'x' } }, /missing key "kubernetes"/],
      [{ snapshotVersion: 1, cluster: { name: 'x' }, kubernetes: {} }, /missing key "kubernetes.inventories"/],
      [
        { snapshotVersion: 1, cluster: { name: 'x' }, kubernetes: { inventories: { pods: { status: 'collected' } } } },
        /kubernetes\.inventories\.pods must be/,
      ],
    ];
    for (const [i, [doc, problem]] of cases.entries()) {
      const file = join(dir, `bad-${i}.json`);
      await writeFile(file, JSON.stringify(doc));
      await rejectsWith(readSnapshot(file), file, problem);
    }
  });

  test('a not-collected inventory is accepted as such', async () => {
    const file = join(dir, 'partial.json');
    const snapshot = sampleSnapshot();
    snapshot.kubernetes.inventories.secrets = { status: 'not-collected', reason: 'list secrets: 403 Forbidden' };
    await writeSnapshot(file, snapshot);
    assert.deepEqual((await readSnapshot(file)).kubernetes.inventories.secrets, {
      status: 'not-collected',
      reason: 'list secrets: 403 Forbidden',
    });
  });

  test('an unwritable path is an InputError naming it', async () => {
    const blocker = join(dir, 'a-file');
    await writeFile(blocker, 'x');
    const file = join(blocker, 'snap.json');
    await rejectsWith(writeSnapshot(file, sampleSnapshot()), file, /cannot write snapshot/);
  });
});
