import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, test } from 'node:test';
import { holdToCpuShare, LAMBDA_MB_PER_VCPU, lambdaCpuShare } from '../../bench/cpu-share.js';
import { peakRssRow } from '../../bench/peak-rss.js';
import { createRng } from '../../bench/prng.js';
import { formatTable, resultsDocument } from '../../bench/table.js';
import { median } from '../../bench/timing.js';
import { snapshotFromObjects } from '../../functions/model/build-snapshot.js';
import type { KubeObject } from '../../functions/model/snapshot.js';
import { podTemplates } from '../../functions/model/workloads.js';

describe('bench helpers', () => {
  test('median of odd and even sample counts', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.throws(() => median([]), RangeError);
  });

  test('the PRNG is deterministic and stays in range', () => {
    const a = createRng(42);
    const b = createRng(42);
    const draws = Array.from({ length: 1000 }, () => a.int(3, 9));
    assert.deepEqual(
      draws,
      Array.from({ length: 1000 }, () => b.int(3, 9)),
    );
    assert.ok(draws.every((d) => d >= 3 && d <= 9));
    assert.deepEqual(new Set(draws).size, 7);
    assert.match(createRng(1).uuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('the table has one line per row and "n/a" for unjudged targets; the JSON keeps the contract keys', () => {
    const rows = [
      { id: 'a', value: 1.5, unit: 'ms', baseline: 3, ratio: 0.5, target: 'ratio ≤ 1.0', met: true },
      { id: 'b', value: null, unit: '', target: 'ratio ≤ 1.0', met: null, notes: 'pending: x' },
    ];
    const lines = formatTable(rows).split('\n');
    assert.equal(lines.length, 4);
    assert.match(lines[2], /^a\s+1\.5\s+ms\s+3\s+0\.5\s+ratio ≤ 1\.0\s+yes/);
    assert.match(lines[3], /n\/a\s+pending: x$/);
    const doc = resultsDocument(rows, false) as { results: Record<string, unknown>[] };
    assert.deepEqual(doc.results[1], {
      id: 'b',
      value: null,
      unit: '',
      baseline: null,
      ratio: null,
      target: 'ratio ≤ 1.0',
      met: null,
      notes: 'pending: x',
    });
  });
});

describe('peakRssRow (bench/peak-rss.ts)', () => {
  const limitMiB = 512;
  const kib = (mib: number) => ({ maxRssKiB: mib * 1024 });

  test('judges the peak against the limit, and a child that did less work as not met', () => {
    assert.equal(peakRssRow(kib(512), { quick: false, limitMiB, notes: '' }).met, true);
    assert.equal(peakRssRow(kib(512.25), { quick: false, limitMiB, notes: '' }).met, false);
    assert.equal(peakRssRow(kib(100), { quick: false, limitMiB, complete: false, notes: '' }).met, false);
    const row = peakRssRow({ maxRssKiB: 300_000 }, { quick: false, limitMiB, limitIs: 'the memory', notes: 'n' });
    assert.deepEqual([row.value, row.unit, row.target, row.notes], [293, 'MiB', `≤ ${limitMiB} MiB (the memory)`, 'n']);
  });

  test('a quick run is not judged and says so', () => {
    const row = peakRssRow(kib(9_999), { quick: true, limitMiB, complete: false, notes: '20 clusters' });
    assert.equal(row.met, null);
    assert.equal(row.notes, '20 clusters (quick: not judged)');
  });
});

describe('podTemplates cache (functions/model/workloads.ts)', () => {
  const pod = (name: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'ns' },
    spec: { containers: [{ name: 'c', image: 'i' }] },
  });
  const cluster = {
    name: 't',
    arn: null,
    region: null,
    accountId: null,
    kubernetesVersion: null,
    source: 'snapshot' as const,
  };

  test('a second call gives the same templates in a fresh array', () => {
    const { snapshot } = snapshotFromObjects({ cluster, objects: [pod('a'), pod('b')] });
    const first = podTemplates(snapshot);
    first.pop();
    const second = podTemplates(snapshot);
    assert.deepEqual(
      second.map((t) => t.name),
      ['a', 'b'],
    );
  });

  test('adding or replacing a workload inventory is seen by the next call', () => {
    const { snapshot } = snapshotFromObjects({ cluster, objects: [pod('a')] });
    assert.equal(podTemplates(snapshot).length, 1);
    const pods = snapshot.kubernetes.inventories.pods;
    assert.equal(pods?.status, 'collected');
    if (pods?.status === 'collected') pods.items.push(pod('b'));
    assert.equal(podTemplates(snapshot).length, 2);
    snapshot.kubernetes.inventories.pods = { status: 'collected', items: [pod('c')] };
    assert.deepEqual(
      podTemplates(snapshot).map((t) => t.name),
      ['c'],
    );
    snapshot.kubernetes.inventories.pods = { status: 'not-collected', reason: 'list pods: 403' };
    assert.equal(podTemplates(snapshot).length, 0);
  });
});

describe('holdToCpuShare (bench/cpu-share.ts)', () => {
  test("a Lambda function's share of a CPU is its memory over 1,769 MB, at most one", () => {
    assert.equal(lambdaCpuShare(LAMBDA_MB_PER_VCPU), 1);
    assert.equal(lambdaCpuShare(4 * LAMBDA_MB_PER_VCPU), 1);
    assert.ok(Math.abs(lambdaCpuShare(256) - 0.1447) < 0.0001);
    assert.throws(() => holdToCpuShare(spawn(process.execPath, ['-e', '']), 0), RangeError);
  });

  test('a busy child held to a quarter of a CPU uses no more than about that, and runs to its end', async () => {
    const wallMs = 1_500;
    const busy = `const end = Date.now() + ${wallMs}; while (Date.now() < end); const u = process.cpuUsage(); console.log(u.user + u.system);`;
    const child = spawn(process.execPath, ['-e', busy], { stdio: ['ignore', 'pipe', 'inherit'] });
    holdToCpuShare(child, 0.25, 50);
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 0);
    const cpuMs = Number(out.trim()) / 1000;
    // Unheld, the loop uses its whole wall time (less on a busy machine); held, a quarter of it plus start-up.
    assert.ok(cpuMs > 0 && cpuMs < wallMs * 0.25 + 250, `${cpuMs} ms of CPU in ${wallMs} ms`);
  });
});
