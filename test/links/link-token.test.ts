import assert from 'node:assert/strict';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { KMSClient } from '@aws-sdk/client-kms';
import fc from 'fast-check';
import { kmsLinkMac } from '../../functions/links/kms-mac.js';
import {
  type LinkMac,
  linkUrl,
  MAX_TOKEN_BYTES,
  MacInputRejected,
  openLinkToken,
  signLinkToken,
} from '../../functions/links/link-token.js';
import { redirectLinks } from '../../functions/links/redirect-links.js';
import { reportPrefix } from '../../functions/run/layout.js';
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
/** report.linkExpiryDays: 7, the default. */
const LIMITS = { maxLifetimeDays: 7 };

describe('link tokens', () => {
  const mac = hmacMac();

  test('a signed link opens, naming its key and expiry', async () => {
    const token = await signLinkToken({ key: KEY, expiresAt: IN_A_WEEK }, mac);
    assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    assert.deepEqual(await openLinkToken(token, mac, NOW, LIMITS), {
      ok: true,
      claims: { key: KEY, expiresAt: IN_A_WEEK },
    });
  });

  test('it stops at its expiry, to the second, without asking the MAC', async () => {
    const token = await signLinkToken({ key: KEY, expiresAt: IN_A_WEEK }, mac);
    const justBefore = new Date((IN_A_WEEK - 1) * 1000);
    assert.equal((await openLinkToken(token, mac, justBefore, LIMITS)).ok, true);
    let verified = 0;
    const counting: LinkMac = {
      sign: mac.sign,
      verify: async (...a) => {
        verified++;
        return mac.verify(...a);
      },
    };
    const expired = await openLinkToken(token, counting, new Date(IN_A_WEEK * 1000), LIMITS);
    assert.deepEqual(expired, { ok: false, problem: 'expired', claims: { key: KEY, expiresAt: IN_A_WEEK } });
    assert.equal(verified, 0);
  });

  test('another key, a changed key or a changed expiry is refused as forged', async () => {
    const token = await signLinkToken({ key: KEY, expiresAt: IN_A_WEEK }, mac);
    assert.deepEqual(await openLinkToken(token, hmacMac(), NOW, LIMITS), { ok: false, problem: 'forged' });
    const [, signature] = token.split('.');
    for (const claims of [
      { v: 1, k: KEY.replace('alpha', 'beta'), e: IN_A_WEEK },
      { v: 1, k: KEY, e: IN_A_WEEK - 86_400 },
    ]) {
      const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
      assert.deepEqual(await openLinkToken(`${body}.${signature}`, mac, NOW, LIMITS), { ok: false, problem: 'forged' });
    }
  });

  test('any change to any character of a token is refused', async () => {
    const token = await signLinkToken({ key: KEY, expiresAt: IN_A_WEEK }, mac);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: token.length - 1 }), fc.constantFrom(...alphabet), async (at, ch) => {
        fc.pre(token[at] !== '.' && token[at] !== ch);
        const changed = `${token.slice(0, at)}${ch}${token.slice(at + 1)}`;
        // Even a change that decodes to the same bytes (base64url's last character can carry unused bits).
        assert.equal((await openLinkToken(changed, mac, NOW, LIMITS)).ok, false);
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
        const opened = await openLinkToken(await signLinkToken({ key, expiresAt: IN_A_WEEK }, mac), mac, NOW, LIMITS);
        assert.deepEqual(opened, { ok: true, claims: { key, expiresAt: IN_A_WEEK } });
      }),
      { numRuns: 200 },
    );
  });

  test('links are only signed for, and only honoured for, report objects', async () => {
    await assert.rejects(signLinkToken({ key: 'runs/r/clusters/x/snapshot.json.gz', expiresAt: IN_A_WEEK }, mac), {
      message: /reports\//,
    });
    // The evidence copies beside a cluster's reports (results, snapshot) are under reports/ but are not reports.
    await assert.rejects(
      signLinkToken({ key: 'reports/r/111122223333/eu-west-1/a/snapshot.json.gz', expiresAt: IN_A_WEEK }, mac),
      { message: /reports\// },
    );
    // A correctly signed token for another prefix, or for an evidence copy (a misused signer), is still refused.
    for (const key of [
      'runs/r/results.json',
      'reports/../runs/r/results.json',
      'reports/r/111122223333/eu-west-1/a/snapshot.json.gz',
      'reports/r/111122223333/eu-west-1/a/results.json',
    ]) {
      const body = Buffer.from(JSON.stringify({ v: 1, k: key, e: IN_A_WEEK })).toString('base64url');
      const signature = Buffer.from(await mac.sign(Buffer.from(body, 'ascii'))).toString('base64url');
      assert.deepEqual(await openLinkToken(`${body}.${signature}`, mac, NOW, LIMITS), {
        ok: false,
        problem: 'out-of-scope',
      });
    }
  });

  test('the longest real key opens; missing, oversized and malformed tokens are refused before any MAC check', async () => {
    const refusing: LinkMac = {
      sign: mac.sign,
      verify: async () => assert.fail('the MAC must not be checked'),
    };
    assert.deepEqual(await openLinkToken(undefined, refusing, NOW, LIMITS), { ok: false, problem: 'missing' });
    assert.deepEqual(await openLinkToken('', refusing, NOW, LIMITS), { ok: false, problem: 'missing' });
    // The longest key the Report function links opens: a 128-character run id of three-byte letters, a 100-character
    // cluster name, an account and the longest region name.
    const cluster = { name: 'c'.repeat(100), region: 'ap-southeast-5', account: '111122223333' };
    const longest = `${reportPrefix('運'.repeat(128), cluster)}findings.csv`;
    const token = await signLinkToken({ key: longest, expiresAt: IN_A_WEEK }, mac);
    assert.ok(token.length <= MAX_TOKEN_BYTES);
    assert.deepEqual(await openLinkToken(token, mac, NOW, LIMITS), {
      ok: true,
      claims: { key: longest, expiresAt: IN_A_WEEK },
    });
    // A key whose token would not fit is refused when signing, so no email carries a link the function refuses.
    await assert.rejects(signLinkToken({ key: `reports/${'\u0001'.repeat(1016)}`, expiresAt: IN_A_WEEK }, mac), {
      message: /would exceed 4096 bytes/,
    });
    // Over 4,096 bytes, counted in bytes: a token of multi-byte characters is measured as sent.
    const [body, signature] = token.split('.');
    for (const oversized of [`${'A'.repeat(MAX_TOKEN_BYTES - 43)}.${signature}`, `${'é'.repeat(2100)}.${signature}`]) {
      assert.deepEqual(await openLinkToken(oversized, refusing, NOW, LIMITS), { ok: false, problem: 'malformed' });
    }
    // One spelling per MAC: the same bytes with the unused low bits of the last character set, or with padding,
    // or a MAC of another length, are refused before KMS.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(signature.at(-1) ?? '');
    for (const alias of [1, 2, 3].map((bits) => `${signature.slice(0, -1)}${alphabet[last ^ bits]}`)) {
      assert.ok(Buffer.from(alias, 'base64url').equals(Buffer.from(signature, 'base64url')));
      assert.deepEqual(await openLinkToken(`${body}.${alias}`, refusing, NOW, LIMITS), {
        ok: false,
        problem: 'malformed',
      });
    }
    for (const other of [`${signature}=`, signature.slice(0, 22), `${signature}AAAA`]) {
      assert.deepEqual(await openLinkToken(`${body}.${other}`, refusing, NOW, LIMITS), {
        ok: false,
        problem: 'malformed',
      });
    }
    const junk = [
      'abc',
      'a.b.c',
      'not base64!.x',
      `${'A'.repeat(5000)}.x`,
      `${Buffer.from('{"v":2,"k":"reports/x","e":1}').toString('base64url')}.AAAA`,
      `${Buffer.from('{"v":1,"k":"reports/x","e":1e300}').toString('base64url')}.AAAA`,
      `${Buffer.from('{"v":1,"k":"reports/x","e":-5}').toString('base64url')}.AAAA`,
      `${Buffer.from('[1,2]').toString('base64url')}.AAAA`,
      `${Buffer.from('{"toString":null}').toString('base64url')}.AAAA`,
    ];
    for (const token of junk) {
      assert.deepEqual(await openLinkToken(token, refusing, NOW, LIMITS), { ok: false, problem: 'malformed' }, token);
    }
  });

  test('a link claiming to last longer than linkExpiryDays (plus a minute of skew) is refused before KMS', async () => {
    const refusing: LinkMac = { sign: mac.sign, verify: async () => assert.fail('the MAC must not be checked') };
    const now = NOW.getTime() / 1000;
    for (const days of [1, 7]) {
      const limits = { maxLifetimeDays: days };
      const latest = now + days * 86_400 + 60;
      const tooLate = await signLinkToken({ key: KEY, expiresAt: latest + 1 }, mac);
      assert.deepEqual(await openLinkToken(tooLate, refusing, NOW, limits), { ok: false, problem: 'too-long' });
      // Within the skew, the MAC decides.
      const justIn = await signLinkToken({ key: KEY, expiresAt: latest }, mac);
      assert.equal((await openLinkToken(justIn, mac, NOW, limits)).ok, true);
    }
    // A link issued for the configured days opens to its last second.
    const issued = await (await redirectLinks('https://links.example/', mac)(NOW, 3)).url(KEY);
    const token = new URL(issued).searchParams.get('t') ?? '';
    assert.equal((await openLinkToken(token, mac, NOW, { maxLifetimeDays: 3 })).ok, true);
    const lastSecond = new Date(NOW.getTime() + 3 * 86_400_000 - 1000);
    assert.equal((await openLinkToken(token, mac, lastSecond, { maxLifetimeDays: 3 })).ok, true);
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
    assert.deepEqual(await openLinkToken(token, mac, NOW, LIMITS), {
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
    assert.equal((await openLinkToken(token, mac, NOW, LIMITS)).ok, true);
    const other = kmsLinkMac(client, kms.createHmacKey());
    assert.deepEqual(await openLinkToken(token, other, NOW, LIMITS), { ok: false, problem: 'forged' });
    assert.deepEqual(
      kms.calls.map((c) => [c.operation, c.signedFor]),
      [
        ['GenerateMac', 'kms'],
        ['VerifyMac', 'kms'],
        ['VerifyMac', 'kms'],
      ],
    );
  });

  test("input KMS refuses (ValidationException) is the link's fault: a refusal, not an outage", async () => {
    const mac = kmsLinkMac(client, keyId);
    await assert.rejects(mac.verify(new Uint8Array(4097), new Uint8Array(32)), (err: Error) => {
      assert.ok(err instanceof MacInputRejected);
      assert.match(err.message, /validation error/);
      return true;
    });
    const refusedByKms: LinkMac = {
      sign: mac.sign,
      verify: () => mac.verify(new Uint8Array(4097), new Uint8Array(32)),
    };
    const token = await signLinkToken({ key: KEY, expiresAt: IN_A_WEEK }, mac);
    assert.deepEqual(await openLinkToken(token, refusedByKms, NOW, LIMITS), { ok: false, problem: 'malformed' });
  });

  test('a KMS failure other than a wrong MAC is an error, not a refusal', async () => {
    const gone = kmsLinkMac(client, 'arn:aws:kms:eu-west-1:111122223333:key/missing');
    const token = await signLinkToken({ key: KEY, expiresAt: IN_A_WEEK }, kmsLinkMac(client, keyId));
    await assert.rejects(openLinkToken(token, gone, NOW, LIMITS), { name: 'NotFoundException' });
  });
});
