/**
 * Where `verify` reads a run from: a local folder, or an S3 prefix (GetObject and ListObjectsV2 only: verifying
 * never writes). Both list only the files at the top of the run, as the manifest names them.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { type Bucket, getBytes, listKeys } from '../publish/s3-bucket.js';
import type { RunFiles } from './verify.js';

export function folderFiles(folder: string): RunFiles {
  return {
    location: folder,
    async read(name) {
      try {
        return await readFile(join(folder, name));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'EISDIR') return undefined;
        throw err;
      }
    },
    async list() {
      const entries = await readdir(folder, { withFileTypes: true });
      return entries.filter((e) => e.isFile()).map((e) => e.name);
    },
  };
}

export interface S3Location {
  bucket: string;
  /** The key prefix, ending in "/" (or empty for the whole bucket); or one object's key. */
  key: string;
}

/** s3://bucket/prefix → bucket and key; throws on anything else. */
export function parseS3Uri(uri: string): S3Location {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri);
  if (!m) throw new Error(`${uri} is not an s3://BUCKET/PREFIX URI`);
  return { bucket: m[1], key: m[2] ?? '' };
}

export function s3Files(client: S3Client, location: S3Location): RunFiles {
  const prefix = location.key === '' || location.key.endsWith('/') ? location.key : `${location.key}/`;
  const bucket: Bucket = { client, name: location.bucket };
  return {
    location: `s3://${location.bucket}/${prefix}`,
    async read(name) {
      const bytes = await getBytes(bucket, `${prefix}${name}`);
      return bytes === undefined ? undefined : Buffer.from(bytes);
    },
    async list() {
      const keys = await listKeys(bucket, prefix);
      return keys.map((k) => k.slice(prefix.length)).filter((n) => n !== '' && !n.includes('/'));
    },
  };
}
