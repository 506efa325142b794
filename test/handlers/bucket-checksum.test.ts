/**
 * Every PutObject that functions/run/bucket.ts sends carries x-amz-checksum-crc32, which a bucket with Object Lock
 * default retention requires, even from a client that computes checksums only when an operation requires one
 * (WHEN_REQUIRED, as older SDKs behave and as AWS_REQUEST_CHECKSUM_CALCULATION can set it). The requests go to a
 * small HTTP server on 127.0.0.1 that records what arrives on the wire.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type Bucket, createOnce, putJson, putObject } from '../../functions/publish/s3-bucket.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** The header S3 checks: the body's CRC32, big-endian, base64. */
function crc32Header(body: Buffer): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(crc32(body));
  return bytes.toString('base64');
}

describe('bucket puts carry a CRC32 checksum', () => {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      // HEAD: no such key yet (createOnce checks first); PUT: stored.
      res.writeHead(req.method === 'HEAD' ? 404 : 200, { ETag: '"etag"', 'Content-Length': '0' }).end();
    });
  });
  let client: S3Client;
  let bucket: Bucket;

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    client = new S3Client({
      region: 'eu-west-1',
      endpoint: `http://127.0.0.1:${port}`,
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 1,
    });
    bucket = { client, name: 'reports' };
  });

  after(async () => {
    client?.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    received.length = 0;
  });

  /** The one PUT received, checked for a CRC32 header that matches its body (sent as is, not aws-chunked). */
  function assertOnePutWithCrc32(key: string): Received {
    const puts = received.filter((r) => r.method === 'PUT');
    assert.equal(puts.length, 1, `one PUT, got ${received.map((r) => `${r.method} ${r.path}`).join(', ')}`);
    const [put] = puts;
    assert.equal(put.path.split('?')[0], `/reports/${key}`);
    assert.equal(put.headers['x-amz-checksum-crc32'], crc32Header(put.body), 'x-amz-checksum-crc32 of the body');
    assert.equal(put.headers['x-amz-sdk-checksum-algorithm'], 'CRC32');
    assert.equal(put.headers['x-amz-trailer'], undefined, 'checksum in a header, not a trailer');
    assert.doesNotMatch(String(put.headers['content-encoding'] ?? ''), /aws-chunked/);
    return put;
  }

  test('the server sees no checksum from a plain PutObject with WHEN_REQUIRED (so the checks below mean something)', async () => {
    await client.send(new PutObjectCommand({ Bucket: 'reports', Key: 'plain.txt', Body: 'hello' }));
    const [put] = received;
    assert.equal(put.method, 'PUT');
    assert.deepEqual(
      Object.keys(put.headers).filter((h) => h.startsWith('x-amz-checksum-') || h === 'content-md5'),
      [],
    );
  });

  test('putObject with a string body', async () => {
    await putObject(bucket, 'reports/r1/report.html', '<html>ok</html>', 'text/html; charset=utf-8');
    const put = assertOnePutWithCrc32('reports/r1/report.html');
    assert.equal(put.body.toString('utf8'), '<html>ok</html>');
    assert.equal(put.headers['content-type'], 'text/html; charset=utf-8');
  });

  test('putObject with bytes and a content encoding', async () => {
    const bytes = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]);
    await putObject(bucket, 'runs/r1/snapshot.json.gz', bytes, 'application/json', { contentEncoding: 'gzip' });
    const put = assertOnePutWithCrc32('runs/r1/snapshot.json.gz');
    assert.deepEqual(new Uint8Array(put.body), bytes);
    assert.equal(put.headers['content-encoding'], 'gzip');
  });

  test('putJson', async () => {
    await putJson(bucket, 'runs/r1/clusters.json', [{ name: 'alpha' }]);
    const put = assertOnePutWithCrc32('runs/r1/clusters.json');
    assert.deepEqual(JSON.parse(put.body.toString('utf8')), [{ name: 'alpha' }]);
  });

  test('createOnce: the conditional put carries both If-None-Match and the checksum', async () => {
    assert.equal(await createOnce(bucket, 'runs/r1/report.claim', '{}'), true);
    const put = assertOnePutWithCrc32('runs/r1/report.claim');
    assert.equal(put.headers['if-none-match'], '*');
  });
});
