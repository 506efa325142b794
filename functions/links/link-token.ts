/**
 * Report links that outlive the credentials of the function that wrote them.
 *
 * A link names one report object and when it stops working, and carries a MAC over both from a KMS HMAC key.
 * The link function checks the MAC with VerifyMac and then presigns the object for a few minutes with its own,
 * current credentials. So a link works for as long as it says, and nothing secret ever leaves KMS.
 *
 * Token: base64url(JSON claims) "." base64url(MAC of the first part's bytes).
 */

/** What a link grants: one object, until a time. */
export interface LinkClaims {
  /** The S3 key of the report object; only keys under REPORTS_PREFIX are ever honoured. */
  key: string;
  /** When the link stops working, in whole seconds since the epoch. */
  expiresAt: number;
}

/** MACs over link tokens. In Lambda: KMS GenerateMac / VerifyMac (kms-mac.ts). */
export interface LinkMac {
  sign(message: Uint8Array): Promise<Uint8Array>;
  verify(message: Uint8Array, mac: Uint8Array): Promise<boolean>;
}

/** Links open report objects only, never results, snapshots or history. */
export const REPORTS_PREFIX = 'reports/';
const TOKEN_VERSION = 1;
/**
 * A token longer than this is not one of ours; refused before any call to KMS. An S3 key is at most 1,024 bytes,
 * which JSON escaping can grow sixfold and base64 by a third: about 8.2 K characters, plus the MAC.
 */
const MAX_TOKEN_LENGTH = 9_000;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export type OpenedLink =
  | { ok: true; claims: LinkClaims }
  | { ok: false; problem: 'missing' | 'malformed' | 'forged' | 'out-of-scope' }
  | { ok: false; problem: 'expired'; claims: LinkClaims };

export async function signLinkToken(claims: LinkClaims, mac: LinkMac): Promise<string> {
  if (!claims.key.startsWith(REPORTS_PREFIX)) throw new Error(`a report link must name a key under ${REPORTS_PREFIX}`);
  const body = Buffer.from(JSON.stringify({ v: TOKEN_VERSION, k: claims.key, e: claims.expiresAt })).toString(
    'base64url',
  );
  const signature = await mac.sign(Buffer.from(body, 'ascii'));
  return `${body}.${Buffer.from(signature).toString('base64url')}`;
}

/**
 * Checks a token: its shape and expiry first (no KMS call for junk or stale links), then the MAC, and last the
 * scope (a correctly signed key outside reports/ would mean the signer was misused; it is refused all the same).
 */
export async function openLinkToken(token: string | undefined, mac: LinkMac, now: Date): Promise<OpenedLink> {
  if (!token) return { ok: false, problem: 'missing' };
  if (token.length > MAX_TOKEN_LENGTH || !TOKEN_SHAPE.test(token)) return { ok: false, problem: 'malformed' };
  const [body, signature] = token.split('.');
  const claims = claimsOf(body);
  if (!claims) return { ok: false, problem: 'malformed' };
  if (claims.expiresAt * 1000 <= now.getTime()) return { ok: false, problem: 'expired', claims };
  const valid = await mac.verify(Buffer.from(body, 'ascii'), Buffer.from(signature, 'base64url'));
  if (!valid) return { ok: false, problem: 'forged' };
  if (!claims.key.startsWith(REPORTS_PREFIX) || claims.key.split('/').includes('..')) {
    return { ok: false, problem: 'out-of-scope' };
  }
  return { ok: true, claims };
}

function claimsOf(body: string): LinkClaims | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { v, k, e } = parsed as Record<string, unknown>;
  if (v !== TOKEN_VERSION || typeof k !== 'string' || k === '' || !isEpochSeconds(e)) return undefined;
  return { key: k, expiresAt: e };
}

/** Whole seconds a Date can hold (±8.64e15 ms), from the epoch on. */
function isEpochSeconds(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= 8_640_000_000_000;
}

/** The link as it goes into the email: the function URL with the token as its one query parameter. */
export function linkUrl(baseUrl: string, token: string): string {
  const url = new URL(baseUrl);
  url.search = '';
  url.searchParams.set('t', token);
  return url.toString();
}
