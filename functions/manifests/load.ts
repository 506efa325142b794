/**
 * `eks-compliance manifests PATH...`: files and folders of manifests → a Snapshot in which the given objects are the
 * whole cluster. Objects go through the same normalisation (and redaction) as live ones, so every check applies.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidObjectError, normalizeObject } from '../kube/normalize.js';
import { snapshotFromObjects } from '../model/build-snapshot.js';
import type { KubeObject, Snapshot } from '../model/snapshot.js';
import { InputError } from '../snapshot/io.js';
import { parseManifestText } from './parse.js';
import { ManifestSources } from './sources.js';

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** `-` reads manifests from standard input (`kustomize build | eks-compliance manifests -`). */
export const STDIN_PATH = '-';

export interface ManifestLoad {
  snapshot: Snapshot;
  /** The files read, in the order read. */
  files: string[];
  /** Objects placed in the snapshot. */
  objectCount: number;
  /**
   * The file and line of every object read (skipped kinds included), for results.sarif. Objects piped in on standard
   * input are recorded with the file `-`.
   */
  sources: ManifestSources;
  /** Kinds the checks do not read (CRDs' custom resources etc.), with how many of each were skipped. */
  skippedKinds: Record<string, number>;
  /** One-line remarks for the user, e.g. "skipped 3 objects of kinds the checks do not read: Certificate (2), …". */
  notes: string[];
}

function isManifestFile(name: string): boolean {
  const lower = name.toLowerCase();
  return MANIFEST_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/**
 * Manifest files under a folder, recursively, sorted by path so runs are reproducible. Hidden entries (`.git`,
 * `.github`) are skipped; symbolic links to folders are not followed, which also rules out cycles.
 */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : 1));
  const out: string[] = [];
  for (const e of names) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(full)));
    else if ((e.isFile() || e.isSymbolicLink()) && isManifestFile(e.name)) out.push(full);
  }
  return out;
}

/** Expands the paths given by the user into files; a file named explicitly is read whatever its extension. */
async function expandPaths(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    if (p === STDIN_PATH) {
      files.push(p);
      continue;
    }
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(p);
    } catch {
      throw new InputError(p, 'no such file or folder');
    }
    if (info.isDirectory()) {
      const found = await filesUnder(p);
      if (found.length === 0) throw new InputError(p, 'no .yaml, .yml or .json files in this folder');
      files.push(...found);
    } else {
      files.push(p);
    }
  }
  return files;
}

async function readText(file: string): Promise<string> {
  try {
    if (file === STDIN_PATH) {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    }
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(file, `cannot read (${err instanceof Error ? err.message : String(err)})`);
  }
}

function toKubeObject(value: unknown, origin: string): KubeObject {
  try {
    return normalizeObject(value, origin);
  } catch (err) {
    if (err instanceof InvalidObjectError) {
      // normalizeObject prefixes its message with the origin; keep subject and problem apart for the one-line error.
      const problem = err.message.startsWith(`${origin}: `) ? err.message.slice(origin.length + 2) : err.message;
      throw new InputError(origin, problem);
    }
    throw err;
  }
}

function skippedNote(skipped: Record<string, number>): string | undefined {
  const kinds = Object.entries(skipped).sort(([a], [b]) => (a < b ? -1 : 1));
  if (kinds.length === 0) return undefined;
  const total = kinds.reduce((n, [, c]) => n + c, 0);
  const list = kinds.map(([k, c]) => `${k} (${c})`).join(', ');
  return `skipped ${total} object${total === 1 ? '' : 's'} of kinds the checks do not read: ${list}`;
}

/**
 * Reads manifests from files and folders into a Snapshot named `name` (source "manifests"), with what was skipped.
 * Throws InputError for a missing path, a YAML syntax error (file and line), a document without kind or name,
 * or when no Kubernetes object is found at all.
 */
export async function readManifests(paths: string[], name: string): Promise<ManifestLoad> {
  if (paths.length === 0) throw new InputError('PATH', 'give at least one manifest file or folder');
  const files = await expandPaths(paths);
  const objects: KubeObject[] = [];
  const sources = new ManifestSources();
  for (const file of files) {
    const origin = file === STDIN_PATH ? 'standard input' : file;
    for (const raw of parseManifestText(await readText(file), origin)) {
      const obj = toKubeObject(raw.value, raw.origin);
      objects.push(obj);
      sources.record(
        { kind: obj.kind, namespace: obj.metadata.namespace ?? null, name: obj.metadata.name },
        { file, line: raw.line },
      );
    }
  }
  if (objects.length === 0) throw new InputError(paths.join(', '), 'no Kubernetes objects found');

  const { snapshot, skipped } = snapshotFromObjects({
    cluster: {
      name,
      arn: null,
      region: null,
      accountId: null,
      kubernetesVersion: null,
      source: 'manifests',
    },
    objects,
  });
  const skippedKinds: Record<string, number> = {};
  for (const obj of skipped) skippedKinds[obj.kind] = (skippedKinds[obj.kind] ?? 0) + 1;
  const note = skippedNote(skippedKinds);
  return {
    snapshot,
    files,
    objectCount: objects.length - skipped.length,
    sources,
    skippedKinds,
    notes: note ? [note] : [],
  };
}

/** The Snapshot only; see `readManifests` for the files read and the kinds skipped. */
export async function loadManifests(paths: string[], name: string): Promise<Snapshot> {
  return (await readManifests(paths, name)).snapshot;
}
