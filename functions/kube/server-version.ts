/** GET /version: the connectivity check before a scan (TLS, credentials) and the cluster's Kubernetes version. */
import type { KubeGetter } from './http.js';
import { describeStatus, getWithRetry, type RetryPolicy } from './retry.js';

export interface ServerVersion {
  gitVersion: string;
  /** "1.30" (major.minor without the "+" some distributions append). */
  minorVersion: string | null;
  platform?: string;
}

export class KubeUnreachableError extends Error {
  /** The HTTP status the API server answered GET /version with, when it answered. */
  readonly status?: number;
  constructor(message: string, status?: number) {
    super(message);
    if (status !== undefined) this.status = status;
  }
}

export async function readServerVersion(getter: KubeGetter, retry: RetryPolicy): Promise<ServerVersion> {
  let res: Awaited<ReturnType<typeof getWithRetry>>;
  try {
    res = await getWithRetry(getter, retry, '/version');
  } catch (err) {
    throw new KubeUnreachableError(`the Kubernetes API did not answer GET /version: ${(err as Error).message}`);
  }
  if (res.status !== 200) {
    throw new KubeUnreachableError(`the Kubernetes API answered GET /version with ${describeStatus(res)}`, res.status);
  }
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(res.body.toString('utf8'));
  } catch {
    throw new KubeUnreachableError('the Kubernetes API answered GET /version with something that is not JSON');
  }
  const major = String(body.major ?? '').replace(/\D+$/, '');
  const minor = String(body.minor ?? '').replace(/\D+$/, '');
  return {
    gitVersion: String(body.gitVersion ?? ''),
    minorVersion: major && minor ? `${major}.${minor}` : null,
    platform: typeof body.platform === 'string' ? body.platform : undefined,
  };
}
