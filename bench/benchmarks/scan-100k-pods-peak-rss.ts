/**
 * Peak resident memory of a scan of a 100,000-pod cluster. The fake API server serves the synthetic cluster from
 * this (the parent) process; a child process does the scan as the CLI would (collect through a kubeconfig,
 * evaluate, write results.json) and reports its own peak RSS, so only the scan is counted.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type FakeKubeServer, startFakeKubeApi, writeKubeconfig } from '../../test/support/fake-kube-api.js';
import type { ScanChildReport } from '../scan-child.js';
import { generateCluster } from '../synthetic-cluster.js';
import { round } from '../timing.js';
import type { Benchmark } from './types.js';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
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
    const { stdout } = await run(
      process.execPath,
      [...childArgs, '--import', 'tsx', join(repoRoot, 'bench', 'scan-child.ts'), kubeconfig, dir],
      {
        cwd: repoRoot,
        maxBuffer: 1024 * 1024,
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      },
    );
    // The child must really have written results.json, or the figure measures less than a scan.
    await stat(join(dir, 'results.json'));
    const line = stdout.trim().split('\n').pop() ?? '';
    const report = JSON.parse(line) as ScanChildReport;
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
    const mib = r.maxRssKiB / 1024;
    return {
      value: round(mib, 1),
      unit: 'MiB',
      baseline: null,
      ratio: null,
      target: `≤ ${LIMIT_MIB} MiB`,
      met: quick ? null : mib <= LIMIT_MIB,
      notes:
        `${r.pods} pods, ${r.objects} objects in ${r.requests} requests (${r.trimmedPods} pods kept trimmed); ` +
        `collect ${r.collectMs} ms, evaluate ${r.evaluateMs} ms, write ${r.writeMs} ms (results ${round(r.resultsBytes / 1024 / 1024, 1)} MiB)` +
        (quick ? ' (quick: not judged)' : ''),
    };
  },
};
