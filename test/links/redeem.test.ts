import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { type LinkMac, MacInputRejected, signLinkToken } from '../../functions/links/link-token.js';
import { linkRequestOf, REDIRECT_PRESIGN_SECONDS, redeemLink } from '../../functions/links/redeem.js';

const secret = randomBytes(32);
const mac: LinkMac = {
  sign: async (m) => createHmac('sha256', secret).update(m).digest(),
  verify: async (m, given) => createHmac('sha256', secret).update(m).digest().equals(Buffer.from(given)),
};
const NOW = new Date('2026-11-30T06:10:00Z');
const END = Date.parse('2026-12-07T06:10:00Z') / 1000;
const KEY = 'reports/run-1/eu-west-1/alpha/report.html';

/** A function URL event (payload format 2.0), as Lambda passes it. */
function urlEvent(query: Record<string, string> | undefined, method = 'GET') {
  return {
    version: '2.0',
    rawPath: '/',
    rawQueryString: new URLSearchParams(query ?? {}).toString(),
    ...(query ? { queryStringParameters: query } : {}),
    requestContext: { http: { method, path: '/' } },
    isBase64Encoded: false,
  };
}

function deps(logged: Array<[string, Record<string, unknown>]> = []) {
  const presigned: Array<[string, number]> = [];
  return {
    presigned,
    logged,
    deps: {
      mac,
      limits: { maxLifetimeDays: 7 },
      now: NOW,
      presign: async (key: string, seconds: number) => {
        presigned.push([key, seconds]);
        return `https://bucket.s3.amazonaws.com/${key}?X-Amz-Expires=${seconds}`;
      },
      log: (message: string, extra: Record<string, unknown>) => logged.push([message, extra]),
    },
  };
}

describe('redeeming a report link', () => {
  test('a valid link redirects to a five-minute presigned URL of its object, uncached and without referrer', async () => {
    const token = await signLinkToken({ key: KEY, expiresAt: END }, mac);
    const d = deps();
    const res = await redeemLink(linkRequestOf(urlEvent({ t: token })), d.deps);
    assert.equal(res.statusCode, 302);
    assert.equal(res.headers.location, `https://bucket.s3.amazonaws.com/${KEY}?X-Amz-Expires=300`);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.deepEqual(d.presigned, [[KEY, REDIRECT_PRESIGN_SECONDS]]);
    assert.deepEqual(d.logged, [['link opened', { key: KEY }]]);
  });

  test('every refusal is a plain sentence with its status, presigns nothing and never logs the token', async () => {
    const valid = await signLinkToken({ key: KEY, expiresAt: END }, mac);
    const stale = await signLinkToken({ key: KEY, expiresAt: Date.parse('2026-11-29T06:10:00Z') / 1000 }, mac);
    const [body] = valid.split('.');
    const cases: Array<[string, ReturnType<typeof urlEvent>, number, RegExp]> = [
      ['no token', urlEvent(undefined), 400, /incomplete/],
      ['damaged', urlEvent({ t: valid.slice(0, 20) }), 400, /damaged/],
      ['forged', urlEvent({ t: `${body}.${'A'.repeat(43)}` }), 403, /not valid/],
      ['expired', urlEvent({ t: stale }), 410, /expired on 2026-11-29 06:10 UTC/],
      ['POST', urlEvent({ t: valid }, 'POST'), 405, /GET/],
    ];
    for (const [name, event, status, sentence] of cases) {
      const d = deps();
      const res = await redeemLink(linkRequestOf(event), d.deps);
      assert.equal(res.statusCode, status, name);
      assert.match(res.body, sentence, name);
      assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8', name);
      assert.equal(res.headers.location, undefined, name);
      assert.deepEqual(d.presigned, [], name);
      assert.doesNotMatch(JSON.stringify(d.logged), /[A-Za-z0-9_-]{30,}/, `${name}: no token in the log`);
    }
  });

  test('a KMS outage is a 503 to retry, not a refusal of the link', async () => {
    const token = await signLinkToken({ key: KEY, expiresAt: END }, mac);
    const d = deps();
    const failing = { ...d.deps, mac: { ...mac, verify: () => Promise.reject(new Error('ThrottlingException')) } };
    const res = await redeemLink(linkRequestOf(urlEvent({ t: token })), failing);
    assert.equal(res.statusCode, 503);
    assert.equal(res.headers['retry-after'], '60');
    assert.deepEqual(d.logged, [['link check failed', { error: 'ThrottlingException' }]]);
  });

  test('input KMS refuses as invalid (ValidationException) is a 400 for the link, not a 503', async () => {
    const token = await signLinkToken({ key: KEY, expiresAt: END }, mac);
    const d = deps();
    const refusing = { ...d.deps, mac: { ...mac, verify: () => Promise.reject(new MacInputRejected('too long')) } };
    const res = await redeemLink(linkRequestOf(urlEvent({ t: token })), refusing);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /damaged/);
    assert.equal(res.headers['retry-after'], undefined);
  });

  test('a link that claims more than linkExpiryDays is refused as not valid', async () => {
    const token = await signLinkToken({ key: KEY, expiresAt: END + 86_400 }, mac);
    const d = deps();
    const res = await redeemLink(linkRequestOf(urlEvent({ t: token })), d.deps);
    assert.equal(res.statusCode, 403);
    assert.deepEqual(d.presigned, []);
    assert.deepEqual(d.logged, [['link refused', { problem: 'too-long' }]]);
  });

  test('odd events read as a GET without a token', () => {
    for (const event of [null, 'x', {}, { queryStringParameters: null }, { queryStringParameters: { t: 5 } }]) {
      assert.deepEqual(linkRequestOf(event), { method: 'GET' });
    }
    assert.deepEqual(linkRequestOf(urlEvent({ t: 'a.b' }, 'HEAD')), { method: 'HEAD', token: 'a.b' });
  });
});
