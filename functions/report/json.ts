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
  yield* jsonTextChunks(results, { indent: 2, depth: 4 });
  yield '\n';
}

export interface JsonChunkOptions {
  /** 0: compact, as JSON.stringify(value); 2: as JSON.stringify(value, null, 2). */
  indent: 0 | 2;
  /** Levels of arrays and objects split into pieces (results: the results, checks, a check, its findings). */
  depth: number;
}

/**
 * JSON.stringify(value, null, indent || undefined), in pieces of about 64 K characters: values below `depth` levels
 * are serialised whole, and pieces are gathered before they are handed on (a write per finding would make writing
 * the slow part of a scan).
 */
export function* jsonTextChunks(value: unknown, options: JsonChunkOptions): Generator<string> {
  let batch = '';
  for (const piece of jsonPieces(value, '', options.depth, options.indent === 2)) {
    batch += piece;
    if (batch.length >= BATCH_CHARS) {
      yield batch;
      batch = '';
    }
  }
  if (batch) yield batch;
}

const BATCH_CHARS = 64 * 1024;

/** A value as JSON.stringify would write it at this indentation (`pretty`: an indent of 2). */
function* jsonPieces(value: unknown, indent: string, depth: number, pretty: boolean): Generator<string> {
  const v = toJsonValue(value);
  if (depth === 0 || v === null || typeof v !== 'object') {
    const text = (pretty ? JSON.stringify(v, null, 2) : JSON.stringify(v)) ?? 'null';
    yield pretty ? text.replace(/\n/g, `\n${indent}`) : text;
    return;
  }
  const inner = pretty ? `${indent}  ` : '';
  const open = (bracket: string) => (pretty ? `${bracket}\n` : bracket);
  const next = (last: boolean) => (last ? (pretty ? '\n' : '') : pretty ? ',\n' : ',');
  if (Array.isArray(v)) {
    if (v.length === 0) {
      yield '[]';
      return;
    }
    yield open('[');
    for (let i = 0; i < v.length; i++) {
      yield inner;
      // As in JSON.stringify, an array keeps a slot for what JSON cannot hold.
      yield* omitted(v[i]) ? ['null'] : jsonPieces(v[i], inner, depth - 1, pretty);
      yield next(i === v.length - 1);
    }
    yield `${indent}]`;
    return;
  }
  const record = v as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => !omitted(toJsonValue(record[k], k)));
  if (keys.length === 0) {
    yield '{}';
    return;
  }
  yield open('{');
  for (let i = 0; i < keys.length; i++) {
    yield `${inner}${JSON.stringify(keys[i])}:${pretty ? ' ' : ''}`;
    yield* jsonPieces(record[keys[i]], inner, depth - 1, pretty);
    yield next(i === keys.length - 1);
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
