/**
 * An emulator of EventBridge's PutEvents on 127.0.0.1 (JSON 1.1, `X-Amz-Target: AWSEvents.PutEvents`), for the AWS
 * SDK pointed at it with AWS_ENDPOINT_URL_EVENTBRIDGE. It enforces the API's limits (1 to 10 entries, 256 KB per
 * call counted as EventBridge counts it), refuses an entry without Source, DetailType or a JSON object Detail with
 * an error code in its slot, and keeps the accepted entries with their Detail parsed. `eventBridgeForSuite` starts
 * it with a client for it around a suite's tests; `eventBridgeClient` makes a client for any address.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before } from 'node:test';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';

export interface PutEvent {
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
  eventBusName?: string;
  bytes: number;
}

export interface EventBridgeEmulator {
  url: string;
  events: PutEvent[];
  /** Entries per call, in order. */
  calls: number[];
  close(): Promise<void>;
}

const LIMIT = 256 * 1024;

export async function startEventBridge(): Promise<EventBridgeEmulator> {
  const events: PutEvent[] = [];
  const calls: number[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      if (req.headers['x-amz-target'] !== 'AWSEvents.PutEvents') {
        json(400, { __type: 'UnknownOperationException', message: String(req.headers['x-amz-target']) });
        return;
      }
      const entries = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Entries?: Record<string, unknown>[] })
        .Entries;
      if (!Array.isArray(entries) || entries.length === 0 || entries.length > 10) {
        json(400, { __type: 'ValidationException', message: `1 to 10 entries, got ${entries?.length ?? 0}` });
        return;
      }
      const sizes = entries.map(
        (e) =>
          (e.Time !== undefined ? 14 : 0) +
          ['Source', 'DetailType', 'Detail'].reduce((n, k) => n + Buffer.byteLength(String(e[k] ?? ''), 'utf8'), 0) +
          ((e.Resources as string[] | undefined) ?? []).reduce((n, r) => n + Buffer.byteLength(r, 'utf8'), 0),
      );
      if (sizes.reduce((a, b) => a + b, 0) > LIMIT) {
        json(400, {
          __type: 'ValidationException',
          message: 'Total size of the entries in the request is over the limit',
        });
        return;
      }
      calls.push(entries.length);
      const out = entries.map((e, i) => {
        let detail: unknown;
        try {
          detail = JSON.parse(String(e.Detail));
        } catch {
          detail = undefined;
        }
        if (!e.Source || !e.DetailType || typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
          return {
            ErrorCode: 'MalformedDetail',
            ErrorMessage: 'Source, DetailType and a JSON object Detail are required',
          };
        }
        events.push({
          source: String(e.Source),
          detailType: String(e.DetailType),
          detail: detail as Record<string, unknown>,
          ...(e.EventBusName ? { eventBusName: String(e.EventBusName) } : {}),
          bytes: sizes[i],
        });
        return { EventId: `event-${events.length}` };
      });
      json(200, { FailedEntryCount: out.filter((o) => 'ErrorCode' in o).length, Entries: out });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    events,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An address on 127.0.0.1 where nothing listens (the discard port), for a call that fails to connect. */
export const UNREACHABLE = 'http://127.0.0.1:9';

/** An EventBridge client for `endpoint` with test credentials and one attempt, so a failed call fails at once. */
export function eventBridgeClient(endpoint: string): EventBridgeClient {
  return new EventBridgeClient({
    region: 'eu-west-1',
    endpoint,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 1,
  });
}

/**
 * The emulator and a client for it, started in a `before` hook of the suite this is called in and stopped in its
 * `after` hook. The fields are set once the hook has run: read them in the tests, not in the suite's body.
 */
export function eventBridgeForSuite(): { bus: EventBridgeEmulator; client: EventBridgeClient } {
  const suite = {} as { bus: EventBridgeEmulator; client: EventBridgeClient };
  before(async () => {
    suite.bus = await startEventBridge();
    suite.client = eventBridgeClient(suite.bus.url);
  });
  after(async () => {
    suite.client?.destroy();
    await suite.bus?.close();
  });
  return suite;
}
