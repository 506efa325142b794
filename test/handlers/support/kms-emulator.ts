/**
 * A KMS endpoint on 127.0.0.1 with the two operations report links use, GenerateMac and VerifyMac, over the real
 * protocol (JSON 1.1, `X-Amz-Target: TrentService.<Operation>`, SigV4-signed by the SDK). Each HMAC key is a random
 * secret known only to the emulator, as KMS keeps its own; an unknown key id is NotFoundException and a wrong MAC
 * KMSInvalidMacException, as KMS answers them. Every call is recorded with the key id it named.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
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
  close(): Promise<void>;
}

const ACCOUNT = '111122223333';

export async function startKms(region: string): Promise<KmsEmulator> {
  const keys = new Map<string, Buffer>();
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
      let input: { KeyId?: string; Message?: string; Mac?: string; MacAlgorithm?: string };
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        reply(400, 'the body is not JSON', 'SerializationException');
        return;
      }
      const keyId = input.KeyId ?? '';
      const signedFor = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? '';
      calls.push({ operation, keyId, signedFor });
      const secret = keys.get(keyId);
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
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
