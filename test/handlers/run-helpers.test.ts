import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import {
  linkLifetime,
  MAX_PRESIGN_SECONDS,
  presignGetUrl,
  signingCredentials,
} from '../../functions/publish/presign.js';
import { createOnce } from '../../functions/publish/s3-bucket.js';
import { reasonOf, redact } from '../../functions/run/log.js';
import { memoryBucket } from './support/memory-bucket.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const signingDate = new Date('2026-11-30T06:00:00Z');

describe('presignGetUrl', () => {
  test('signs a virtual-hosted GET, encoding each key segment', async () => {
    const url = new URL(
      await presignGetUrl('reports/r 1/eu-west-1/a(b)/report.html', {
        client: new S3Client({ region: 'eu-west-1', credentials }),
        bucket: 'my-reports',
        expiresInSeconds: 3600,
        signingDate,
      }),
    );
    assert.equal(url.host, 'my-reports.s3.eu-west-1.amazonaws.com');
    assert.equal(url.pathname, '/reports/r%201/eu-west-1/a%28b%29/report.html');
    assert.equal(url.searchParams.get('X-Amz-Expires'), '3600');
    assert.equal(url.searchParams.get('X-Amz-SignedHeaders'), 'host');
    assert.equal(url.searchParams.get('X-Amz-Credential'), 'AKIDEXAMPLE/20261130/eu-west-1/s3/aws4_request');
    assert.match(url.searchParams.get('X-Amz-Signature') ?? '', /^[0-9a-f]{64}$/);
  });

  test('addresses a custom endpoint path-style and caps the expiry at seven days', async () => {
    const url = new URL(
      await presignGetUrl('k.json', {
        client: new S3Client({
          region: 'eu-west-1',
          credentials,
          endpoint: 'http://127.0.0.1:4568',
          forcePathStyle: true,
        }),
        bucket: 'b',
        expiresInSeconds: 30 * 86_400,
        signingDate,
      }),
    );
    assert.equal(url.origin, 'http://127.0.0.1:4568');
    assert.equal(url.pathname, '/b/k.json');
    assert.equal(url.searchParams.get('X-Amz-Expires'), String(MAX_PRESIGN_SECONDS));
  });
});

describe('linkLifetime', () => {
  const now = new Date('2026-11-30T06:10:27.400Z');
  const signed = Date.parse('2026-11-30T06:10:27Z');
  const hours = (h: number) => new Date(now.getTime() + h * 3_600_000);
  const endOf = (l: ReturnType<typeof linkLifetime>) => l.signingDate.getTime() + l.expiresInSeconds * 1000;

  test('a known credential expiry earlier than the requested days wins, down to the minute', () => {
    const l = linkLifetime(now, 7, { temporary: true, expiration: hours(6) });
    assert.equal(l.limit, 'credentials');
    assert.equal(l.signingDate.getTime(), signed);
    assert.equal(l.expiresAt.toISOString(), '2026-11-30T12:10:00.000Z');
    assert.equal(l.expiresInSeconds, 6 * 3600 - 27);
    assert.equal(endOf(l), l.expiresAt.getTime(), 'the URL ends when the email says');
  });

  test('a known credential expiry later than the requested days does not', () => {
    const l = linkLifetime(now, 2, { temporary: true, expiration: hours(72) });
    assert.equal(l.limit, 'requested');
    assert.equal(l.expiresAt.toISOString(), '2026-12-02T06:10:00.000Z');
    assert.equal(endOf(l), l.expiresAt.getTime());
  });

  test('temporary credentials of unknown expiry: the requested days, as an upper bound only', () => {
    const l = linkLifetime(now, 7, { temporary: true });
    assert.equal(l.limit, 'temporary-credentials');
    assert.equal(l.expiresAt.toISOString(), '2026-12-07T06:10:00.000Z');
    assert.equal(l.expiresInSeconds, MAX_PRESIGN_SECONDS - 27);
  });

  test('long-lived credentials (no session token): the requested days, exact, never beyond SigV4 seven days', () => {
    assert.equal(linkLifetime(now, 3, { temporary: false }).limit, 'requested');
    const l = linkLifetime(now, 30, { temporary: false });
    assert.equal(l.limit, 'requested');
    assert.ok(l.expiresInSeconds <= MAX_PRESIGN_SECONDS);
    assert.equal(l.expiresAt.toISOString(), '2026-12-07T06:10:00.000Z');
  });

  test('credentials about to expire still give a valid URL, stated with its true end', () => {
    const l = linkLifetime(now, 7, { temporary: true, expiration: new Date(now.getTime() + 10_000) });
    assert.equal(l.limit, 'credentials');
    assert.equal(l.expiresInSeconds, 1);
    assert.equal(endOf(l), l.expiresAt.getTime());
  });
});

describe('signingCredentials', () => {
  test('reads the session token and expiration from the client credential provider', async () => {
    const expiration = new Date('2026-11-30T12:00:00Z');
    const temporary = new S3Client({
      region: 'eu-west-1',
      credentials: async () => ({ ...credentials, sessionToken: 'token', expiration }),
    });
    assert.deepEqual(await signingCredentials(temporary), { temporary: true, expiration });
    const lambdaLike = new S3Client({ region: 'eu-west-1', credentials: { ...credentials, sessionToken: 'token' } });
    assert.deepEqual(await signingCredentials(lambdaLike), { temporary: true });
    const longLived = new S3Client({ region: 'eu-west-1', credentials });
    assert.deepEqual(await signingCredentials(longLived), { temporary: false });
  });
});

describe('redact', () => {
  test('removes EKS tokens, bearer values and SigV4 query secrets from text', () => {
    const token = `k8s-aws-v1.${Buffer.from('https://sts.amazonaws.com/?a=b').toString('base64url')}`;
    const text = redact(
      `GET failed: Authorization: Bearer ${token} url ?X-Amz-Signature=abc123&X-Amz-Security-Token=zzz`,
    );
    assert.doesNotMatch(text, /aHR0c/);
    assert.doesNotMatch(text, /abc123|zzz/);
    assert.match(text, /k8s-aws-v1\.\[redacted\]|Bearer \[redacted\]/);
    assert.equal(reasonOf(new Error(`a\n  b ${token}`)), 'a b k8s-aws-v1.[redacted]');
  });
});

describe('createOnce', () => {
  test('creates once; a second call, a 412 and a 409 all report the key as taken', async () => {
    const mem = memoryBucket();
    assert.equal(await createOnce(mem.bucket, 'claim', '{}'), true);
    assert.equal(await createOnce(mem.bucket, 'claim', '{}'), false);
    const put = mem.mock.commandCalls(PutObjectCommand);
    assert.equal(put.length, 1, 'the HeadObject pre-check answers the second call');
    assert.equal(put[0].args[0].input.IfNoneMatch, '*');

    mem.mock
      .on(HeadObjectCommand)
      .rejects(new S3ServiceException({ name: 'NotFound', $fault: 'client', $metadata: { httpStatusCode: 404 } }));
    for (const status of [412, 409]) {
      mem.mock
        .on(PutObjectCommand)
        .rejects(new S3ServiceException({ name: 'Conflict', $fault: 'client', $metadata: { httpStatusCode: status } }));
      assert.equal(await createOnce(mem.bucket, `race-${status}`, '{}'), false);
    }
    mem.mock
      .on(PutObjectCommand)
      .rejects(new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 } }));
    await assert.rejects(createOnce(mem.bucket, 'denied', '{}'), /AccessDenied/);
  });
});
