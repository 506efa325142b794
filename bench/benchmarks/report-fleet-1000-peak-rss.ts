/**
 * Whether the Report step fits a large fleet in the Report function's default memory: deliverReports over 1,000
 * clusters' summaries (the fleet report, HTML and PDF, and the email with two links per cluster), in a child
 * process that reports its own peak RSS, as the scan row does. The step reads summaries only, so its memory depends
 * on the number of clusters, not their size. docs/deployment.md quotes these figures.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configuredChecks } from '../../functions/checks/registry.js';
import { configSchema } from '../../functions/config/schema.js';
import { summarizeCluster } from '../../functions/report/summary.js';
import { reportPrefix } from '../../functions/run/layout.js';
import { REPORT_FILES } from '../../functions/run/render-cluster.js';
import { evaluate } from '../../functions/scoring/evaluate.js';
import { peakRssRow, runChild } from '../peak-rss.js';
import type { ReportFleetChildReport } from '../report-fleet-child.js';
import { syntheticSnapshot } from '../synthetic-cluster.js';
import { round } from '../timing.js';
import type { Benchmark } from './types.js';

const RUN = 'bench-run';
/** The Report function's default memory (config report.memoryMb): the fleet must fit it. */
export const REPORT_MEMORY_MB = configSchema.properties.report.properties.memoryMb.default;

/** One cluster's summary, from a real evaluation of a synthetic cluster against its previous week. */
function templateSummary(pods: number) {
  const at = '2026-03-02T06:00:00.000Z';
  const lastWeek = '2026-02-23T06:00:00.000Z';
  const snapshot = syntheticSnapshot({ seed: 10_000, pods, clusterName: 'template' });
  const results = evaluate(snapshot, { checks: configuredChecks({}), runId: RUN, generatedAt: at });
  const previous = evaluate(syntheticSnapshot({ seed: 10_001, pods, clusterName: 'template' }), {
    checks: configuredChecks({}),
    runId: 'last-week',
    generatedAt: lastWeek,
  });
  const prefix = reportPrefix(RUN, { name: 'template', region: 'eu-west-1', account: '100000000000' });
  const keys = Object.fromEntries(Object.entries(REPORT_FILES).map(([k, f]) => [k, `${prefix}${f}`]));
  return summarizeCluster(results, [previous], { ...keys, manifest: `${prefix}manifest.json` });
}

export async function measureReportFleet(clusters: number, pods: number): Promise<ReportFleetChildReport> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-fleet-'));
  try {
    const file = join(dir, 'summary.json');
    await writeFile(file, JSON.stringify(templateSummary(pods)));
    return await runChild<ReportFleetChildReport>('report-fleet-child.ts', [file, String(clusters), RUN]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const reportFleet1000PeakRss: Benchmark = {
  id: 'report-fleet-1000-peak-rss',
  description:
    "Peak RSS of a child process running the Report step over 1,000 clusters' summaries: fleet report (HTML, PDF) and email",
  async run({ quick }) {
    const clusters = quick ? 20 : 1_000;
    const r = await measureReportFleet(clusters, quick ? 200 : 2_000);
    return peakRssRow(r, {
      quick,
      limitMiB: REPORT_MEMORY_MB,
      complete: r.reported === clusters,
      notes:
        `${r.clusters} clusters (summary ${round(r.summaryBytes / 1024, 1)} KiB each); ${round(r.ms / 1000, 1)} s; ` +
        `fleet.pdf ${round(r.fleetPdfBytes / 1024 / 1024, 1)} MiB, email ${round(r.emailBytes / 1024 / 1024, 1)} MiB`,
    });
  },
};
