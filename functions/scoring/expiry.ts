const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The first instant at which a waiver or attestation no longer applies. A plain date (YYYY-MM-DD) is valid through
 * the whole of that day in UTC, so "expires: 2026-03-31" still applies on 31 March. An unparsable value gives
 * `undefined`, which callers treat as expired: a typo must not grant an open-ended exception.
 */
export function expiryInstant(expires: string): number | undefined {
  const t = Date.parse(DATE_ONLY.test(expires) ? `${expires}T00:00:00Z` : expires);
  if (Number.isNaN(t)) return undefined;
  return DATE_ONLY.test(expires) ? t + DAY_MS : t;
}

export function isExpired(expires: string, now: Date): boolean {
  const end = expiryInstant(expires);
  return end === undefined || now.getTime() >= end;
}

/** Whole days left before expiry (0 on the last day, negative once expired). */
export function daysLeft(expires: string, now: Date): number {
  const end = expiryInstant(expires);
  if (end === undefined) return -1;
  return Math.floor((end - now.getTime()) / DAY_MS);
}
