/**
 * The few S3 operations a run needs, over one bucket. Bodies are strings or Buffers, never streams, so no request
 * is sent aws-chunked (which some S3 emulators store verbatim).
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';

export interface Bucket {
  client: S3Client;
  name: string;
}

/**
 * Set on every PutObject. A bucket with Object Lock default retention rejects a put that carries neither Content-MD5
 * nor an x-amz-checksum-* header. SDK versions before 3.729 send no checksum by default, and with
 * requestChecksumCalculation WHEN_REQUIRED (or AWS_REQUEST_CHECKSUM_CALCULATION) neither do newer ones; naming the
 * algorithm makes the SDK send x-amz-checksum-crc32 whatever the runtime's SDK version and settings. Bodies are
 * never streams, so the checksum goes in a header, not an aws-chunked trailer.
 */
export const PUT_CHECKSUM_ALGORITHM = 'CRC32' as const;

function statusOf(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

function isNotFound(err: unknown): boolean {
  const name = (err as { name?: string } | undefined)?.name;
  return name === 'NoSuchKey' || name === 'NotFound' || statusOf(err) === 404;
}

export async function putObject(
  bucket: Bucket,
  key: string,
  body: string | Uint8Array,
  contentType: string,
  extra: { contentEncoding?: string } = {},
): Promise<void> {
  await bucket.client.send(
    new PutObjectCommand({
      Bucket: bucket.name,
      Key: key,
      Body: body,
      ContentType: contentType,
      ContentEncoding: extra.contentEncoding,
      ChecksumAlgorithm: PUT_CHECKSUM_ALGORITHM,
    }),
  );
}

export function putJson(bucket: Bucket, key: string, value: unknown): Promise<void> {
  return putObject(bucket, key, `${JSON.stringify(value, null, 2)}\n`, 'application/json');
}

/** The object's bytes, or undefined when there is no such key. */
export async function getBytes(bucket: Bucket, key: string): Promise<Uint8Array | undefined> {
  try {
    const out = await bucket.client.send(new GetObjectCommand({ Bucket: bucket.name, Key: key }));
    return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export async function getText(bucket: Bucket, key: string): Promise<string | undefined> {
  const bytes = await getBytes(bucket, key);
  return bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8');
}

export async function exists(bucket: Bucket, key: string): Promise<boolean> {
  try {
    await bucket.client.send(new HeadObjectCommand({ Bucket: bucket.name, Key: key }));
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

export async function deleteObject(bucket: Bucket, key: string): Promise<void> {
  await bucket.client.send(new DeleteObjectCommand({ Bucket: bucket.name, Key: key }));
}

/** Every key under `prefix`, across pages. */
export async function listKeys(bucket: Bucket, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await bucket.client.send(
      new ListObjectsV2Command({ Bucket: bucket.name, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

/**
 * Writes `key` only if it does not exist yet; true when this call created it. S3 conditional writes
 * (If-None-Match: *) make this atomic; the HeadObject before it is for S3-compatible stores that ignore the
 * condition (s3rver does), where the claim is then only as good as a check-then-write.
 */
export async function createOnce(bucket: Bucket, key: string, body: string): Promise<boolean> {
  if (await exists(bucket, key)) return false;
  try {
    await bucket.client.send(
      new PutObjectCommand({
        Bucket: bucket.name,
        Key: key,
        Body: body,
        ContentType: 'application/json',
        IfNoneMatch: '*',
        ChecksumAlgorithm: PUT_CHECKSUM_ALGORITHM,
      }),
    );
    return true;
  } catch (err) {
    // 412: the key exists. 409: another conditional write to the key is in flight.
    const status = statusOf(err);
    if (status === 412 || status === 409) return false;
    throw err;
  }
}
