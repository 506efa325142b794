/**
 * A KMS key as a manifest signer and as a verifier's public key: an asymmetric ECC_NIST_P256 key for SIGN_VERIFY,
 * signing the manifest's SHA-256 (MessageType DIGEST with ECDSA_SHA_256: a RAW message may not exceed 4,096 bytes,
 * and a manifest with waivers does) and returning a DER signature, the same format a local key writes and
 * `openssl dgst -sha256 -verify` reads. The public key is read once, with GetPublicKey.
 */
import { createHash } from 'node:crypto';
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { KeyError, keyIdOf, parsePublicKey, publicKeyPem, type Signer } from './keys.js';

export async function kmsPublicKey(client: KMSClient, keyId: string) {
  const out = await client.send(new GetPublicKeyCommand({ KeyId: keyId }));
  if (out.KeySpec !== 'ECC_NIST_P256' || out.KeyUsage !== 'SIGN_VERIFY' || !out.PublicKey) {
    throw new KeyError(
      `KMS key ${keyId} is ${out.KeySpec ?? 'of unknown spec'} for ${out.KeyUsage ?? 'unknown use'}; manifests need an ECC_NIST_P256 SIGN_VERIFY key`,
    );
  }
  return { key: parsePublicKey(out.PublicKey, `KMS key ${keyId}`), arn: out.KeyId ?? keyId };
}

export async function kmsSigner(client: KMSClient, keyId: string): Promise<Signer> {
  const { key, arn } = await kmsPublicKey(client, keyId);
  return {
    keyId: keyIdOf(key),
    publicKeyPem: publicKeyPem(key),
    kmsKeyArn: arn,
    async sign(message) {
      const out = await client.send(
        new SignCommand({
          KeyId: arn,
          Message: createHash('sha256').update(message).digest(),
          MessageType: 'DIGEST',
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      );
      if (!out.Signature) throw new Error(`KMS Sign with ${arn} returned no signature`);
      return Buffer.from(out.Signature);
    },
  };
}
