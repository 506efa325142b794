/**
 * One GET with retries: 429 and 5xx answers and transient transport failures (reset, timeout) are tried again
 * after a backoff that honours Retry-After. Anything else is returned to the caller as it came.
 */
import { show } from '../model/untrusted.js';
import { isRetryableTransport, type KubeGetter, type KubeResponse } from './http.js';

export interface RetryPolicy {
  /** Further attempts after the first. */
  retries: number;
  /** First backoff; doubles per attempt, with jitter, capped at 10 s. */
  backoffMs: number;
  /** Upper bound on a server's Retry-After, so a hostile or broken server cannot park the scan. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 3, backoffMs: 250, maxRetryAfterMs: 60_000 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/** Retry-After in milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function backoff(policy: RetryPolicy, attempt: number, res?: KubeResponse): number {
  const hinted = res ? retryAfterMs(res.headers['retry-after']) : undefined;
  if (hinted !== undefined) return Math.min(hinted, policy.maxRetryAfterMs);
  const exp = Math.min(policy.backoffMs * 2 ** attempt, 10_000);
  return exp / 2 + Math.random() * (exp / 2);
}

export interface RetriedResponse extends KubeResponse {
  attempts: number;
}

/** Resolves with the last response (which may still be a 429/5xx once retries run out); rejects with the last transport error. */
export async function getWithRetry(
  getter: KubeGetter,
  policy: RetryPolicy,
  path: string,
  query?: Record<string, string | undefined>,
  accept?: string,
): Promise<RetriedResponse> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await getter.get(path, query, accept);
      if (!isRetryableStatus(res.status) || attempt >= policy.retries) return { ...res, attempts: attempt + 1 };
      await sleep(backoff(policy, attempt, res));
    } catch (err) {
      if (!isRetryableTransport(err) || attempt >= policy.retries) {
        if (err instanceof Error) err.message += ` (after ${attempt + 1} attempt${attempt === 0 ? '' : 's'})`;
        throw err;
      }
      await sleep(backoff(policy, attempt));
    }
  }
}

/** "403 Forbidden: pods is forbidden: User … cannot list …", from a Kubernetes Status body when there is one. */
export function describeStatus(res: KubeResponse): string {
  const names: Record<number, string> = {
    401: 'Unauthorized (the credentials were rejected)',
    403: 'Forbidden',
    404: 'Not Found (the API does not serve this resource)',
    410: 'Gone',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  let message = '';
  try {
    const status = JSON.parse(res.body.toString('utf8')) as { message?: unknown };
    // Whole, as every reason in the reports; only a hostile, over-long message is shortened, saying by how much.
    if (typeof status.message === 'string' && status.message !== '') message = show(status.message);
  } catch {
    // not a Status object; the code alone says enough
  }
  const head = `${res.status} ${names[res.status] ?? 'HTTP error'}`;
  return message ? `${head}: ${message}` : head;
}
