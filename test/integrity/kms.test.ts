/** The KMS signer against the KMS emulator over the real protocol: what it signs verifies as openssl would check it. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { KMSClient } from '@aws-sdk/client-kms';
import { keyIdOf, verifySignature } from '../../functions/integrity/keys.js';
import { kmsPublicKey, kmsSigner } from '../../functions/integrity/kms.js';
import { type KmsEmulator, startKms } from '../handlers/support/kms-emulator.js';

let kms: KmsEmulator;
let client: KMSClient;

before(async () => {
  kms = await startKms('eu-west-1');
  client = new KMSClient({
    region: 'eu-west-1',
    endpoint: kms.url,
    credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
  });
});
after(async () => {
  client?.destroy();
  await kms?.close();
});

test('a manifest of any size signed by the KMS key verifies with the key’s public key', async () => {
  const arn = kms.createSigningKey();
  const signer = await kmsSigner(client, arn);
  const { key } = await kmsPublicKey(client, arn);
  assert.equal(signer.kmsKeyArn, arn);
  assert.equal(signer.keyId, keyIdOf(key));
  assert.match(signer.publicKeyPem, /^-----BEGIN PUBLIC KEY-----/);
  // Larger than KMS's 4,096-byte RAW limit: the signer sends the digest.
  const manifest = randomBytes(20_000);
  const signature = await signer.sign(manifest);
  assert.equal(verifySignature(manifest, signature, key), true);
  const changed = Buffer.from(manifest);
  changed[7] ^= 1;
  assert.equal(verifySignature(changed, signature, key), false);
  assert.deepEqual(
    kms.calls.filter((c) => c.keyId === arn).map((c) => [c.operation, c.signedFor]),
    [
      ['GetPublicKey', 'kms'],
      ['GetPublicKey', 'kms'],
      ['Sign', 'kms'],
    ],
  );
});

test('an HMAC key is refused as a signing key, naming the key and what it is', async () => {
  const hmac = kms.createHmacKey();
  await assert.rejects(kmsSigner(client, hmac), /InvalidKeyUsage|not valid for an HMAC key/);
  await assert.rejects(kmsSigner(client, 'arn:aws:kms:eu-west-1:111122223333:key/nope'), /does not exist/);
});
