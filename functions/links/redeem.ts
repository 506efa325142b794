/**
 * What the link function answers: a redirect to a fresh, short-lived presigned URL for a valid link, and a plain
 * sentence for anything else. The token is a bearer credential until it expires, so it is never logged or echoed.
 */
import { type LinkLimits, type LinkMac, openLinkToken } from './link-token.js';

/** How long the presigned URL behind a redirect lives: enough to follow it, not to forward it. */
export const REDIRECT_PRESIGN_SECONDS = 300;

export interface LinkRequest {
  method: string;
  token?: string;
}

/** A Lambda function URL response. */
export interface LinkResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface RedeemDeps {
  mac: LinkMac;
  /** The longest lifetime a link is issued for (the stack's report.linkExpiryDays). */
  limits: LinkLimits;
  /** A GET URL for a key of the reports bucket, valid for `seconds`, signed with the link function's credentials. */
  presign(key: string, seconds: number): Promise<string>;
  now: Date;
  log?: (message: string, extra: Record<string, unknown>) => void;
}

const COMMON_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

function answer(statusCode: number, body: string, extra: Record<string, string> = {}): LinkResponse {
  return {
    statusCode,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...COMMON_HEADERS, ...extra },
    body: `${body}\n`,
  };
}

/** "2026-12-07 06:05 UTC", as the email states it. */
function shownTime(epochSeconds: number): string {
  const iso = new Date(epochSeconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** The method and the `t` query parameter of a function URL event (payload format 2.0). */
export function linkRequestOf(event: unknown): LinkRequest {
  const e = (typeof event === 'object' && event !== null ? event : {}) as {
    requestContext?: { http?: { method?: unknown } };
    queryStringParameters?: Record<string, unknown> | null;
  };
  const method = typeof e.requestContext?.http?.method === 'string' ? e.requestContext.http.method : 'GET';
  const token = e.queryStringParameters?.t;
  return { method, ...(typeof token === 'string' ? { token } : {}) };
}

export async function redeemLink(request: LinkRequest, deps: RedeemDeps): Promise<LinkResponse> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return answer(405, 'Report links are opened with GET.', { allow: 'GET, HEAD' });
  }
  let opened: Awaited<ReturnType<typeof openLinkToken>>;
  try {
    opened = await openLinkToken(request.token, deps.mac, deps.now, deps.limits);
  } catch (err) {
    deps.log?.('link check failed', { error: err instanceof Error ? err.message : String(err) });
    return answer(503, 'The link could not be checked just now. Try again in a minute.', { 'retry-after': '60' });
  }
  if (!opened.ok) {
    deps.log?.('link refused', { problem: opened.problem });
    switch (opened.problem) {
      case 'missing':
        return answer(400, 'This address opens the report links from the compliance email; the link is incomplete.');
      case 'malformed':
        return answer(400, 'This link is damaged. Copy the whole link from the email.');
      case 'expired':
        return answer(
          410,
          `This link expired on ${shownTime(opened.claims.expiresAt)}. ` +
            'The latest email links to the latest reports.',
        );
      case 'forged':
      case 'out-of-scope':
      case 'too-long':
        return answer(403, 'This link is not valid.');
    }
  }
  const location = await deps.presign(opened.claims.key, REDIRECT_PRESIGN_SECONDS);
  deps.log?.('link opened', { key: opened.claims.key });
  return { statusCode: 302, headers: { location, ...COMMON_HEADERS }, body: '' };
}
