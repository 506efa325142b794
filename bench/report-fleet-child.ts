/**
 * The measured process of `report-fleet-peak-heap`: the Report step (deliverReports) over a fleet of identical
 * synthetic clusters, each with 12 earlier runs in its history, against an in-memory bucket and a mocked SES, then
 * its own peak heap as one JSON line. Run with --max-old-space-size as the Report function's memory allows: running
 * out of heap is the failure this measures.
 *
 * Usage: node --max-old-space-size=MB --import tsx bench/report-fleet-child.ts CLUSTERS PODS HISTORY
 */
import { getHeapStatistics } from 'node:v8';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { configuredChecks } from '../functions/checks/registry.js';
import { defaultConfig } from '../functions/config/load.js';
import type { EmailLinks } from '../functions/links/issuer.js';
import { renderResultsJson } from '../functions/report/json.js';
import { deliverReports } from '../functions/run/deliver-reports.js';
import { evaluate } from '../functions/scoring/evaluate.js';
import { memoryBucket } from '../test/handlers/support/memory-bucket.js';
import { syntheticSnapshot } from './synthetic-cluster.js';

export interface ReportFleetChildReport {
  clusters: number;
  pods: number;
  history: number;
  resultsBytes: number;
  peakHeapMiB: number;
  ms: number;
  scanned: number;
}

const RUN = 'bench-run';
const AT = '2026-03-02T06:00:00.000Z';

async function main(): Promise<void> {
  const [clusters, pods, history] = process.argv.slice(2).map(Number);
  const results = evaluate(syntheticSnapshot({ seed: 10_000, pods }), {
    checks: configuredChecks({}),
    runId: RUN,
    generatedAt: AT,
  });
  const json = renderResultsJson(results);
  const mem = memoryBucket();
  const items = Array.from({ length: clusters }, (_, i) => ({ name: `c${i}`, region: 'eu-west-1' }));
  mem.putJson(`runs/${RUN}/clusters.json`, items);
  for (const c of items) {
    mem.objects.set(`runs/${RUN}/clusters/eu-west-1/${c.name}/results.json`, { body: Buffer.from(json) });
    for (let h = 1; h <= history; h++) {
      const at = new Date(Date.parse(AT) - h * 7 * 86_400_000).toISOString();
      const earlier = json.replace(`"runId": "${RUN}"`, `"runId": "earlier-${h}"`).replaceAll(AT, at);
      mem.objects.set(`history/eu-west-1/${c.name}/${at}.json`, { body: Buffer.from(earlier) });
    }
  }
  const ses = new SESv2Client({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  mockClient(ses).on(SendEmailCommand).resolves({ MessageId: 'bench' });
  const config = defaultConfig();
  config.report = { ...config.report, sender: 'reports@example.com', recipients: ['team@example.com'] };
  const links = async (now: Date): Promise<EmailLinks> => ({
    expiresAt: now,
    limit: 'redirect',
    url: async (key) => `https://links.example/?k=${encodeURIComponent(key)}`,
  });

  // The bucket's objects are Buffers outside the heap: the heap is what the Report step itself holds.
  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, getHeapStatistics().used_heap_size);
  };
  const timer = setInterval(sample, 20);
  const started = performance.now();
  const out = await deliverReports({ runId: RUN }, { config, bucket: mem.bucket, ses, links });
  const ms = performance.now() - started;
  clearInterval(timer);
  sample();
  const report: ReportFleetChildReport = {
    clusters,
    pods,
    history,
    resultsBytes: Buffer.byteLength(json),
    peakHeapMiB: peak / 1024 / 1024,
    ms,
    scanned: out.scanned,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

await main();
