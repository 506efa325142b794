/**
 * The local-folder publisher: report files into `DIR/<cluster-slug>/`. Each file is written under a temporary name
 * and renamed, so a reader (a browser, a CI artifact upload) never sees a half-written report.
 */
import { createHash } from 'node:crypto';
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

/**
 * The folder of one cluster of a fleet (`run`): `<name>-<region>`, then `-<account>` when the account is known (the
 * config gives `account` or a `roleArn`). Two clusters get two folders unless they share account, region and name, so
 * the same name in two regions or two accounts keeps apart, reports and history alike. The account is added whenever
 * known, not only when another cluster would share the folder: a cluster's folder, and with it its history, must not
 * move because another cluster was added to the config.
 *
 * Names are case-sensitive and may hold `_`, which clusterSlug folds (`Prod_A` and `prod-a` would meet, also on
 * case-insensitive file systems): a name that is not its own slug gets 8 hex digits of its SHA-256 after the slug.
 */
export function clusterFolder(cluster: { name: string; region: string; account?: string }): string {
  const slug = clusterSlug(cluster.name);
  const name =
    slug === cluster.name ? slug : `${slug}-${createHash('sha256').update(cluster.name).digest('hex').slice(0, 8)}`;
  const parts = [name, clusterSlug(cluster.region)];
  if (cluster.account) parts.push(clusterSlug(cluster.account));
  return parts.join('-');
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
