/** Lambda entry point: Report. Event {runId}; renders, files history and sends the run's one email. */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { type DeliverResult, deliverReports } from '../run/deliver-reports.js';
import { presignGetUrl } from '../run/presign.js';
import { logger, reporterConfig, reportsBucket, runLog, withContext } from './environment.js';

let ses: SESv2Client | undefined;

export const handler = async (event: unknown, context?: unknown): Promise<DeliverResult> => {
  withContext(context);
  const runId = (event as { runId?: string } | null)?.runId as string;
  logger.appendKeys({ runId });
  const bucket = reportsBucket();
  ses ??= new SESv2Client({});
  const presign = async (key: string, expiresInSeconds: number) =>
    presignGetUrl(key, { client: bucket.client, bucket: bucket.name, expiresInSeconds });
  return deliverReports({ runId }, { config: reporterConfig(), bucket, ses, presign, log: runLog });
};
