/**
 * Lambda entry point: Report. Event {runId}; reads the Map items' summaries, renders the fleet report, sends the
 * run's one email and puts its events (functions/run/deliver-reports.ts).
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KMSClient } from '@aws-sdk/client-kms';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { deliverReports } from '../run/deliver-reports.js';
import { emailLinks } from './email-links.js';
import { logger, reporterConfig, reportsBucket, runLog } from './environment.js';
import { instrumentHandler } from './instrument.js';
import { deliverMetrics } from './run-metrics.js';
import { traced } from './telemetry.js';

let ses: SESv2Client | undefined;
let kms: KMSClient | undefined;
let events: EventBridgeClient | undefined;

export const handler = instrumentHandler(async (event) => {
  const runId = (event as { runId?: string } | null)?.runId as string;
  logger.appendKeys({ runId });
  const bucket = reportsBucket();
  const config = reporterConfig();
  ses ??= traced(new SESv2Client({}));
  if (config.events) events ??= traced(new EventBridgeClient({}));
  return deliverReports(
    { runId },
    {
      config,
      bucket,
      ses,
      links: emailLinks(bucket, () => {
        kms ??= traced(new KMSClient({}));
        return kms;
      }),
      log: runLog,
      ...(events ? { events } : {}),
    },
  );
}, deliverMetrics);
