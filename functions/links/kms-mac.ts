/**
 * LinkMac over a KMS HMAC key (KeySpec HMAC_256): the Report function may only GenerateMac, the link function may
 * only VerifyMac, and the key material never leaves KMS.
 */
import { GenerateMacCommand, type KMSClient, KMSInvalidMacException, VerifyMacCommand } from '@aws-sdk/client-kms';
import { type LinkMac, MacInputRejected } from './link-token.js';

const ALGORITHM = 'HMAC_SHA_256';

export function kmsLinkMac(client: KMSClient, keyId: string): LinkMac {
  return {
    async sign(message) {
      const out = await client.send(
        new GenerateMacCommand({ KeyId: keyId, Message: message, MacAlgorithm: ALGORITHM }),
      );
      if (!out.Mac) throw new Error(`KMS GenerateMac with ${keyId} returned no MAC`);
      return out.Mac;
    },
    async verify(message, mac) {
      try {
        const out = await client.send(
          new VerifyMacCommand({ KeyId: keyId, Message: message, Mac: mac, MacAlgorithm: ALGORITHM }),
        );
        return out.MacValid === true;
      } catch (err) {
        // KMS answers a wrong MAC with an exception, and input it cannot take (a MAC or message of the wrong size)
        // with a ValidationException: both are the link's fault. Every other failure (access, throttling) is the
        // caller's 5xx.
        if (err instanceof KMSInvalidMacException) return false;
        if ((err as { name?: unknown } | null)?.name === 'ValidationException') {
          throw new MacInputRejected(`KMS refused the MAC check's input: ${(err as Error).message}`);
        }
        throw err;
      }
    },
  };
}
