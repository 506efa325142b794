/**
 * An S3Client whose object commands are answered from a Map by aws-sdk-client-mock, for the run functions' unit
 * tests. Conditional PutObject (IfNoneMatch: '*') answers 412 when the key exists, as S3 does, unless
 * `ignoreConditions` makes it behave like an emulator that ignores them.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import type { Bucket } from '../../../functions/publish/s3-bucket.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export interface StoredObject {
  body: Buffer;
  contentType?: string;
}

function s3Error(name: string, status: number): S3ServiceException {
  return new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status }, message: name });
}

export function memoryBucket(options: { ignoreConditions?: boolean } = {}) {
  const objects = new Map<string, StoredObject>();
  const client = new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' } });
  const mock = mockClient(client);
  mock.on(PutObjectCommand).callsFake((input) => {
    if (input.IfNoneMatch === '*' && !options.ignoreConditions && objects.has(input.Key)) {
      throw s3Error('PreconditionFailed', 412);
    }
    const body = input.Body;
    objects.set(input.Key, {
      body: typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body as Uint8Array),
      contentType: input.ContentType,
    });
    return {};
  });
  mock.on(GetObjectCommand).callsFake((input) => {
    const o = objects.get(input.Key);
    if (!o) throw s3Error('NoSuchKey', 404);
    return {
      Body: {
        transformToByteArray: async () => new Uint8Array(o.body),
        transformToString: async () => o.body.toString('utf8'),
      },
    };
  });
  mock.on(HeadObjectCommand).callsFake((input) => {
    if (!objects.has(input.Key)) throw s3Error('NotFound', 404);
    return { ContentLength: objects.get(input.Key)?.body.length };
  });
  mock.on(DeleteObjectCommand).callsFake((input) => {
    objects.delete(input.Key);
    return {};
  });
  mock.on(ListObjectsV2Command).callsFake((input) => {
    // Pages of two keys, so callers must follow continuation tokens.
    const all = [...objects.keys()].filter((k) => k.startsWith(input.Prefix ?? '')).sort();
    const start = Number(input.ContinuationToken ?? 0);
    const page = all.slice(start, start + 2);
    const more = start + 2 < all.length;
    return {
      Contents: page.map((Key) => ({ Key })),
      IsTruncated: more,
      NextContinuationToken: more ? String(start + 2) : undefined,
    };
  });
  const bucket: Bucket = { client, name: 'reports' };
  return {
    bucket,
    objects,
    mock,
    text: (key: string) => objects.get(key)?.body.toString('utf8'),
    json: (key: string) => {
      const t = objects.get(key)?.body.toString('utf8');
      return t === undefined ? undefined : JSON.parse(t);
    },
    putJson: (key: string, value: unknown) =>
      objects.set(key, { body: Buffer.from(JSON.stringify(value)), contentType: 'application/json' }),
  };
}

export function recordingLog() {
  const lines: Array<{ level: string; message: string; extra?: Record<string, unknown> }> = [];
  const add = (level: string) => (message: string, extra?: Record<string, unknown>) => {
    lines.push({ level, message, extra });
  };
  return {
    lines,
    log: { info: add('info'), warn: add('warn'), error: add('error') },
    text: () => JSON.stringify(lines),
  };
}
