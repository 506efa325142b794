/**
 * Lambda entry point: Links, behind a public function URL. Opens a report link from the email: checks its KMS MAC
 * and expiry, then redirects to a presigned URL for the one report object it names (see functions/links/).
 */
import { KMSClient } from '@aws-sdk/client-kms';
import { kmsLinkMac } from '../links/kms-mac.js';
import { linkRequestOf, redeemLink } from '../links/redeem.js';
import { presignGetUrl } from '../publish/presign.js';
import { linkKeyId, linkLimits, logger, reportsBucket, withContext } from './environment.js';
import { traced } from './telemetry.js';

let kms: KMSClient | undefined;

export const handler = async (event: unknown, context?: unknown) => {
  withContext(context);
  const bucket = reportsBucket();
  kms ??= traced(new KMSClient({}));
  return redeemLink(linkRequestOf(event), {
    mac: kmsLinkMac(kms, linkKeyId()),
    limits: linkLimits(),
    presign: (key, seconds) =>
      presignGetUrl(key, { client: bucket.client, bucket: bucket.name, expiresInSeconds: seconds }),
    now: new Date(),
    log: (message, extra) => logger.info(message, extra),
  });
};
