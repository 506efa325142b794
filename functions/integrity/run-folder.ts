/**
 * Evidence for a local run folder (the CLI's `scan`, `manifests` and `run`): the gzipped snapshot written beside the
 * outputs, the evidence manifest report.pdf attaches, then, once every file is on disk, manifest.json, manifest.sig
 * and public-key.pem. The hashes in the run manifest are of the bytes on disk, read back after writing.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Snapshot } from '../model/snapshot.js';
import type { PdfEvidence } from '../report/pdf.js';
import { gzipJson } from '../run/gzip-json.js';
import type { ScanResults } from '../scoring/results.js';
import type { Signer } from './keys.js';
import { digestOf, type EvaluationInputs, type FileDigest, type ManifestFacts, SNAPSHOT_FILE } from './manifest.js';
import { currentCatalog, sealEvidence, sealRun } from './seal.js';

export interface RunEvidence {
  /** The snapshot file to write beside the outputs. */
  snapshotFile: { name: string; content: Buffer };
  /** The evidence manifest for report.pdf, given the exact results.json text. */
  pdfEvidence(resultsJson: string | Uint8Array): Promise<PdfEvidence>;
  /** After the outputs are written: the manifest files to write beside them. */
  seal(written: readonly string[]): Promise<{ name: string; content: Buffer }[]>;
}

export async function prepareRunEvidence(
  results: ScanResults,
  snapshot: Snapshot,
  evaluation: EvaluationInputs,
  signer: Signer | undefined,
): Promise<RunEvidence> {
  const snapshotGz = await gzipJson(snapshot);
  const base = { results, catalog: currentCatalog(), evaluation, signer };
  return {
    snapshotFile: { name: SNAPSHOT_FILE, content: snapshotGz },
    async pdfEvidence(resultsJson) {
      const bytes = typeof resultsJson === 'string' ? Buffer.from(resultsJson, 'utf8') : resultsJson;
      const facts: ManifestFacts = {
        ...base,
        resultsFile: digestOf('results.json', bytes),
        snapshotFile: digestOf(SNAPSHOT_FILE, snapshotGz),
      };
      const doc = await sealEvidence(facts, signer);
      return { ...doc, keyId: signer?.keyId, kmsKeyArn: signer?.kmsKeyArn };
    },
    async seal(written) {
      const digests = await Promise.all(written.map(digestFile));
      return sealRun(base, digests, signer);
    },
  };
}

/** SHA-256 and size of a file, streamed. */
export async function digestFile(path: string): Promise<FileDigest> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).byteLength;
  }
  return { name: basename(path), sha256: hash.digest('hex'), bytes };
}
