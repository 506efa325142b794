/**
 * The CLI's signing key: a P-256 private key in PEM, from `--signing-key FILE` or, by default, the user's own key
 * under the config folder ($XDG_CONFIG_HOME/eks-compliance/, else ~/.config/eks-compliance/), created on first use
 * with its public key saved beside it. The private key file is created with mode 0600 and never overwritten.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { assertP256, firstLine, KeyError, keyIdOf, publicKeyPem, type Signer } from './keys.js';

export const LOCAL_KEY_FILE = 'signing-key.pem';
export const LOCAL_PUBLIC_KEY_FILE = 'signing-key.pub.pem';

/** $XDG_CONFIG_HOME/eks-compliance, else ~/.config/eks-compliance. */
export function configFolder(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.trim() !== '' ? env.XDG_CONFIG_HOME : undefined;
  return join(base ?? join(env.HOME || homedir(), '.config'), 'eks-compliance');
}

export function localSigner(privateKey: KeyObject): Signer {
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKeyPem(publicKey),
    async sign(message) {
      return sign('sha256', message, { key: privateKey, dsaEncoding: 'der' });
    },
  };
}

/** Reads a PEM private key file; throws KeyError naming the file. */
export async function readSigningKey(path: string): Promise<Signer> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new KeyError(`${path}: ${code === 'ENOENT' ? 'no such file' : firstLine(err)}`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(text);
  } catch (err) {
    throw new KeyError(`${path}: not a private key in PEM form (${firstLine(err)})`);
  }
  assertP256(key, path);
  return localSigner(key);
}

export interface DefaultKey {
  signer: Signer;
  path: string;
  publicKeyPath: string;
  /** True when this call created the key. */
  created: boolean;
}

/** The user's own key, created on first use. */
export async function defaultSigningKey(env: NodeJS.ProcessEnv): Promise<DefaultKey> {
  const folder = configFolder(env);
  const path = join(folder, LOCAL_KEY_FILE);
  const publicKeyPath = join(folder, LOCAL_PUBLIC_KEY_FILE);
  try {
    return { signer: await readSigningKey(path), path, publicKeyPath, created: false };
  } catch (err) {
    if (!(err instanceof KeyError) || !err.message.endsWith('no such file')) throw err;
  }
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const signer = localSigner(privateKey);
  try {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    // 'wx': never replace a key another process created meanwhile; that one is then used.
    await writeFile(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return defaultSigningKey(env);
    throw new KeyError(`${path}: cannot create the signing key (${firstLine(err)})`);
  }
  await writeFile(publicKeyPath, signer.publicKeyPem);
  return { signer, path, publicKeyPath, created: true };
}

/** The user's own public key, if there is one (for `verify` without --public-key). */
export async function defaultPublicKey(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const folder = configFolder(env);
  try {
    return await readFile(join(folder, LOCAL_PUBLIC_KEY_FILE), 'utf8');
  } catch {
    return undefined;
  }
}
