/**
 * Presigned GET links to report objects, for the email. SigV4 query signing of an S3 GET with an unsigned
 * payload, which is what S3 expects of a presigned URL. (The SDK's presigner package is not a dependency; the
 * signer it wraps is.)
 *
 * A presigned URL stops working when the credentials that signed it expire, whatever its X-Amz-Expires says: links
 * signed with a Lambda role's session credentials last hours, not the configured days. docs/deployment.md says so.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { formatUrl } from '@aws-sdk/util-format-url';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/** SigV4 refuses presigned URLs valid for longer than seven days. */
export const MAX_PRESIGN_SECONDS = 7 * 24 * 60 * 60;

export interface PresignOptions {
  bucket: string;
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** A custom S3 endpoint (an emulator); addressed path-style. Default: the regional virtual-hosted endpoint. */
  endpoint?: string;
  expiresInSeconds: number;
  /** Fixed only in tests. */
  signingDate?: Date;
}

/** RFC 3986 encoding of each key segment; S3 signs the path as sent, so the two must agree. */
function encodeKeyPath(key: string): string {
  return key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join('/');
}

export async function presignGetUrl(key: string, options: PresignOptions): Promise<string> {
  const expiresIn = Math.max(1, Math.min(Math.floor(options.expiresInSeconds), MAX_PRESIGN_SECONDS));
  let protocol = 'https:';
  let hostname = `${options.bucket}.s3.${options.region}.amazonaws.com`;
  let port: number | undefined;
  let path = `/${encodeKeyPath(key)}`;
  if (options.endpoint) {
    const url = new URL(options.endpoint);
    protocol = url.protocol;
    hostname = url.hostname;
    port = url.port ? Number(url.port) : undefined;
    path = `${url.pathname.replace(/\/$/, '')}/${options.bucket}${path}`;
  }
  const host = port ? `${hostname}:${port}` : hostname;
  const request = new HttpRequest({
    method: 'GET',
    protocol,
    hostname,
    port,
    path,
    headers: { host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
  });
  const signer = new SignatureV4({
    service: 's3',
    region: options.region,
    credentials: options.credentials,
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  const presigned = await signer.presign(request, { expiresIn, signingDate: options.signingDate });
  return formatUrl(presigned);
}
