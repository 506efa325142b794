/**
 * Signing keys and signatures: ECDSA on P-256 over SHA-256, the signature DER-encoded, as both
 * `openssl dgst -sha256 -sign/-verify` and KMS (`ECDSA_SHA_256` on an `ECC_NIST_P256` key) write and read it. One
 * format for a local key and a KMS key, so one verifier serves both and an auditor needs only openssl.
 *
 * A key's identity is the SHA-256 of its public key in DER SubjectPublicKeyInfo form, the bytes
 * `openssl pkey -pubin -in public-key.pem -outform DER | openssl dgst -sha256` hashes.
 */
import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';

/** The manifest's name for the algorithm. */
export const SIGNATURE_ALGORITHM = 'ECDSA_P256_SHA256' as const;

/** Something that signs manifests: a local private key or a KMS key. */
export interface Signer {
  /** `sha256:<hex>` of the public key (DER SubjectPublicKeyInfo). */
  keyId: string;
  /** The public key, PEM ("-----BEGIN PUBLIC KEY-----"), published beside the reports. */
  publicKeyPem: string;
  /** The KMS key that signs, when it is one. */
  kmsKeyArn?: string;
  /** A DER-encoded ECDSA signature over SHA-256 of `message`. */
  sign(message: Uint8Array): Promise<Buffer>;
}

export class KeyError extends Error {
  override name = 'KeyError';
}

/** `sha256:<hex>` of a public key's DER SubjectPublicKeyInfo. */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(der).digest('hex')}`;
}

/** Throws KeyError unless the key is an EC key on P-256 (prime256v1), the only curve the manifests use. */
export function assertP256(key: KeyObject, what: string): void {
  const curve = key.asymmetricKeyType === 'ec' ? key.asymmetricKeyDetails?.namedCurve : undefined;
  if (curve !== 'prime256v1') {
    const found = key.asymmetricKeyType === 'ec' ? `an EC key on ${curve}` : `a ${key.asymmetricKeyType} key`;
    throw new KeyError(`${what} is ${found}; manifests are signed with ECDSA on P-256 (prime256v1)`);
  }
}

/** A public key from PEM (a public key, or a private key whose public half is taken) or from DER SPKI bytes. */
export function parsePublicKey(bytes: Uint8Array, what: string): KeyObject {
  const buffer = Buffer.from(bytes);
  let key: KeyObject;
  try {
    const text = buffer.toString('latin1');
    key = text.includes('-----BEGIN')
      ? createPublicKey(text)
      : createPublicKey({ key: buffer, format: 'der', type: 'spki' });
  } catch (err) {
    throw new KeyError(`${what} is not a public key in PEM or DER form (${firstLine(err)})`);
  }
  assertP256(key, what);
  return key;
}

export function publicKeyPem(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

/** True when `signature` (DER) is a valid ECDSA/SHA-256 signature of `message` by `publicKey`. */
export function verifySignature(message: Uint8Array, signature: Uint8Array, publicKey: KeyObject): boolean {
  try {
    return verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, signature);
  } catch {
    // A malformed DER signature is an invalid one.
    return false;
  }
}

export function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}
