/** s3rver and aws-ses-v2-local on 127.0.0.1, started in the test process. */
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  configureBuckets: Array<{ name: string }>;
}) => S3rverInstance;

const require = createRequire(import.meta.url);

export interface Emulator {
  url: string;
  close(): Promise<void>;
}

export async function startS3(directory: string, bucket: string): Promise<Emulator> {
  // s3rver ships no types; it is CommonJS.
  const S3rver = require('s3rver') as S3rverClass;
  const s3 = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await s3.run();
  return { url: `http://127.0.0.1:${port}`, close: () => s3.close() };
}

export interface SentEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  attachments?: Array<{ filename: string; contentType: string; size: number }>;
}

export async function startSes(): Promise<Emulator & { sent(): Promise<SentEmail[]> }> {
  // A CommonJS default export: wrapped once more under node's ESM loader, not under tsx's; accept both.
  type Start = (config: { host: string; port: number }) => Promise<Server>;
  const mod = (await import('aws-ses-v2-local')) as unknown as { default: Start | { default: Start } };
  const start = typeof mod.default === 'function' ? mod.default : mod.default.default;
  const server = await start({ host: '127.0.0.1', port: 0 });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async sent() {
      const store = (await (await fetch(`${url}/store`)).json()) as { emails: SentEmail[] };
      return store.emails;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
