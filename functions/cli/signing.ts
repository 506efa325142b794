/**
 * `--signing-key FILE` / `--no-sign` → the signer a run's manifest is signed with. Without either, the user's own key
 * under the config folder, created on first use; its creation is announced with the public key, which a reader of
 * the reports needs in order to verify them.
 */
import { KeyError, type Signer } from '../integrity/keys.js';
import { defaultSigningKey, readSigningKey } from '../integrity/local-key.js';
import { InputError } from '../snapshot/io.js';

export interface SigningOptions {
  signingKey?: string;
  /** commander's `--no-sign`: false when given. */
  sign?: boolean;
}

export async function resolveSigner(
  opts: SigningOptions,
  env: NodeJS.ProcessEnv,
  say: (text: string) => void,
): Promise<Signer | undefined> {
  if (opts.sign === false) {
    if (opts.signingKey !== undefined) throw new InputError('--signing-key', 'cannot be used with --no-sign');
    return undefined;
  }
  try {
    if (opts.signingKey !== undefined) return await readSigningKey(opts.signingKey);
    const key = await defaultSigningKey(env);
    if (key.created) {
      say(
        `created a signing key for run manifests: ${key.path}\n` +
          `its public key (${key.signer.keyId}), saved as ${key.publicKeyPath}; give it to whoever verifies your reports:\n` +
          key.signer.publicKeyPem,
      );
    }
    return key.signer;
  } catch (err) {
    if (err instanceof KeyError) {
      throw new InputError(opts.signingKey !== undefined ? '--signing-key' : 'signing key', err.message);
    }
    throw err;
  }
}
