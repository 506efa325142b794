/**
 * The logging the run functions need. The handlers pass Powertools' Logger, tests a recorder. Every message and
 * reason that may carry text from a failed request goes through `redact` first: an error from the Kubernetes
 * client can echo request headers, and the EKS bearer token is a credential.
 */
export interface RunLog {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

export const silentLog: RunLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

const EKS_TOKEN = /k8s-aws-v1\.[A-Za-z0-9_-]+/g;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi;
const AMZ_SIGNATURE = /(X-Amz-(?:Signature|Security-Token|Credential)=)[^&\s"']+/gi;

export function redact(text: string): string {
  return text
    .replace(EKS_TOKEN, 'k8s-aws-v1.[redacted]')
    .replace(BEARER, '$1[redacted]')
    .replace(AMZ_SIGNATURE, '$1[redacted]');
}

/** One line saying why something failed, redacted and capped. */
export function reasonOf(err: unknown, max = 500): string {
  const raw = err instanceof Error ? `${err.message}` : String(err);
  const line = redact(raw).replace(/\s+/g, ' ').trim() || (err instanceof Error ? err.name : 'unknown error');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
