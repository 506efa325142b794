/**
 * Turning an AWS SDK error into a `not-collected` fact. A denied call costs only the facts that needed it, and the
 * reason names the IAM action so a reader knows exactly what to grant.
 */
import type { Gap, NotCollected } from '../model/snapshot.js';

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  Code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

const DENIED_NAMES = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation']);

function asErrorLike(err: unknown): ErrorLike {
  return typeof err === 'object' && err !== null ? (err as ErrorLike) : {};
}

export function isAccessDenied(err: unknown): boolean {
  const e = asErrorLike(err);
  return DENIED_NAMES.has(String(e.name)) || DENIED_NAMES.has(String(e.Code)) || e.$metadata?.httpStatusCode === 403;
}

export function errorName(err: unknown): string {
  const e = asErrorLike(err);
  return typeof e.name === 'string' ? e.name : 'Error';
}

function errorMessage(err: unknown): string {
  const e = asErrorLike(err);
  const message = typeof e.message === 'string' && e.message ? e.message : String(err);
  // One line, bounded: messages end up in reports and emails.
  return message.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** Thrown inside a collector to say which IAM action the failing call needed. */
export class AwsCallError extends Error {
  constructor(
    readonly action: string,
    readonly cause: unknown,
  ) {
    super(`${action}: ${errorMessage(cause)}`);
    this.name = 'AwsCallError';
  }
}

/** Runs one SDK call and tags any failure with its IAM action (e.g. "eks:DescribeCluster"). */
export async function call<T>(action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AwsCallError) throw err;
    throw new AwsCallError(action, err);
  }
}

export function notCollectedFrom(fact: string, err: unknown): { fact: NotCollected; gap: Gap } {
  if (err instanceof AwsCallError) {
    const denied = isAccessDenied(err.cause);
    const detail = `${errorName(err.cause)}: ${errorMessage(err.cause)}`;
    const reason = denied ? `${err.action} denied: ${detail}` : `${err.action} failed: ${detail}`;
    return {
      fact: denied ? { status: 'not-collected', reason, permission: err.action } : { status: 'not-collected', reason },
      gap: { source: `aws:${fact}`, reason: denied ? `${reason} (grant ${err.action})` : reason },
    };
  }
  const reason = `collecting ${fact} failed: ${errorMessage(err)}`;
  return { fact: { status: 'not-collected', reason }, gap: { source: `aws:${fact}`, reason } };
}

/** A fact that could not be collected because a fact it builds on was not collected. */
export function dependsOn(upstream: string, upstreamEntry: NotCollected): NotCollected {
  const out: NotCollected = {
    status: 'not-collected',
    reason: `needs the "${upstream}" fact, which was not collected: ${upstreamEntry.reason}`,
  };
  if (upstreamEntry.permission) out.permission = upstreamEntry.permission;
  return out;
}
