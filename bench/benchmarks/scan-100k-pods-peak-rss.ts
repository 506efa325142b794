/**
 * Peak resident memory of a scan of a 100,000-pod cluster. The fake API server serves the synthetic cluster from
 * this (the parent) process; a child process does the scan as the CLI would (collect through a kubeconfig,
 * evaluate, write results.json) and reports its own peak RSS, so only the scan is counted.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeKubeServer, startFakeKubeApi, writeKubeconfig } from '../../test/support/fake-kube-api.js';
import { peakRssRow, runChild } from '../peak-rss.js';
import type { ScanChildReport } from '../scan-child.js';
import { generateCluster } from '../synthetic-cluster.js';
import { round } from '../timing.js';
import type { Benchmark } from './types.js';

const LIMIT_MIB = 1024;
const TOKEN = 'bench-token-0123456789';

export interface ScanMeasurement extends ScanChildReport {
  servedObjects: number;
}

/** Serves `pods` pods (and everything around them) and scans them in a child; `childArgs` go to node first. */
export async function measureScanPeakRss(pods: number, childArgs: string[] = []): Promise<ScanMeasurement> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-scan-'));
  let server: FakeKubeServer | undefined;
  try {
    const objects = [...generateCluster({ seed: 100_000, pods })];
    server = await startFakeKubeApi({ objects, token: TOKEN });
    const kubeconfig = await writeKubeconfig(join(dir, 'config'), server, { token: TOKEN }, 'synthetic');
    const report = await runChild<ScanChildReport>('scan-child.ts', [kubeconfig, dir], childArgs);
    // The child must really have written results.json, or the figure measures less than a scan.
    await stat(join(dir, 'results.json'));
    if (report.objects !== objects.length) {
      throw new Error(`the scan collected ${report.objects} objects of the ${objects.length} served`);
    }
    return { ...report, servedObjects: objects.length };
  } finally {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export const scan100kPodsPeakRss: Benchmark = {
  id: 'scan-100k-pods-peak-rss',
  description:
    'Peak RSS of a child process that collects a 100,000-pod cluster from the fake API server, evaluates it and writes results.json',
  async run({ quick }) {
    const pods = quick ? 2_000 : 100_000;
    const r = await measureScanPeakRss(pods);
    return peakRssRow(r, {
      quick,
      limitMiB: LIMIT_MIB,
      notes:
        `${r.pods} pods, ${r.objects} objects in ${r.requests} requests (${r.trimmedPods} pods kept trimmed); ` +
        `collect ${r.collectMs} ms, evaluate ${r.evaluateMs} ms, write ${r.writeMs} ms (results ${round(r.resultsBytes / 1024 / 1024, 1)} MiB)`,
    });
  },
};
