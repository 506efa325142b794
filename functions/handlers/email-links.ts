/**
 * The links the Report and Render functions put in the email and in Security Hub findings: to the link function when
 * the stack deployed one (report.links: redirect), presigned URLs otherwise.
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import type { LinkIssuer } from '../links/issuer.js';
import { kmsLinkMac } from '../links/kms-mac.js';
import { redirectLinks } from '../links/redirect-links.js';
import { type PresignValidity, presignedLinks, presignGetUrl, signingCredentials } from '../publish/presign.js';
import type { Bucket } from '../publish/s3-bucket.js';
import { linkFunction } from './environment.js';

export function emailLinks(bucket: Bucket, kms: () => KMSClient): LinkIssuer {
  const links = linkFunction();
  if (links) return redirectLinks(links.url, kmsLinkMac(kms(), links.keyId));
  const presign = async (key: string, validity: PresignValidity) =>
    presignGetUrl(key, { client: bucket.client, bucket: bucket.name, ...validity });
  return presignedLinks(presign, () => signingCredentials(bucket.client));
}
