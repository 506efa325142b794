/**
 * The measured process of `scan-100k-pods-peak-rss`: builds a synthetic snapshot, evaluates it, writes
 * results.json, and prints its own peak RSS as one JSON line. Run as a child so nothing of the harness
 * (other benchmarks' garbage, esbuild) is counted.
 *
 * Usage: node --import tsx bench/scan-child.ts PODS OUT_DIR
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { evaluate } from '../functions/scoring/evaluate.js';
import { syntheticSnapshot } from './synthetic-cluster.js';

export interface ScanChildReport {
  pods: number;
  maxRssKiB: number;
  snapshotMs: number;
  evaluateMs: number;
  writeMs: number;
  resultsBytes: number;
}

async function main(): Promise<void> {
  const pods = Number(process.argv[2]);
  const outDir = process.argv[3];
  if (!Number.isInteger(pods) || pods < 0 || !outDir) throw new Error('usage: scan-child.ts PODS OUT_DIR');
  const t0 = performance.now();
  const snapshot = syntheticSnapshot({ seed: 100_000, pods });
  const t1 = performance.now();
  const results = evaluate(snapshot);
  const t2 = performance.now();
  const json = JSON.stringify(results, null, 2);
  await writeFile(join(outDir, 'results.json'), json);
  const t3 = performance.now();
  const report: ScanChildReport = {
    pods,
    maxRssKiB: process.resourceUsage().maxRSS,
    snapshotMs: Math.round(t1 - t0),
    evaluateMs: Math.round(t2 - t1),
    writeMs: Math.round(t3 - t2),
    resultsBytes: Buffer.byteLength(json),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

await main();
