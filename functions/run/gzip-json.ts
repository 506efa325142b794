/**
 * A value as gzipped compact JSON, made in pieces: the snapshot of a 100,000-pod cluster is some 200 MB of JSON,
 * which as one string (then one Buffer for gzip) would sit beside the snapshot itself in the scan function's memory.
 * Only the compressed bytes are kept whole.
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { jsonTextChunks } from '../report/json.js';

/** Deep enough that each inventory item is its own piece (snapshot → kubernetes → inventories → kind → items → item). */
const SNAPSHOT_DEPTH = 6;

export async function gzipJson(value: unknown, depth = SNAPSHOT_DEPTH): Promise<Buffer> {
  const packed: Buffer[] = [];
  await pipeline(
    Readable.from(jsonTextChunks(value, { indent: 0, depth })),
    createGzip(),
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        packed.push(chunk);
        done();
      },
    }),
  );
  return Buffer.concat(packed);
}
