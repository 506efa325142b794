/**
 * Snapshot files: JSON, gzip-compressed when the file name ends in `.gz`. A snapshot file may come from another
 * machine or an older build, so reading checks the outline (version, cluster name, inventories) and names the file
 * and the problem; the checks themselves tolerate anything inside an inventory.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Snapshot } from '../model/snapshot.js';
import { isRecord } from '../model/untrusted.js';

/**
 * Bad input a user can fix: a missing file, a malformed document, a wrong option value. `subject` is the file or
 * option it is about, `problem` a short sentence; the CLI prints them as one line, never with a stack.
 */
export class InputError extends Error {
  constructor(
    readonly subject: string,
    readonly problem: string,
  ) {
    super(`${subject}: ${problem}`);
    this.name = 'InputError';
  }
}

const GZIP_MAGIC = [0x1f, 0x8b];

function isGzipName(path: string): boolean {
  return path.toLowerCase().endsWith('.gz');
}

function looksGzipped(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return err instanceof Error ? err.message : String(err);
}

/**
 * Checks the outline of a parsed snapshot. Throws InputError naming `origin` and the first problem found.
 * Inventory contents are not checked here: collectors record per-inventory outcomes and checks tolerate odd data.
 */
export function assertSnapshotShape(value: unknown, origin: string): asserts value is Snapshot {
  if (!isRecord(value)) throw new InputError(origin, 'not a snapshot (expected a JSON object)');
  if (!('snapshotVersion' in value)) throw new InputError(origin, 'not a snapshot: missing key "snapshotVersion"');
  if (value.snapshotVersion !== 1) {
    throw new InputError(
      origin,
      `unsupported snapshotVersion ${JSON.stringify(value.snapshotVersion)} (this build reads version 1)`,
    );
  }
  if (!isRecord(value.cluster)) throw new InputError(origin, 'missing key "cluster"');
  if (typeof value.cluster.name !== 'string' || value.cluster.name === '') {
    throw new InputError(origin, 'missing key "cluster.name"');
  }
  if (!isRecord(value.kubernetes)) throw new InputError(origin, 'missing key "kubernetes"');
  if (!isRecord(value.kubernetes.inventories)) throw new InputError(origin, 'missing key "kubernetes.inventories"');
  for (const [name, inv] of Object.entries(value.kubernetes.inventories)) {
    const ok =
      isRecord(inv) &&
      ((inv.status === 'collected' && Array.isArray(inv.items)) ||
        (inv.status === 'not-collected' && typeof inv.reason === 'string'));
    if (!ok) {
      throw new InputError(
        origin,
        `kubernetes.inventories.${name} must be {status: "collected", items: [...]} or {status: "not-collected", reason}`,
      );
    }
  }
  if (value.aws !== undefined && !isRecord(value.aws)) throw new InputError(origin, '"aws" must be an object');
  if (value.gaps !== undefined && !Array.isArray(value.gaps)) throw new InputError(origin, '"gaps" must be a list');
}

/** Parses snapshot bytes (plain or gzipped JSON). `origin` names the source in errors. */
export function parseSnapshot(bytes: Buffer, origin: string): Snapshot {
  let text: string;
  try {
    text = (looksGzipped(bytes) ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (err) {
    throw new InputError(origin, `not a valid gzip file (${describeFsError(err)})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new InputError(origin, `not JSON (${detail})`);
  }
  assertSnapshotShape(value, origin);
  // Older writers may have left these out; every reader downstream expects them.
  const snapshot = value as Snapshot;
  snapshot.aws ??= {};
  snapshot.gaps ??= [];
  return snapshot;
}

/** Reads a snapshot file written by `writeSnapshot` (gzip is detected from the content, not only the name). */
export async function readSnapshot(path: string): Promise<Snapshot> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new InputError(path, describeFsError(err));
  }
  return parseSnapshot(bytes, path);
}

/** Serialises a snapshot: pretty JSON, or compact gzipped JSON when `gzip` is set. */
export function serializeSnapshot(snapshot: Snapshot, gzip: boolean): Buffer {
  if (gzip) return gzipSync(Buffer.from(JSON.stringify(snapshot), 'utf8'));
  return Buffer.from(`${JSON.stringify(snapshot, null, 2)}\n`, 'utf8');
}

/**
 * Writes a snapshot as JSON (gzipped when the name ends in `.gz`), creating the folder. The file is written beside
 * its final name and renamed, so an interrupted run never leaves a half-written snapshot behind.
 */
export async function writeSnapshot(path: string, snapshot: Snapshot): Promise<void> {
  const bytes = serializeSnapshot(snapshot, isGzipName(path));
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new InputError(path, `cannot write snapshot (${describeFsError(err)})`);
  }
}
