/**
 * Presigned GET links to report objects, for the email, with the SDK's own presigner.
 *
 * A presigned URL stops working when the credentials that signed it expire, whatever its X-Amz-Expires says: links
 * signed with a Lambda role's session credentials last hours, not the configured days. docs/deployment.md says so.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

/** SigV4 refuses presigned URLs valid for longer than seven days. */
export const MAX_PRESIGN_SECONDS = 7 * 24 * 60 * 60;

export interface PresignOptions {
  /** The client whose region, credentials and endpoint (path-style for an emulator) sign the link. */
  client: S3Client;
  bucket: string;
  expiresInSeconds: number;
  /** Fixed only in tests. */
  signingDate?: Date;
}

export async function presignGetUrl(key: string, options: PresignOptions): Promise<string> {
  const expiresIn = Math.max(1, Math.min(Math.floor(options.expiresInSeconds), MAX_PRESIGN_SECONDS));
  return getSignedUrl(options.client, new GetObjectCommand({ Bucket: options.bucket, Key: key }), {
    expiresIn,
    ...(options.signingDate ? { signingDate: options.signingDate } : {}),
  });
}
