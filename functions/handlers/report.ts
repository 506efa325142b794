/** Lambda entry point: Report. Event {runId}; renders, files history and sends the run's one email. */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { deliverReports } from '../run/deliver-reports.js';
import { type PresignValidity, presignGetUrl, signingCredentials } from '../run/presign.js';
import { logger, reporterConfig, reportsBucket, runLog } from './environment.js';
import { instrumentHandler } from './instrument.js';
import { deliverMetrics } from './run-metrics.js';
import { traced } from './telemetry.js';

let ses: SESv2Client | undefined;

export const handler = instrumentHandler((event) => {
  const runId = (event as { runId?: string } | null)?.runId as string;
  logger.appendKeys({ runId });
  const bucket = reportsBucket();
  ses ??= traced(new SESv2Client({}));
  const presign = async (key: string, validity: PresignValidity) =>
    presignGetUrl(key, { client: bucket.client, bucket: bucket.name, ...validity });
  return deliverReports(
    { runId },
    {
      config: reporterConfig(),
      bucket,
      ses,
      presign,
      signingCredentials: () => signingCredentials(bucket.client),
      log: runLog,
    },
  );
}, deliverMetrics);
