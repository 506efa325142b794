/**
 * The run manifest: what a run wrote and what its verdicts came from, in one JSON document that is signed as it is
 * written (the signature covers these exact bytes, so no canonical form is needed).
 *
 * There are two manifests per run, of one shape:
 * - scope "run" (`manifest.json` beside the outputs): the SHA-256 of every file of the run, report.pdf included;
 * - scope "evidence" (attached to report.pdf as `evidence-manifest.json`): the same statement about results.json and
 *   the snapshot only. The PDF cannot carry a hash of a manifest that hashes the PDF; it carries this one, written
 *   before the PDF, so a PDF on its own can be verified, and the run manifest pins the finished PDF's bytes.
 */
import { createHash } from 'node:crypto';
import { isRecord } from '../model/untrusted.js';
import type { ScanResults } from '../scoring/results.js';
import type { Attestation, Waiver } from '../scoring/waiver-types.js';
import type { CatalogIdentity } from './catalog.js';
import { SIGNATURE_ALGORITHM, type Signer } from './keys.js';

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';
export const PUBLIC_KEY_FILE = 'public-key.pem';
export const RESULTS_FILE = 'results.json';
export const SNAPSHOT_FILE = 'snapshot.json.gz';
/** The evidence manifest and its signature, as attached to report.pdf. */
export const PDF_MANIFEST_ATTACHMENT = 'evidence-manifest.json';
export const PDF_SIGNATURE_ATTACHMENT = 'evidence-manifest.sig';

export interface FileDigest {
  /** A file name in the run folder, no folder part. */
  name: string;
  /** Lowercase hex, as `sha256sum` prints it. */
  sha256: string;
  bytes: number;
}

/** What the evaluation took besides the snapshot: re-evaluating needs these to reproduce the verdicts. */
export interface EvaluationInputs {
  /** The framework ids evaluated; null for all. */
  frameworks: string[] | null;
  /** Host globs for CIS 5.1.4; null for the check's default list. */
  approvedRegistries: string[] | null;
  waivers: Waiver[];
  attestations: Attestation[];
}

export interface ManifestSignature {
  algorithm: typeof SIGNATURE_ALGORITHM;
  /** `sha256:<hex>` of the public key's DER SubjectPublicKeyInfo. */
  keyId: string;
  kmsKeyArn?: string;
}

export interface RunManifest {
  manifestVersion: 1;
  scope: 'run' | 'evidence';
  tool: { name: string; version: string };
  catalog: CatalogIdentity;
  runId: string;
  generatedAt: string;
  collectedAt: string | null;
  cluster: {
    name: string;
    arn: string | null;
    region: string | null;
    accountId: string | null;
    source: string;
  };
  evaluation: EvaluationInputs;
  results: FileDigest;
  snapshot: FileDigest;
  /** Every file the manifest vouches for (scope "evidence": results.json and the snapshot). */
  files: FileDigest[];
  /** Null when the run was written with --no-sign. */
  signature: ManifestSignature | null;
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function digestOf(name: string, bytes: Uint8Array): FileDigest {
  return { name, sha256: sha256Hex(bytes), bytes: bytes.byteLength };
}

export interface ManifestFacts {
  results: ScanResults;
  catalog: CatalogIdentity;
  evaluation: EvaluationInputs;
  resultsFile: FileDigest;
  snapshotFile: FileDigest;
  signer: Pick<Signer, 'keyId' | 'kmsKeyArn'> | undefined;
}

export function buildManifest(facts: ManifestFacts, scope: RunManifest['scope'], files: FileDigest[]): RunManifest {
  const { results, signer } = facts;
  return {
    manifestVersion: 1,
    scope,
    tool: { name: results.tool.name, version: results.tool.version },
    catalog: facts.catalog,
    runId: results.runId,
    generatedAt: results.generatedAt,
    collectedAt: results.collectedAt ?? null,
    cluster: {
      name: results.cluster.name,
      arn: results.cluster.arn,
      region: results.cluster.region,
      accountId: results.cluster.accountId,
      source: results.cluster.source,
    },
    evaluation: facts.evaluation,
    results: facts.resultsFile,
    snapshot: facts.snapshotFile,
    files,
    signature: signer
      ? {
          algorithm: SIGNATURE_ALGORITHM,
          keyId: signer.keyId,
          ...(signer.kmsKeyArn ? { kmsKeyArn: signer.kmsKeyArn } : {}),
        }
      : null,
  };
}

/** The exact bytes written (and signed). */
export function serializeManifest(manifest: RunManifest): Buffer {
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
}

export class ManifestError extends Error {
  override name = 'ManifestError';
}

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const HEX64 = /^[0-9a-f]{64}$/;

function fileDigest(value: unknown, where: string): FileDigest {
  if (!isRecord(value)) throw new ManifestError(`${where} must be {name, sha256, bytes}`);
  if (typeof value.name !== 'string' || !FILE_NAME.test(value.name) || value.name.includes('..')) {
    throw new ManifestError(`${where}.name must be a plain file name, got ${JSON.stringify(value.name)}`);
  }
  if (typeof value.sha256 !== 'string' || !HEX64.test(value.sha256)) {
    throw new ManifestError(`${where}.sha256 must be 64 lowercase hex digits`);
  }
  if (typeof value.bytes !== 'number' || !Number.isInteger(value.bytes) || value.bytes < 0) {
    throw new ManifestError(`${where}.bytes must be a whole number`);
  }
  return { name: value.name, sha256: value.sha256, bytes: value.bytes };
}

/**
 * Reads a manifest and checks what verification relies on: file names that cannot leave the folder, hashes, the
 * signature block. Everything else is carried as written (it is covered by the signature).
 */
export function parseManifest(bytes: Uint8Array): RunManifest {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (err) {
    throw new ManifestError(`not JSON (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
  }
  if (!isRecord(value)) throw new ManifestError('not a manifest (expected a JSON object)');
  if (value.manifestVersion !== 1) {
    throw new ManifestError(
      `unsupported manifestVersion ${JSON.stringify(value.manifestVersion)} (this build reads version 1)`,
    );
  }
  if (value.scope !== 'run' && value.scope !== 'evidence') throw new ManifestError('scope must be "run" or "evidence"');
  if (!Array.isArray(value.files)) throw new ManifestError('files must be a list');
  const files = value.files.map((f, i) => fileDigest(f, `files[${i}]`));
  const results = fileDigest(value.results, 'results');
  const snapshot = fileDigest(value.snapshot, 'snapshot');
  const signature = value.signature;
  if (signature !== null) {
    if (!isRecord(signature) || signature.algorithm !== SIGNATURE_ALGORITHM || typeof signature.keyId !== 'string') {
      throw new ManifestError(`signature must be null or {algorithm: "${SIGNATURE_ALGORITHM}", keyId, kmsKeyArn?}`);
    }
  }
  for (const key of ['runId', 'generatedAt'] as const) {
    if (typeof value[key] !== 'string') throw new ManifestError(`${key} must be a string`);
  }
  if (!isRecord(value.cluster) || typeof value.cluster.name !== 'string') {
    throw new ManifestError('cluster.name must be a string');
  }
  if (!isRecord(value.evaluation)) throw new ManifestError('evaluation must be an object');
  return { ...(value as unknown as RunManifest), files, results, snapshot };
}
