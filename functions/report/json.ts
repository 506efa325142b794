/**
 * The bytes of results.json. One serialisation for the file a publisher writes and the copy attached to the PDF,
 * so the SHA-256 printed on the PDF's cover matches the file an auditor receives.
 */
import { createHash } from 'node:crypto';
import type { ScanResults } from '../scoring/results.js';

export function renderResultsJson(results: ScanResults): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}

/**
 * The same bytes as `renderResultsJson`, in pieces of about 64 K characters (more only for a single large finding),
 * so a writer streaming them never holds the whole file: for a 100,000-pod cluster results.json is tens of MB, and the
 * string JSON.stringify builds for it (twice that when a message is not Latin-1) came on top of the results.
 */
export function* resultsJsonChunks(results: ScanResults): Generator<string> {
  // Pieces gathered to about 64 K characters: a write per finding would make writing the slow part of a scan.
  let batch = '';
  for (const piece of jsonChunks(results, '', CHUNK_DEPTH)) {
    batch += piece;
    if (batch.length >= BATCH_CHARS) {
      yield batch;
      batch = '';
    }
  }
  yield `${batch}\n`;
}

const BATCH_CHARS = 64 * 1024;

/** Levels split into pieces (results, checks, a check, its findings); deeper values are serialised whole. */
const CHUNK_DEPTH = 4;

/** A value as JSON.stringify with an indent of 2 would write it at this indentation. */
function* jsonChunks(value: unknown, indent: string, depth: number): Generator<string> {
  const v = toJsonValue(value);
  if (depth === 0 || v === null || typeof v !== 'object') {
    yield (JSON.stringify(v, null, 2) ?? 'null').replace(/\n/g, `\n${indent}`);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) {
      yield '[]';
      return;
    }
    yield '[\n';
    for (let i = 0; i < v.length; i++) {
      yield inner;
      // As in JSON.stringify, an array keeps a slot for what JSON cannot hold.
      yield* omitted(v[i]) ? ['null'] : jsonChunks(v[i], inner, depth - 1);
      yield i < v.length - 1 ? ',\n' : '\n';
    }
    yield `${indent}]`;
    return;
  }
  const keys = Object.keys(v).filter((k) => !omitted(toJsonValue((v as Record<string, unknown>)[k], k)));
  if (keys.length === 0) {
    yield '{}';
    return;
  }
  yield '{\n';
  for (let i = 0; i < keys.length; i++) {
    yield `${inner}${JSON.stringify(keys[i])}: `;
    yield* jsonChunks((v as Record<string, unknown>)[keys[i]], inner, depth - 1);
    yield i < keys.length - 1 ? ',\n' : '\n';
  }
  yield `${indent}}`;
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** A value after its toJSON, as JSON.stringify sees it. */
function toJsonValue(value: unknown, key = ''): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  return value;
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
