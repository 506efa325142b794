/**
 * The measured process of `render-100k-pods-peak-rss`: one Map item's render step (renderCluster) for a cluster
 * whose results.json, snapshot and history the parent put into the S3 emulator, with a real S3 client, as the
 * render function runs it. Then its own peak RSS as one JSON line.
 *
 * Usage: node --max-semi-space-size=32 --import tsx bench/render-child.ts S3_URL BUCKET RUN_ID CLUSTER_JSON
 */

import { generateKeyPairSync } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { defaultConfig } from '../functions/config/load.js';
import { localSigner } from '../functions/integrity/local-key.js';
import type { ClusterItem } from '../functions/run/layout.js';
import { renderCluster } from '../functions/run/render-cluster.js';
import { type PeakRssReport, writeChildReport } from './peak-rss.js';

export interface RenderChildReport extends PeakRssReport {
  status: string;
  ms: number;
}

async function main(): Promise<void> {
  const [endpoint, name, runId, clusterJson] = process.argv.slice(2);
  const client = new S3Client({
    region: 'eu-west-1',
    endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const cluster = JSON.parse(clusterJson) as ClusterItem;
  const started = performance.now();
  const out = await renderCluster(
    { runId, cluster },
    {
      config: defaultConfig(),
      bucket: { client, name },
      signer: localSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey),
    },
  );
  const ms = performance.now() - started;
  if (out.status !== 'rendered') throw new Error(`not rendered: ${JSON.stringify(out)}`);
  writeChildReport<RenderChildReport>({ status: out.status, ms });
  client.destroy();
}

await main();
