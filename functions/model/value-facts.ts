import type { ValueFact } from './snapshot.js';
import { safeText } from './untrusted.js';

/**
 * Classifies a literal value without keeping it. The collector stores only the fact, so a snapshot, a report or a
 * log can never leak the value itself.
 */
export function classifyValue(value: unknown, keyName = ''): ValueFact {
  if (value === undefined || value === null) return 'empty';
  const text = safeText(value);
  if (text.trim() === '') return 'empty';
  if (/\b(AKIA|ASIA)[A-Z0-9]{16}\b/.test(text)) return 'aws-access-key';
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) return 'private-key';
  if (/^eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(text.trim())) return 'jwt';
  if (/aws_?secret_?access_?key/i.test(keyName) && /^[A-Za-z0-9/+=]{40}$/.test(text.trim())) return 'aws-secret-key';
  if (/^bearer\s+[A-Za-z0-9._~+/=-]{8,}$/i.test(text.trim())) return 'password-like';
  // A key name alone is weak evidence: PASSWORD_FILE=/run/secrets/db says where the credential is, not what it is.
  if (/^\/\S*$/.test(text.trim())) return 'other';
  if (/(passw(or)?d|secret|token|api_?key|credential|private_?key)/i.test(keyName)) return 'password-like';
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
