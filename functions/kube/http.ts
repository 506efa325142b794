/**
 * The collector's only door to the API server: GET requests, one per call, with the KubeConfig's credentials,
 * a keep-alive agent that verifies TLS, a per-request timeout, and gzip. There is no method for any other verb.
 */
import https from 'node:https';
import { gunzip } from 'node:zlib';
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

export interface KubeGetter {
  get(path: string, query?: Record<string, string | undefined>, accept?: string): Promise<KubeResponse>;
  /** How many HTTP requests were sent so far (retries included). */
  readonly requestCount: number;
  close(): void;
}

function gunzipAsync(buf: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => gunzip(buf, (err, out) => (err ? reject(err) : resolve(out))));
}

export function createKubeGetter(
  kc: KubeConfig,
  options: { timeoutMs?: number; maxSockets?: number } = {},
): KubeGetter {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error(`context "${kc.getCurrentContext()}" has no cluster`);
  const server = new URL(cluster.server);
  const basePath = server.pathname.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;
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
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('aborted', () => fail(new KubeTransportError('the response was cut off', 'ECONNRESET')));
          res.on('error', (err: NodeJS.ErrnoException) => fail(transportError(err)));
          res.on('end', () => {
            if (!res.complete) return fail(new KubeTransportError('the response was cut off', 'ECONNRESET'));
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            let body: Buffer = Buffer.concat(chunks);
            const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
            if (res.headers['content-encoding'] === 'gzip') {
              gunzipAsync(body).then((b) => {
                body = b;
                done();
              }, reject);
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
