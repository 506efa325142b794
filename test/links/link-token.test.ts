import assert from 'node:assert/strict';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { KMSClient } from '@aws-sdk/client-kms';
import fc from 'fast-check';
import { kmsLinkMac } from '../../functions/links/kms-mac.js';
import { type LinkMac, linkUrl, openLinkToken, signLinkToken } from '../../functions/links/link-token.js';
import { redirectLinks } from '../../functions/links/redirect-links.js';
import { type KmsEmulator, startKms } from '../handlers/support/kms-emulator.js';

/** A local HMAC for the pure tests; the KMS adapter is tested against the emulator below. */
function hmacMac(secret = randomBytes(32)): LinkMac {
  const mac = (m: Uint8Array) => createHmac('sha256', secret).update(m).digest();
  return {
    sign: async (m) => mac(m),
    verify: async (m, given) => {
      const want = mac(m);
      return given.length === want.length && timingSafeEqual(Buffer.from(given), want);
    },
  };
}

const NOW = new Date('2026-11-30T06:10:00Z');
const IN_A_WEEK = Date.parse('2026-12-07T06:10:00Z') / 1000;
const KEY = 'reports/run-2026-11-30/eu-west-1/alpha/report.pdf';

describe('link tokens', () => {
  const mac = hmacMac();

  test('a signed link opens, naming its key and expiry', async () => {
    const token = await signLinkToken({ key: KEY, expiresAt: IN_A_WEEK }, mac);
    assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    assert.deepEqual(await openLinkToken(token, mac, NOW), { ok: true, claims: { key: KEY, expiresAt: IN_A_WEEK } });
  });

  test('it stops at its expiry, to the second, without asking the MAC', async () => {
    const token = await signLinkToken({ key: KEY, expiresAt: IN_A_WEEK }, mac);
    const justBefore = new Date((IN_A_WEEK - 1) * 1000);
    assert.equal((await openLinkToken(token, mac, justBefore)).ok, true);
    let verified = 0;
    const counting: LinkMac = {
      sign: mac.sign,
      verify: async (...a) => {
        verified++;
        return mac.verify(...a);
      },
    };
    const expired = await openLinkToken(token, counting, new Date(IN_A_WEEK * 1000));
    assert.deepEqual(expired, { ok: false, problem: 'expired', claims: { key: KEY, expiresAt: IN_A_WEEK } });
    assert.equal(verified, 0);
  });

  test('another key, a changed key or a changed expiry is refused as forged', async () => {
    const token = await signLinkToken({ key: KEY, expiresAt: IN_A_WEEK }, mac);
    assert.deepEqual(await openLinkToken(token, hmacMac(), NOW), { ok: false, problem: 'forged' });
    const [, signature] = token.split('.');
    for (const claims of [
      { v: 1, k: KEY.replace('alpha', 'beta'), e: IN_A_WEEK },
      { v: 1, k: KEY, e: IN_A_WEEK + 86_400 * 365 },
    ]) {
      const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
      assert.deepEqual(await openLinkToken(`${body}.${signature}`, mac, NOW), { ok: false, problem: 'forged' });
    }
  });

  test('any change to any character of a token is refused', async () => {
    const token = await signLinkToken({ key: KEY, expiresAt: IN_A_WEEK }, mac);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: token.length - 1 }), fc.constantFrom(...alphabet), async (at, ch) => {
        fc.pre(token[at] !== '.' && token[at] !== ch);
        const changed = `${token.slice(0, at)}${ch}${token.slice(at + 1)}`;
        // Base64url's last character can carry unused bits: a change there may decode to the same bytes.
        const sameBytes = changed.split('.').every((part, i) => {
          const original = token.split('.')[i];
          return Buffer.from(part, 'base64url').equals(Buffer.from(original, 'base64url'));
        });
        fc.pre(!sameBytes);
        assert.equal((await openLinkToken(changed, mac, NOW)).ok, false);
      }),
      { numRuns: 300 },
    );
  });

  test('any report key round-trips', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 200, unit: 'grapheme' }), async (rest) => {
        fc.pre(!rest.split('/').includes('..'));
        const key = `reports/${rest}`;
        fc.pre(Buffer.byteLength(key) <= 1024); // S3's limit for a key
        const opened = await openLinkToken(await signLinkToken({ key, expiresAt: IN_A_WEEK }, mac), mac, NOW);
        assert.deepEqual(opened, { ok: true, claims: { key, expiresAt: IN_A_WEEK } });
      }),
      { numRuns: 200 },
    );
  });

  test('links are only signed for, and only honoured for, report objects', async () => {
    await assert.rejects(signLinkToken({ key: 'runs/r/clusters/x/snapshot.json.gz', expiresAt: IN_A_WEEK }, mac), {
      message: /reports\//,
    });
    // A correctly signed token for another prefix (a misused signer) is still refused.
    for (const key of ['runs/r/results.json', 'reports/../runs/r/results.json']) {
      const body = Buffer.from(JSON.stringify({ v: 1, k: key, e: IN_A_WEEK })).toString('base64url');
      const signature = Buffer.from(await mac.sign(Buffer.from(body, 'ascii'))).toString('base64url');
      assert.deepEqual(await openLinkToken(`${body}.${signature}`, mac, NOW), { ok: false, problem: 'out-of-scope' });
    }
  });

  test('the longest real key opens; missing, oversized and malformed tokens are refused before any MAC check', async () => {
    const refusing: LinkMac = {
      sign: mac.sign,
      verify: async () => assert.fail('the MAC must not be checked'),
    };
    assert.deepEqual(await openLinkToken(undefined, refusing, NOW), { ok: false, problem: 'missing' });
    assert.deepEqual(await openLinkToken('', refusing, NOW), { ok: false, problem: 'missing' });
    // The longest possible report key, all control characters (JSON escapes each as six), still opens.
    const longest = `reports/${'\u0001'.repeat(1016)}`;
    const token = await signLinkToken({ key: longest, expiresAt: IN_A_WEEK }, mac);
    assert.deepEqual(await openLinkToken(token, mac, NOW), {
      ok: true,
      claims: { key: longest, expiresAt: IN_A_WEEK },
    });
    const junk = [
      'abc',
      'a.b.c',
      'not base64!.x',
      `${'A'.repeat(9000)}.x`,
      `${Buffer.from('{"v":2,"k":"reports/x","e":1}').toString('base64url')}.AAAA`,
      `${Buffer.from('{"v":1,"k":"reports/x","e":1e300}').toString('base64url')}.AAAA`,
      `${Buffer.from('{"v":1,"k":"reports/x","e":-5}').toString('base64url')}.AAAA`,
      `${Buffer.from('[1,2]').toString('base64url')}.AAAA`,
      `${Buffer.from('{"toString":null}').toString('base64url')}.AAAA`,
    ];
    for (const token of junk) {
      assert.deepEqual(await openLinkToken(token, refusing, NOW), { ok: false, problem: 'malformed' }, token);
    }
  });

  test('the link URL carries the token as its one parameter', () => {
    const url = new URL(linkUrl('https://abc.lambda-url.eu-west-1.on.aws/?x=1', 'body.sig'));
    assert.equal(url.origin, 'https://abc.lambda-url.eu-west-1.on.aws');
    assert.deepEqual([...url.searchParams], [['t', 'body.sig']]);
  });

  test('an email’s redirect links end exactly at the whole minute it states, the configured days later', async () => {
    const issue = redirectLinks('https://links.example/', mac);
    const links = await issue(new Date('2026-11-30T06:10:42.500Z'), 7);
    assert.equal(links.limit, 'redirect');
    assert.equal(links.expiresAt.toISOString(), '2026-12-07T06:10:00.000Z');
    const token = new URL(await links.url(KEY)).searchParams.get('t') ?? '';
    assert.deepEqual(await openLinkToken(token, mac, NOW), {
      ok: true,
      claims: { key: KEY, expiresAt: links.expiresAt.getTime() / 1000 },
    });
  });
});

describe('KMS HMAC links (the real SDK client against a KMS emulator on 127.0.0.1)', () => {
  let kms: KmsEmulator;
  let client: KMSClient;
  let keyId: string;

  before(async () => {
    kms = await startKms('eu-west-1');
    keyId = kms.createHmacKey();
    client = new KMSClient({
      region: 'eu-west-1',
      endpoint: kms.url,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    });
  });
  after(async () => {
    client?.destroy();
    await kms?.close();
  });

  test('GenerateMac signs, VerifyMac accepts it and refuses another key’s MAC', async () => {
    const mac = kmsLinkMac(client, keyId);
    const token = await signLinkToken({ key: KEY, expiresAt: IN_A_WEEK }, mac);
    assert.equal((await openLinkToken(token, mac, NOW)).ok, true);
    const other = kmsLinkMac(client, kms.createHmacKey());
    assert.deepEqual(await openLinkToken(token, other, NOW), { ok: false, problem: 'forged' });
    assert.deepEqual(
      kms.calls.map((c) => [c.operation, c.signedFor]),
      [
        ['GenerateMac', 'kms'],
        ['VerifyMac', 'kms'],
        ['VerifyMac', 'kms'],
      ],
    );
  });

  test('a KMS failure other than a wrong MAC is an error, not a refusal', async () => {
    const gone = kmsLinkMac(client, 'arn:aws:kms:eu-west-1:111122223333:key/missing');
    const token = await signLinkToken({ key: KEY, expiresAt: IN_A_WEEK }, kmsLinkMac(client, keyId));
    await assert.rejects(openLinkToken(token, gone, NOW), { name: 'NotFoundException' });
  });
});
