/**
 * The collector's only door to the API server: GET requests, one per call, with the KubeConfig's credentials,
 * a keep-alive agent that verifies TLS, a per-request timeout, and gzip. There is no method for any other verb.
 */
import https from 'node:https';
import { createGunzip, type Gunzip } from 'node:zlib';
import type { KubeConfig } from '@kubernetes/client-node';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

export interface KubeResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A transport failure (no HTTP status): timeout, reset, TLS, refused. `code` is Node's error code when there is one. */
export class KubeTransportError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/**
 * The most bytes one response may have, on the wire and again after gzip is undone. A page of 500 objects of the
 * largest common kind is a few MiB; a bigger answer is a broken or hostile server (a 400 KB gzip can expand to
 * 400 MB), and must cost one inventory, not the scan. A list whose page is over the cap is asked again in smaller
 * pages (list.ts), so only a single object near the cap could still lose its inventory, and Kubernetes objects
 * are at most about 1.5 MiB.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** "64 MiB", "1.5 MiB", "512 KiB": the cap as error messages and docs name it. */
export function formatCap(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  if (mib >= 1) return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
  const kib = bytes / 1024;
  return `${Number.isInteger(kib) ? kib : kib.toFixed(1)} KiB`;
}

/** The response (or its decompressed body) went over the cap; never retried, since the same request gives the same answer. */
export class KubeResponseTooLargeError extends KubeTransportError {
  constructor(
    readonly maxBytes: number,
    decompressed: boolean,
  ) {
    super(
      `response over ${formatCap(maxBytes)}${decompressed ? ' once decompressed' : ''} (the client's cap on one response)`,
      'ERESPONSETOOLARGE',
    );
  }
}

export interface KubeGetter {
  get(path: string, query?: Record<string, string | undefined>, accept?: string): Promise<KubeResponse>;
  /** How many HTTP requests were sent so far (retries included). */
  readonly requestCount: number;
  close(): void;
}

export function createKubeGetter(
  kc: KubeConfig,
  options: { timeoutMs?: number; maxSockets?: number; maxResponseBytes?: number } = {},
): KubeGetter {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error(`context "${kc.getCurrentContext()}" has no cluster`);
  const server = new URL(cluster.server);
  const basePath = server.pathname.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  let agent: https.Agent | undefined;
  let count = 0;

  async function requestOptions(): Promise<https.RequestOptions> {
    // Called per request: exec plugins and token files renew credentials; client-node caches them until expiry.
    const opts: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(opts);
    if (!agent) {
      // Our own keep-alive agent (client-node makes a fresh one per call, i.e. a TLS handshake per page).
      agent = new https.Agent({
        keepAlive: true,
        maxSockets: options.maxSockets ?? 16,
        ca: opts.ca,
        cert: opts.cert,
        key: opts.key,
        servername: opts.servername,
        rejectUnauthorized: true,
      });
    }
    return { headers: { ...(opts.headers as Record<string, string>) }, agent };
  }

  async function get(
    path: string,
    query: Record<string, string | undefined> = {},
    accept = 'application/json',
  ): Promise<KubeResponse> {
    const base = await requestOptions();
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) qs.set(k, v);
    const fullPath = basePath + path + (qs.size > 0 ? `?${qs}` : '');
    count++;
    return new Promise<KubeResponse>((resolve, reject) => {
      let inflater: Gunzip | undefined;
      const req = https.request(
        {
          protocol: 'https:',
          hostname: server.hostname.replace(/^\[|\]$/g, ''),
          port: server.port || 443,
          path: fullPath,
          method: 'GET',
          agent: base.agent,
          headers: {
            ...base.headers,
            Accept: accept,
            'Accept-Encoding': 'gzip',
            'User-Agent': `${TOOL_NAME}/${TOOL_VERSION}`,
          },
        },
        (res) => {
          const declared = Number(res.headers['content-length']);
          if (Number.isFinite(declared) && declared > maxBytes) {
            return fail(new KubeResponseTooLargeError(maxBytes, false));
          }
          // gzip is undone as the bytes arrive, so a small body that expands without end is stopped at the cap
          // instead of being inflated whole.
          const gzip = res.headers['content-encoding'] === 'gzip' ? createGunzip() : undefined;
          inflater = gzip;
          const chunks: Buffer[] = [];
          let wire = 0;
          let body = 0;
          gzip?.on('data', (c: Buffer) => {
            if (settled) return;
            body += c.length;
            if (body > maxBytes) return fail(new KubeResponseTooLargeError(maxBytes, true));
            chunks.push(c);
          });
          gzip?.on('error', (err) =>
            fail(new KubeTransportError(`the gzip body is unreadable: ${err.message}`, 'EGZIP')),
          );
          res.on('data', (c: Buffer) => {
            if (settled) return;
            wire += c.length;
            if (wire > maxBytes) return fail(new KubeResponseTooLargeError(maxBytes, false));
            if (gzip) gzip.write(c);
            else chunks.push(c);
          });
          res.on('aborted', () => fail(new KubeTransportError('the response was cut off', 'ECONNRESET')));
          res.on('error', (err: NodeJS.ErrnoException) => fail(transportError(err)));
          res.on('end', () => {
            if (settled) return;
            if (!res.complete) return fail(new KubeTransportError('the response was cut off', 'ECONNRESET'));
            const done = () => {
              if (settled) return;
              settled = true;
              clearTimeout(timer);
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
            };
            if (gzip) {
              gzip.on('end', done);
              gzip.end();
            } else done();
          });
        },
      );
      let settled = false;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        inflater?.destroy();
        reject(err);
      };
      const timer = setTimeout(
        () => fail(new KubeTransportError(`no complete response within ${timeoutMs} ms`, 'ETIMEDOUT')),
        timeoutMs,
      );
      req.on('error', (err: NodeJS.ErrnoException) => fail(transportError(err)));
      req.end();
    });
  }

  return {
    get,
    get requestCount() {
      return count;
    },
    close() {
      agent?.destroy();
    },
  };
}

function transportError(err: NodeJS.ErrnoException): KubeTransportError {
  const code = err.code ?? 'EUNKNOWN';
  const tls = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS|SSL/i.test(code) || /certificate/i.test(err.message);
  const what = tls ? `TLS verification failed (${code}: ${err.message})` : `${code}: ${err.message}`;
  return new KubeTransportError(what, code);
}

/** True for failures worth another try: resets, timeouts, refused connections mid-run. Never TLS errors. */
export function isRetryableTransport(err: unknown): boolean {
  return (
    err instanceof KubeTransportError &&
    ['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNREFUSED', 'EAI_AGAIN', 'UND_ERR_SOCKET'].includes(err.code)
  );
}
