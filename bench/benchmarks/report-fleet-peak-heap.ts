/**
 * Whether the Report step fits a fleet in the Report function's memory: deliverReports over 60 clusters of 7,200
 * pods, each with 12 weeks of history, in a child whose heap is capped as a 2,048 MB function's would be. The
 * Report step keeps one parsed results per cluster for the fleet report and the email, so its heap grows with the
 * fleet; running out is a failed run with no email. docs/deployment.md quotes these figures.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ReportFleetChildReport } from '../report-fleet-child.js';
import { round } from '../timing.js';
import type { Benchmark } from './types.js';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** The Report function has 2,048 MB; the heap is capped below it, leaving room for code, buffers and the runtime. */
const HEAP_CAP_MB = 1_792;

export async function measureReportFleet(clusters: number, pods: number, history: number) {
  const { stdout } = await run(
    process.execPath,
    [
      `--max-old-space-size=${HEAP_CAP_MB}`,
      '--import',
      'tsx',
      join(repoRoot, 'bench', 'report-fleet-child.ts'),
      String(clusters),
      String(pods),
      String(history),
    ],
    {
      cwd: repoRoot,
      maxBuffer: 1024 * 1024,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    },
  );
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as ReportFleetChildReport;
}

export const reportFleetPeakHeap: Benchmark = {
  id: 'report-fleet-peak-heap',
  description:
    'Peak heap of the Report step over 60 clusters of 7,200 pods with 12 weeks of history each, heap capped for a 2,048 MB function',
  async run({ quick }) {
    const [clusters, pods] = quick ? [6, 500] : [60, 7_200];
    let r: ReportFleetChildReport;
    try {
      r = await measureReportFleet(clusters, pods, 12);
    } catch (err) {
      const reason = /heap out of memory/i.test(String((err as { stderr?: string }).stderr ?? err))
        ? `ran out of its ${HEAP_CAP_MB} MB heap`
        : String(err).split('\n')[0];
      return { value: null, unit: 'MiB', target: `completes within ${HEAP_CAP_MB} MiB`, met: false, notes: reason };
    }
    return {
      value: round(r.peakHeapMiB, 1),
      unit: 'MiB',
      baseline: null,
      ratio: null,
      target: `completes within ${HEAP_CAP_MB} MiB`,
      met: quick ? null : r.scanned === clusters,
      notes:
        `${r.clusters} clusters of ${r.pods} pods (results.json ${round(r.resultsBytes / 1024 / 1024, 1)} MiB each), ` +
        `${r.history} earlier runs each; ${round(r.ms / 1000, 1)} s, ${round(r.ms / r.clusters / 1000, 2)} s per cluster` +
        (quick ? ' (quick: not judged)' : ''),
    };
  },
};
