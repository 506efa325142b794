/**
 * The local-folder publisher: report files into `DIR/<cluster-slug>/`. Each file is written under a temporary name
 * and renamed, so a reader (a browser, a CI artifact upload) never sees a half-written report.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

export interface OutputFile {
  /** File name only, e.g. "report.html". */
  name: string;
  /** The bytes, or pieces of text written one after another (a large results.json, never held whole). */
  content: string | Uint8Array | Iterable<string>;
}

/**
 * A cluster name → a folder name: lowercase, `[a-z0-9-]`, runs of anything else become one dash.
 * Cluster names come from snapshots and config, so this is also what keeps `../` out of output paths.
 */
export function clusterSlug(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return slug === '' ? 'cluster' : slug;
}

/** Writes the files into `dir` (created if needed) and returns their paths, in the order given. */
export async function publishLocal(dir: string, files: OutputFile[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const file of files) {
    if (basename(file.name) !== file.name) throw new Error(`output file name must not contain a folder: ${file.name}`);
    const target = join(dir, file.name);
    const tmp = `${target}.${process.pid}.tmp`;
    try {
      await writeFile(tmp, file.content);
      await rename(tmp, target);
    } catch (err) {
      await rm(tmp, { force: true }).catch(() => undefined);
      throw err;
    }
    written.push(target);
  }
  return written;
}
