/**
 * The measured process of `scan-100k-pods-peak-rss`: a whole scan as the CLI runs it against a kubeconfig
 * (collect from the API server, evaluate every check, write results.json as `scan --format json` does), then its
 * own peak RSS as one JSON line.
 * It runs as a child so that neither the fake API server (in the parent) nor the harness is counted.
 *
 * Usage: node --import tsx bench/scan-child.ts KUBECONFIG OUT_DIR
 */
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { collectSnapshot } from '../functions/kube/collect-snapshot.js';
import { resultsJsonChunks } from '../functions/report/json.js';
import { evaluate } from '../functions/scoring/evaluate.js';
import { type PeakRssReport, writeChildReport } from './peak-rss.js';

export interface ScanChildReport extends PeakRssReport {
  /** Objects in the collected snapshot, and of those, pods. */
  objects: number;
  pods: number;
  /** Pods kept with a trimmed spec because their controller was collected (see functions/kube/collector.ts). */
  trimmedPods: number;
  requests: number;
  collectMs: number;
  evaluateMs: number;
  writeMs: number;
  resultsBytes: number;
}

async function main(): Promise<void> {
  const [kubeconfig, outDir] = process.argv.slice(2);
  if (!kubeconfig || !outDir) throw new Error('usage: scan-child.ts KUBECONFIG OUT_DIR');
  const t0 = performance.now();
  // With the opt-in Secret list: the full set of inventories, the most a scan collects.
  const { snapshot, requestCount } = await collectSnapshot(
    { kind: 'kubeconfig', path: kubeconfig },
    { secretMetadata: true },
  );
  const t1 = performance.now();
  let objects = 0;
  for (const inv of Object.values(snapshot.kubernetes.inventories)) {
    if (inv?.status !== 'collected') throw new Error(`an inventory was not collected: ${inv?.reason}`);
    objects += inv.items.length;
  }
  const podList = snapshot.kubernetes.inventories.pods;
  const pods = podList?.status === 'collected' ? podList.items : [];
  const trimmedPods = pods.filter((p) => p.podSpecTrimmed === true).length;
  const results = evaluate(snapshot);
  const t2 = performance.now();
  // As the CLI writes it without a PDF (functions/pipeline.ts): in pieces, never the whole text at once.
  const file = join(outDir, 'results.json');
  await writeFile(file, resultsJsonChunks(results));
  const t3 = performance.now();
  writeChildReport<ScanChildReport>({
    objects,
    pods: pods.length,
    trimmedPods,
    requests: requestCount,
    collectMs: Math.round(t1 - t0),
    evaluateMs: Math.round(t2 - t1),
    writeMs: Math.round(t3 - t2),
    resultsBytes: (await stat(file)).size,
  });
}

await main();
