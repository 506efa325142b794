/**
 * How the email links to report objects: presigned S3 URLs (functions/run/presign.ts) or links to the link function
 * (redirect-links.ts). One email's links are issued in one batch and share one set of terms.
 */
import type { LinkExpiryLimit } from '../report/email.js';

export interface EmailLinks {
  /** When the links stop working (an upper bound for limit 'temporary-credentials'), to the minute the email shows. */
  expiresAt: Date;
  limit: LinkExpiryLimit;
  url(key: string): Promise<string>;
}

/** Emails show times to the minute; a link ending on a whole minute ends exactly when the email says. */
export function floorToMinute(ms: number): number {
  return Math.floor(ms / 60_000) * 60_000;
}

/** Issues the links of one email sent at `now`, for the configured `report.linkExpiryDays`. */
export type LinkIssuer = (now: Date, requestedDays: number) => Promise<EmailLinks>;
