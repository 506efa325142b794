/**
 * Whether one Map item renders the reports of a 100,000-pod cluster inside the render function's memory: the parent
 * evaluates the synthetic cluster, puts its results.json, snapshot and 12 weeks of history into the S3 emulator, and
 * a child runs the render step against it (read, validate, history, HTML, PDF, CSVs, signed manifest, summary)
 * with the renderer's V8 flags, reporting its own peak RSS as the scan row does. Reported beside
 * `scan-100k-pods-peak-rss`: the two steps of one item run in two functions, each with its own memory.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { configuredChecks } from '../../functions/checks/registry.js';
import { renderResultsJson } from '../../functions/report/json.js';
import { RENDER_NODE_FLAGS } from '../../functions/report/render-runtime.js';
import { gzipJson } from '../../functions/run/gzip-json.js';
import { type ClusterItem, historyKey, resultsKey, snapshotKey } from '../../functions/run/layout.js';
import { HISTORY_RUNS } from '../../functions/run/render-cluster.js';
import { evaluate } from '../../functions/scoring/evaluate.js';
import { RENDER_MEMORY_MB } from '../../infra/constructs/lambda-bundle.js';
import { startS3 } from '../../test/handlers/support/emulators.js';
import { peakRssRow, runChild } from '../peak-rss.js';
import type { RenderChildReport } from '../render-child.js';
import { syntheticSnapshot } from '../synthetic-cluster.js';
import { round } from '../timing.js';
import type { Benchmark } from './types.js';

const BUCKET = 'reports';
const RUN = 'bench-render';
const AT = '2026-03-02T06:00:00.000Z';

export interface RenderMeasurement extends RenderChildReport {
  pods: number;
  resultsBytes: number;
  findings: number;
}

export async function measureRenderPeakRss(pods: number, weeks: number): Promise<RenderMeasurement> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-render-'));
  const s3 = await startS3(join(dir, 's3'), BUCKET);
  const client = new S3Client({
    region: 'eu-west-1',
    endpoint: s3.url,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  try {
    const cluster: ClusterItem = { name: 'synthetic', region: 'eu-west-1', account: '123456789012' };
    const put = (key: string, body: string | Uint8Array) =>
      client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    let resultsBytes: number;
    let findings: number;
    {
      const snapshot = syntheticSnapshot({ seed: 100_000, pods, clusterName: cluster.name });
      const results = evaluate(snapshot, { checks: configuredChecks({}), runId: RUN, generatedAt: AT });
      findings = results.checks.reduce((n, c) => n + c.failing.length, 0);
      await put(snapshotKey(RUN, cluster), await gzipJson(snapshot));
      const json = renderResultsJson(results);
      resultsBytes = Buffer.byteLength(json);
      await put(resultsKey(RUN, cluster), json);
      // Earlier weekly runs: the same cluster, as the history a year of weekly runs keeps the last HISTORY_RUNS of.
      for (let week = 1; week <= weeks; week++) {
        const at = new Date(Date.parse(AT) - week * 7 * 86_400_000).toISOString();
        const earlier = json.replace(`"runId": "${RUN}"`, `"runId": "earlier-${week}"`).replaceAll(AT, at);
        await put(historyKey(cluster, at), earlier);
      }
    }
    const report = await runChild<RenderChildReport>(
      'render-child.ts',
      [s3.url, BUCKET, RUN, JSON.stringify(cluster)],
      RENDER_NODE_FLAGS,
    );
    return { ...report, pods, resultsBytes, findings };
  } finally {
    client.destroy();
    await s3.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export const render100kPodsPeakRss: Benchmark = {
  id: 'render-100k-pods-peak-rss',
  description: `Peak RSS of a child process rendering one Map item's reports for a 100,000-pod cluster with ${HISTORY_RUNS} weeks of history`,
  async run({ quick }) {
    const pods = quick ? 2_000 : 100_000;
    const r = await measureRenderPeakRss(pods, quick ? 2 : HISTORY_RUNS);
    return peakRssRow(r, {
      quick,
      limitMiB: RENDER_MEMORY_MB,
      limitIs: "the render function's memory",
      notes:
        `${r.pods} pods, results.json ${round(r.resultsBytes / 1024 / 1024, 1)} MiB (${r.findings} findings), ` +
        `${quick ? 2 : HISTORY_RUNS} earlier runs; render ${round(r.ms / 1000, 1)} s`,
    });
  },
};
