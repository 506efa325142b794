/**
 * A KMS endpoint on 127.0.0.1 with the operations the reporter uses, over the real protocol (JSON 1.1,
 * `X-Amz-Target: TrentService.<Operation>`, SigV4-signed by the SDK): GenerateMac and VerifyMac (report links) on
 * HMAC_256 keys, Sign and GetPublicKey (run manifests) on ECC_NIST_P256 SIGN_VERIFY keys. Each key is a secret known
 * only to the emulator, as KMS keeps its own; an unknown key id is NotFoundException, a key used for what it is not
 * for InvalidKeyUsageException and a wrong MAC KMSInvalidMacException, as KMS answers them. Every call is recorded
 * with the key id it named.
 */
import { createHmac, generateKeyPairSync, type KeyObject, randomBytes, sign, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface KmsCall {
  operation: string;
  keyId: string;
  /** The SigV4 credential scope's service, to prove the SDK signed for KMS. */
  signedFor: string;
}

export interface KmsEmulator {
  url: string;
  calls: KmsCall[];
  /** Creates an HMAC_256 key and returns its ARN. */
  createHmacKey(): string;
  /** Creates an ECC_NIST_P256 SIGN_VERIFY key and returns its ARN. */
  createSigningKey(): string;
  close(): Promise<void>;
}

const ACCOUNT = '111122223333';

// P-256 (FIPS 186-4 D.1.2.3): the field prime, the group order and the base point.
const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const A = P - 3n;
const G = {
  x: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  y: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
};
type Point = { x: bigint; y: bigint } | null;

const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;
function inverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [mod(a, m), m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return mod(s0, m);
}
function add(p: Point, q: Point): Point {
  if (!p) return q;
  if (!q) return p;
  if (p.x === q.x && mod(p.y + q.y, P) === 0n) return null;
  const l =
    p.x === q.x ? mod((3n * p.x * p.x + A) * inverse(2n * p.y, P), P) : mod((q.y - p.y) * inverse(q.x - p.x, P), P);
  const x = mod(l * l - p.x - q.x, P);
  return { x, y: mod(l * (p.x - x) - p.y, P) };
}
function multiply(k: bigint, p: Point): Point {
  let out: Point = null;
  for (let q = p; k > 0n; k >>= 1n, q = add(q, q)) if (k & 1n) out = add(out, q);
  return out;
}
const big = (b: Buffer) => BigInt(`0x${b.toString('hex') || '0'}`);
function derInteger(v: bigint): Buffer {
  let hex = v.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const bytes = Buffer.from(hex, 'hex');
  const body = bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
  return Buffer.concat([Buffer.from([0x02, body.length]), body]);
}

/**
 * ECDSA over a SHA-256 digest the caller computed (KMS's MessageType DIGEST), which node:crypto cannot do: it always
 * hashes what it signs. Textbook ECDSA with a random nonce; DER-encoded as KMS returns it.
 */
function signDigest(privateKey: KeyObject, digest: Buffer): Buffer {
  const d = big(Buffer.from(privateKey.export({ format: 'jwk' }).d as string, 'base64url'));
  const z = big(digest);
  for (;;) {
    const k = mod(big(randomBytes(32)), N);
    const point = k === 0n ? null : multiply(k, G);
    if (!point) continue;
    const r = mod(point.x, N);
    const s = mod(inverse(k, N) * (z + r * d), N);
    if (r === 0n || s === 0n) continue;
    const body = Buffer.concat([derInteger(r), derInteger(s)]);
    return Buffer.concat([Buffer.from([0x30, body.length]), body]);
  }
}

export async function startKms(region: string): Promise<KmsEmulator> {
  const keys = new Map<string, Buffer>();
  const signingKeys = new Map<string, { privateKey: KeyObject; publicKey: KeyObject }>();
  const calls: KmsCall[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = (status: number, body: unknown, errorType?: string) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(errorType ? { __type: errorType, message: String(body) } : body));
      };
      const operation = String(req.headers['x-amz-target'] ?? '').replace(/^TrentService\./, '');
      let input: {
        KeyId?: string;
        Message?: string;
        Mac?: string;
        MacAlgorithm?: string;
        MessageType?: string;
        SigningAlgorithm?: string;
      };
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        reply(400, 'the body is not JSON', 'SerializationException');
        return;
      }
      const keyId = input.KeyId ?? '';
      const signedFor = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? '';
      calls.push({ operation, keyId, signedFor });
      const pair = signingKeys.get(keyId);
      if (pair && (operation === 'Sign' || operation === 'GetPublicKey')) {
        if (operation === 'GetPublicKey') {
          reply(200, {
            KeyId: keyId,
            KeySpec: 'ECC_NIST_P256',
            KeyUsage: 'SIGN_VERIFY',
            SigningAlgorithms: ['ECDSA_SHA_256'],
            PublicKey: pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
          });
          return;
        }
        if (input.SigningAlgorithm !== 'ECDSA_SHA_256') {
          reply(400, `${input.SigningAlgorithm} is not valid for this key`, 'InvalidKeyUsageException');
          return;
        }
        const message = Buffer.from(input.Message ?? '', 'base64');
        const type = input.MessageType ?? 'RAW';
        if ((type === 'RAW' && message.length > 4096) || (type === 'DIGEST' && message.length !== 32)) {
          reply(
            400,
            `a ${type} message of ${message.length} bytes is not valid for ECDSA_SHA_256`,
            'ValidationException',
          );
          return;
        }
        const signature =
          type === 'DIGEST'
            ? signDigest(pair.privateKey, message)
            : sign('sha256', message, { key: pair.privateKey, dsaEncoding: 'der' });
        reply(200, { KeyId: keyId, Signature: signature.toString('base64'), SigningAlgorithm: 'ECDSA_SHA_256' });
        return;
      }
      if (pair) {
        reply(400, `${operation} is not valid for a SIGN_VERIFY key`, 'InvalidKeyUsageException');
        return;
      }
      const secret = keys.get(keyId);
      if (secret && (operation === 'Sign' || operation === 'GetPublicKey')) {
        reply(400, `${operation} is not valid for an HMAC key`, 'InvalidKeyUsageException');
        return;
      }
      if (!secret) {
        reply(400, `Key '${keyId}' does not exist`, 'NotFoundException');
        return;
      }
      if (input.MacAlgorithm !== 'HMAC_SHA_256') {
        reply(400, `${input.MacAlgorithm} is not valid for this key`, 'InvalidKeyUsageException');
        return;
      }
      // KMS's limits on the input: a Message of 1 to 4,096 bytes, a Mac of 1 to 6,144.
      const message = Buffer.from(input.Message ?? '', 'base64');
      const given = Buffer.from(input.Mac ?? '', 'base64');
      if (message.length < 1 || message.length > 4096 || (operation === 'VerifyMac' && given.length > 6144)) {
        reply(
          400,
          "1 validation error detected: Value at 'message' failed to satisfy constraint",
          'ValidationException',
        );
        return;
      }
      const mac = createHmac('sha256', secret).update(message).digest();
      if (operation === 'GenerateMac') {
        reply(200, { KeyId: keyId, Mac: mac.toString('base64'), MacAlgorithm: input.MacAlgorithm });
        return;
      }
      if (operation === 'VerifyMac') {
        if (given.length !== mac.length || !timingSafeEqual(given, mac)) {
          reply(400, 'The MAC does not match', 'KMSInvalidMacException');
          return;
        }
        reply(200, { KeyId: keyId, MacValid: true, MacAlgorithm: input.MacAlgorithm });
        return;
      }
      reply(400, `${operation} is not emulated`, 'UnsupportedOperationException');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    createHmacKey() {
      const arn = `arn:aws:kms:${region}:${ACCOUNT}:key/${randomBytes(16).toString('hex')}`;
      keys.set(arn, randomBytes(32));
      return arn;
    },
    createSigningKey() {
      const arn = `arn:aws:kms:${region}:${ACCOUNT}:key/${randomBytes(16).toString('hex')}`;
      signingKeys.set(arn, generateKeyPairSync('ec', { namedCurve: 'prime256v1' }));
      return arn;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
