import type { ValueFact } from './snapshot.js';
import { safeText } from './untrusted.js';

/**
 * A key, flag or variable name that names a credential: `DB_PASSWORD`, `--token`, `api_key`, `CLIENT_SECRET`. The
 * one vocabulary for the collector's value facts and its redaction of command lines (functions/kube/redact.ts).
 */
export const CREDENTIAL_NAME =
  /(passw(or)?d|passwd|pwd|secret|token|api[-_]?key|access[-_]?key|auth[-_]?key|credential|private[-_]?key|bearer)/i;

/**
 * A name that points at a credential instead of holding one: `AWS_WEB_IDENTITY_TOKEN_FILE`, `API_TOKEN_PATH`,
 * `--tls-secret-name`, `passwordRef`. Its value says where the credential is (a file the app reads, a Secret it
 * looks up), so the name is no evidence; a value that is a credential by its form is still caught.
 */
export const REFERENCE_NAME = /(name|ref|file|path|dir|namespace)$/i;

/** True for a name that names a credential and does not merely point at one. */
export const namesCredential = (name: string): boolean => CREDENTIAL_NAME.test(name) && !REFERENCE_NAME.test(name);

/** `scheme://…`: a URL (the whole value, no whitespace). */
const URL_VALUE = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;

/** `scheme://user:password@host`: a URL that carries a password. */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i;

/**
 * A URL that carries a credential: a password in its user info, or a query parameter named like a credential
 * (`?token=…`, `&api_key=…`). Any other URL is where something is, not a credential, whatever the variable's name
 * (`AWS_CONTAINER_CREDENTIALS_FULL_URI=http://169.254.170.23/v1/credentials`, set by the EKS Pod Identity webhook).
 */
function urlCarriesCredential(url: string): boolean {
  if (URL_WITH_PASSWORD.test(url)) return true;
  const query = url.split(/[?#]/)[1];
  if (query === undefined) return false;
  return query.split('&').some((pair) => {
    const [name, value] = pair.split('=');
    return value !== undefined && value !== '' && namesCredential(name);
  });
}

/**
 * Classifies a literal value without keeping it. The collector stores only the fact, so a snapshot, a report or a
 * log can never leak the value itself.
 *
 * By its form, a value is a credential under any name: an AWS access key id, a private key, a JWT, an HTTP bearer
 * credential, a URL with a password or a credential parameter. By its name alone (`DB_PASSWORD=hunter2`), a value is
 * password-like unless it is an absolute file path (Kubescape C-0012 reads it so), a URL without a credential, or the
 * name only points at a credential (`*_FILE`, `*_PATH`, `*_DIR`, `*_NAME`, `*Ref`: see REFERENCE_NAME).
 */
export function classifyValue(value: unknown, keyName = ''): ValueFact {
  if (value === undefined || value === null) return 'empty';
  const text = safeText(value);
  const trimmed = text.trim();
  if (trimmed === '') return 'empty';
  if (/\b(AKIA|ASIA)[A-Z0-9]{16}\b/.test(text)) return 'aws-access-key';
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) return 'private-key';
  if (/^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(trimmed)) return 'jwt';
  if (/aws_?secret_?access_?key/i.test(keyName) && /^[A-Za-z0-9/+=]{40}$/.test(trimmed)) return 'aws-secret-key';
  if (/^bearer\s+[A-Za-z0-9._~+/=-]{8,}$/i.test(trimmed)) return 'password-like';
  if (URL_VALUE.test(trimmed)) return urlCarriesCredential(trimmed) ? 'password-like' : 'other';
  // A key name alone is weak evidence: PASSWORD_FILE=/run/secrets/db says where the credential is, not what it is.
  if (/^\/\S*$/.test(trimmed)) return 'other';
  if (namesCredential(keyName)) return 'password-like';
  return 'other';
}

/** Facts that mean "a credential sits here in clear text". */
export const CREDENTIAL_FACTS: ReadonlySet<ValueFact> = new Set([
  'aws-access-key',
  'aws-secret-key',
  'private-key',
  'jwt',
  'password-like',
]);
