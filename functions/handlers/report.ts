/** Lambda entry point: Report. Event {runId}; renders, files history and sends the run's one email. */
import { KMSClient } from '@aws-sdk/client-kms';
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

export const handler = instrumentHandler(async (event) => {
  const runId = (event as { runId?: string } | null)?.runId as string;
  logger.appendKeys({ runId });
  const bucket = reportsBucket();
  ses ??= traced(new SESv2Client({}));
  return deliverReports(
    { runId },
    {
      config: reporterConfig(),
      bucket,
      ses,
      links: emailLinks(bucket),
      signer: await manifestSigner(),
      log: runLog,
    },
  );
}, deliverMetrics);
