/** Lambda entry point: Report. Event {runId}; renders, files history and sends the run's one email. */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { KMSClient } from '@aws-sdk/client-kms';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Signer } from '../integrity/keys.js';
import { kmsSigner } from '../integrity/kms.js';
import type { LinkIssuer } from '../links/issuer.js';
import { kmsLinkMac } from '../links/kms-mac.js';
import { redirectLinks } from '../links/redirect-links.js';
import { type PresignValidity, presignedLinks, presignGetUrl, signingCredentials } from '../publish/presign.js';
import type { Bucket } from '../publish/s3-bucket.js';
import { deliverReports } from '../run/deliver-reports.js';
import { linkFunction, logger, manifestSigningKey, reporterConfig, reportsBucket, runLog } from './environment.js';
import { instrumentHandler } from './instrument.js';
import { deliverMetrics } from './run-metrics.js';
import { traced } from './telemetry.js';

let ses: SESv2Client | undefined;
let kms: KMSClient | undefined;
/** Read once per container: the public key does not change. */
let signer: Promise<Signer> | undefined;

function manifestSigner(): Promise<Signer> | undefined {
  const keyId = manifestSigningKey();
  if (!keyId) return undefined;
  kms ??= traced(new KMSClient({}));
  const client = kms;
  signer ??= kmsSigner(client, keyId).catch((err: unknown) => {
    signer = undefined;
    throw err;
  });
  return signer;
}

let securityHub: SecurityHubClient | undefined;
let events: EventBridgeClient | undefined;

/**
 * The Security Hub the findings go to: this function's own account, region and partition, read from its ARN in the
 * invocation context. Its product ARN is the one the stack lets the role import to.
 */
export function importTarget(context: unknown): { partition: string; region: string; accountId: string } {
  const arn = (context as { invokedFunctionArn?: unknown } | null | undefined)?.invokedFunctionArn;
  const m = typeof arn === 'string' ? /^arn:([^:]+):lambda:([^:]+):(\d{12}):/.exec(arn) : null;
  if (!m) throw new Error(`cannot tell the Security Hub to import to: no function ARN in the context (${String(arn)})`);
  return { partition: m[1], region: m[2], accountId: m[3] };
}

/** Links to the link function when the stack deployed one (report.links: redirect), presigned URLs otherwise. */
function emailLinks(bucket: Bucket): LinkIssuer {
  const links = linkFunction();
  if (links) {
    kms ??= traced(new KMSClient({}));
    return redirectLinks(links.url, kmsLinkMac(kms, links.keyId));
  }
  const presign = async (key: string, validity: PresignValidity) =>
    presignGetUrl(key, { client: bucket.client, bucket: bucket.name, ...validity });
  return presignedLinks(presign, () => signingCredentials(bucket.client));
}

export const handler = instrumentHandler(async (event, context) => {
  const runId = (event as { runId?: string } | null)?.runId as string;
  logger.appendKeys({ runId });
  const bucket = reportsBucket();
  const config = reporterConfig();
  ses ??= traced(new SESv2Client({}));
  if (config.securityHub) securityHub ??= traced(new SecurityHubClient({}));
  if (config.events) events ??= traced(new EventBridgeClient({}));
  return deliverReports(
    { runId },
    {
      config,
      bucket,
      ses,
      links: emailLinks(bucket),
      signer: await manifestSigner(),
      log: runLog,
      ...(securityHub ? { securityHub: { client: securityHub, importTo: importTarget(context) } } : {}),
      ...(events ? { events } : {}),
    },
  );
}, deliverMetrics);
