/**
 * The measured process of `report-fleet-1000-peak-rss`: the Report step (deliverReports) over a fleet of clusters'
 * summaries, as the Map items leave them, against an in-memory bucket and a mocked SES, then its own peak RSS as one
 * JSON line. The summaries are variations of one template (written by the parent, which evaluated a real cluster),
 * so nothing but the step and its inputs is counted here. The bucket's objects are counted too (they are in this
 * process), which only makes the figure larger than the Lambda's.
 *
 * Usage: node --import tsx bench/report-fleet-child.ts SUMMARY_FILE CLUSTERS RUN_ID
 */
import { readFile } from 'node:fs/promises';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { defaultConfig } from '../functions/config/load.js';
import type { EmailLinks } from '../functions/links/issuer.js';
import type { ClusterSummary } from '../functions/report/summary.js';
import { deliverReports } from '../functions/run/deliver-reports.js';
import { summaryKey } from '../functions/run/layout.js';
import { memoryBucket } from '../test/handlers/support/memory-bucket.js';
import { type PeakRssReport, writeChildReport } from './peak-rss.js';

export interface ReportFleetChildReport extends PeakRssReport {
  clusters: number;
  summaryBytes: number;
  fleetPdfBytes: number;
  emailBytes: number;
  ms: number;
  reported: number;
}

async function main(): Promise<void> {
  const [file, count, RUN] = process.argv.slice(2);
  const template = JSON.parse(await readFile(file, 'utf8')) as ClusterSummary;
  const clusters = Number(count);
  const mem = memoryBucket();
  const items = Array.from({ length: clusters }, (_, i) => ({
    name: `cluster-${String(i).padStart(4, '0')}`,
    region: ['eu-west-1', 'us-east-1', 'ap-south-1'][i % 3],
    account: String(100000000000 + (i % 40)),
  }));
  mem.putJson(`runs/${RUN}/clusters.json`, items);
  let summaryBytes = 0;
  items.forEach((c, i) => {
    // Scores and failing requirements differ per cluster, so the fleet report's tables are not one row repeated.
    const score = Math.round(((i * 37) % 100) * 10) / 10;
    const summary: ClusterSummary = {
      ...template,
      cluster: { ...template.cluster, name: c.name, region: c.region, accountId: c.account },
      score,
      frameworks: template.frameworks.map((f) => ({
        ...f,
        requirements: f.requirements.map((r, j) =>
          (i + j) % 7 === 0 ? { ...r, status: 'pass' as const, title: undefined } : r,
        ),
      })),
      reports: Object.fromEntries(
        Object.entries(template.reports).map(([k, v]) => [k, v.replace(template.cluster.name, c.name)]),
      ),
    };
    mem.putJson(summaryKey(RUN, c), summary);
    summaryBytes += JSON.stringify(summary).length;
  });
  const ses = new SESv2Client({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  let emailBytes = 0;
  mockClient(ses)
    .on(SendEmailCommand)
    .callsFake((input) => {
      const body = input.Content?.Simple?.Body;
      emailBytes = (body?.Html?.Data?.length ?? 0) + (body?.Text?.Data?.length ?? 0);
      return { MessageId: 'bench' };
    });
  const config = defaultConfig();
  config.report = { ...config.report, sender: 'reports@example.com', recipients: ['team@example.com'] };
  const links = async (now: Date): Promise<EmailLinks> => ({
    expiresAt: now,
    limit: 'redirect',
    url: async (key) =>
      `https://abcdefghij.lambda-url.eu-west-1.on.aws/?t=${encodeURIComponent(key)}.${'x'.repeat(43)}`,
  });

  const started = performance.now();
  const out = await deliverReports({ runId: RUN }, { config, bucket: mem.bucket, ses, links });
  const ms = performance.now() - started;
  writeChildReport<ReportFleetChildReport>({
    clusters,
    summaryBytes: Math.round(summaryBytes / clusters),
    fleetPdfBytes: mem.objects.get(`reports/${RUN}/fleet/fleet.pdf`)?.body.length ?? 0,
    emailBytes,
    ms,
    reported: out.scanned,
  });
}

await main();
