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
/**
 * The copies of results.json and the snapshot kept beside each cluster's reports as signed evidence
 * (functions/run/evidence.ts) are under reports/ too, but are not reports: no link opens them.
 */
const NEVER_LINKED = /(^|\/)(snapshot\.json\.gz|results\.json)$/;
const TOKEN_VERSION = 1;
/**
 * A token longer than this (in bytes) is not one of ours; refused before any call to KMS, so junk cannot make the
 * public function spend KMS requests. The keys the Report function links are a few hundred bytes (a run id of at
 * most 128 characters, an account, a region and a cluster name of at most 100); signLinkToken refuses a key whose
 * token would not fit, so no email ever carries a link the function refuses.
 */
export const MAX_TOKEN_BYTES = 4_096;
/** HMAC_SHA_256 MACs are 32 bytes: 43 base64url characters, unpadded. */
const MAC_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** How far the link function's clock may be behind the Report function's, when checking a link's lifetime. */
export const CLOCK_SKEW_MS = 60_000;

export type OpenedLink =
  | { ok: true; claims: LinkClaims }
  | { ok: false; problem: 'missing' | 'malformed' | 'forged' | 'out-of-scope' | 'too-long' }
  | { ok: false; problem: 'expired'; claims: LinkClaims };

/**
 * KMS refused the MAC check's input itself (a ValidationException): the link is malformed, not the service down.
 * kms-mac.ts throws it; openLinkToken turns it into a refusal.
 */
export class MacInputRejected extends Error {
  override name = 'MacInputRejected';
}

/** What a link may claim: it ends by now plus the longest lifetime a link is issued for. */
export interface LinkLimits {
  /** report.linkExpiryDays of the stack's config: no link is issued for longer. */
  maxLifetimeDays: number;
}

export async function signLinkToken(claims: LinkClaims, mac: LinkMac): Promise<string> {
  if (!claims.key.startsWith(REPORTS_PREFIX) || NEVER_LINKED.test(claims.key)) {
    throw new Error(`a report link must name a report under ${REPORTS_PREFIX}`);
  }
  const body = Buffer.from(JSON.stringify({ v: TOKEN_VERSION, k: claims.key, e: claims.expiresAt })).toString(
    'base64url',
  );
  const signature = await mac.sign(Buffer.from(body, 'ascii'));
  const token = `${body}.${Buffer.from(signature).toString('base64url')}`;
  if (token.length > MAX_TOKEN_BYTES) {
    throw new Error(`a report link for this ${claims.key.length}-character key would exceed ${MAX_TOKEN_BYTES} bytes`);
  }
  return token;
}

/** base64url as Buffer writes it (no padding, zero unused bits): every other spelling of the same bytes is refused. */
function isCanonicalBase64url(text: string): boolean {
  return Buffer.from(text, 'base64url').toString('base64url') === text;
}

/**
 * Checks a token: its size, shape, encoding, expiry and lifetime first (no KMS call for junk, stale or implausible
 * links), then the MAC, and last the scope (a correctly signed key outside reports/ would mean the signer was
 * misused; it is refused all the same).
 */
export async function openLinkToken(
  token: string | undefined,
  mac: LinkMac,
  now: Date,
  limits: LinkLimits,
): Promise<OpenedLink> {
  if (!token) return { ok: false, problem: 'missing' };
  if (Buffer.byteLength(token) > MAX_TOKEN_BYTES || !TOKEN_SHAPE.test(token))
    return { ok: false, problem: 'malformed' };
  const [body, signature] = token.split('.');
  // One spelling per MAC: base64url's last character can carry unused bits, so lenient decoding would accept
  // several tokens for one link.
  if (!isCanonicalBase64url(signature) || Buffer.from(signature, 'base64url').length !== MAC_BYTES) {
    return { ok: false, problem: 'malformed' };
  }
  const claims = claimsOf(body);
  if (!claims) return { ok: false, problem: 'malformed' };
  if (claims.expiresAt * 1000 <= now.getTime()) return { ok: false, problem: 'expired', claims };
  if (claims.expiresAt * 1000 > now.getTime() + limits.maxLifetimeDays * 86_400_000 + CLOCK_SKEW_MS) {
    return { ok: false, problem: 'too-long' };
  }
  let valid: boolean;
  try {
    valid = await mac.verify(Buffer.from(body, 'ascii'), Buffer.from(signature, 'base64url'));
  } catch (err) {
    if (err instanceof MacInputRejected) return { ok: false, problem: 'malformed' };
    throw err;
  }
  if (!valid) return { ok: false, problem: 'forged' };
  if (!claims.key.startsWith(REPORTS_PREFIX) || claims.key.split('/').includes('..') || NEVER_LINKED.test(claims.key)) {
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
