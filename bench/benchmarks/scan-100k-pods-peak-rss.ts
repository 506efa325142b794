/**
 * Peak resident memory of a scan of a 100,000-pod cluster, measured in a child process so only the scan counts.
 * The child builds the snapshot from the synthetic generator, evaluates it and writes results.json.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ScanChildReport } from '../scan-child.js';
import { round } from '../timing.js';
import type { Benchmark } from './types.js';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const LIMIT_MIB = 1024;

export async function measureScanPeakRss(pods: number): Promise<ScanChildReport> {
  const outDir = await mkdtemp(join(tmpdir(), 'bench-scan-'));
  try {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'bench', 'scan-child.ts'), String(pods), outDir],
      {
        cwd: repoRoot,
        maxBuffer: 1024 * 1024,
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      },
    );
    // The child must really have written results.json, or the figure measures less than a scan.
    await stat(join(outDir, 'results.json'));
    const line = stdout.trim().split('\n').pop() ?? '';
    return JSON.parse(line) as ScanChildReport;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

export const scan100kPodsPeakRss: Benchmark = {
  id: 'scan-100k-pods-peak-rss',
  description: 'Peak RSS of a child process that builds a 100,000-pod snapshot, evaluates it and writes results.json',
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
        `${pods} pods; snapshot ${r.snapshotMs} ms, evaluate ${r.evaluateMs} ms, write ${r.writeMs} ms; ` +
        'snapshot built from the generator: collection from the fake API server is not included yet (collector helper)' +
        (quick ? ' (quick: not judged)' : ''),
    };
  },
};
