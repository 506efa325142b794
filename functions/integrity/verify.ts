/**
 * Checking a run against its signed manifest: the signature over manifest.json, the SHA-256 of every file it names,
 * and, in report.pdf, the attached results.json and evidence manifest. The files come through `RunFiles` (a local
 * folder or an S3 prefix, read-only) and the key through `KeyChoice`; what is found is returned as one line per file,
 * so the CLI only prints.
 */
import type { KeyObject } from 'node:crypto';
import { keyIdOf, verifySignature } from './keys.js';
import {
  MANIFEST_FILE,
  ManifestError,
  PDF_MANIFEST_ATTACHMENT,
  PDF_SIGNATURE_ATTACHMENT,
  PUBLIC_KEY_FILE,
  parseManifest,
  RESULTS_FILE,
  type RunManifest,
  SIGNATURE_FILE,
  sha256Hex,
} from './manifest.js';
import { PdfReadError, readPdfAttachments } from './pdf-attachments.js';

/** The files of one run, read-only. */
export interface RunFiles {
  /** A folder path or an s3:// URI, for messages. */
  location: string;
  /** The file's bytes; undefined when there is no such file. */
  read(name: string): Promise<Buffer | undefined>;
  /** The names of the files at the top of the run (no sub-folders). */
  list(): Promise<string[]>;
}

export interface TrustedKey {
  key: KeyObject;
  /** Where the key came from, as the report says it ("--public-key key.pem", "KMS key arn:…"). */
  source: string;
  /**
   * False for a key taken from beside the run itself: it proves the files are as signed by that key, not whose key
   * it is. The report says so.
   */
  pinned: boolean;
}

/** Picks the key to check a manifest with; undefined when there is none (the report then asks for one). */
export type KeyChoice = (manifest: RunManifest, published: Buffer | undefined) => Promise<TrustedKey | undefined>;

export type LineStatus = 'ok' | 'CHANGED' | 'MISSING' | 'FAILED' | 'note';

export interface VerifyLine {
  status: LineStatus;
  file: string;
  detail: string;
}

export interface VerifyReport {
  lines: VerifyLine[];
  /** "<file>: <what>" for each problem; empty when everything holds. */
  problems: string[];
  manifest?: RunManifest;
  /** Set when the manifest's signature was checked and holds. */
  signatureValid: boolean;
}

class Report {
  lines: VerifyLine[] = [];
  problems: string[] = [];
  signatureValid = false;
  manifest?: RunManifest;

  ok(file: string, detail: string) {
    this.lines.push({ status: 'ok', file, detail });
  }
  note(file: string, detail: string) {
    this.lines.push({ status: 'note', file, detail });
  }
  bad(status: Exclude<LineStatus, 'ok' | 'note'>, file: string, detail: string, problem: string) {
    this.lines.push({ status, file, detail });
    this.problems.push(`${file}: ${problem}`);
  }
  done(): VerifyReport {
    return { lines: this.lines, problems: this.problems, manifest: this.manifest, signatureValid: this.signatureValid };
  }
}

const short = (hex: string) => `${hex.slice(0, 16)}…`;

/** Checks `signature` over `manifestBytes` with the chosen key; adds one line to the report. */
async function checkSignature(
  report: Report,
  label: string,
  manifest: RunManifest,
  manifestBytes: Buffer,
  signature: Buffer | undefined,
  chooseKey: KeyChoice,
  published: Buffer | undefined,
): Promise<TrustedKey | undefined> {
  if (manifest.signature === null) {
    report.bad('FAILED', label, 'not signed: the run was written with --no-sign', 'not signed');
    return undefined;
  }
  if (signature === undefined) {
    report.bad('MISSING', label, `the manifest says it is signed by ${manifest.signature.keyId}`, 'signature missing');
    return undefined;
  }
  const trusted = await chooseKey(manifest, published);
  if (!trusted) {
    report.bad(
      'FAILED',
      label,
      `no public key to check it with: give --public-key FILE or --kms-key-id ARN (signed by ${manifest.signature.keyId})`,
      'no public key given',
    );
    return undefined;
  }
  const given = keyIdOf(trusted.key);
  if (given !== manifest.signature.keyId) {
    report.bad(
      'FAILED',
      label,
      `signed by key ${manifest.signature.keyId}, not by the key of ${trusted.source} (${given})`,
      'signed by another key',
    );
    return trusted;
  }
  if (!verifySignature(manifestBytes, signature, trusted.key)) {
    report.bad(
      'FAILED',
      label,
      `the signature does not match: the manifest or its signature changed since it was signed (key ${given})`,
      'signature check failed',
    );
    return trusted;
  }
  const pin = trusted.pinned ? '' : `; that key came with the files: compare ${given} with the key you trust`;
  report.ok(label, `signature valid: ECDSA P-256 / SHA-256, key ${given} (${trusted.source})${pin}`);
  return trusted;
}

function readManifest(report: Report, label: string, bytes: Buffer | undefined): RunManifest | undefined {
  if (bytes === undefined) {
    report.bad('MISSING', label, 'no manifest: this is not a run written with evidence', 'missing');
    return undefined;
  }
  try {
    return parseManifest(bytes);
  } catch (err) {
    const detail = err instanceof ManifestError ? err.message : String(err);
    report.bad('FAILED', label, `unreadable: ${detail}`, 'unreadable');
    return undefined;
  }
}

/** A run folder (local or S3): manifest.json, its signature, every file it names, and report.pdf's attachments. */
export async function verifyRun(files: RunFiles, chooseKey: KeyChoice): Promise<VerifyReport> {
  const report = new Report();
  const manifestBytes = await files.read(MANIFEST_FILE);
  const manifest = readManifest(report, MANIFEST_FILE, manifestBytes);
  if (!manifest || !manifestBytes) return report.done();
  report.manifest = manifest;
  if (manifest.scope !== 'run') {
    report.bad('FAILED', MANIFEST_FILE, `scope is "${manifest.scope}", not "run"`, 'not a run manifest');
  }
  const published = await files.read(PUBLIC_KEY_FILE);
  const signature = await files.read(SIGNATURE_FILE);
  const trusted = await checkSignature(report, MANIFEST_FILE, manifest, manifestBytes, signature, chooseKey, published);
  report.signatureValid = report.problems.length === 0;

  const named = new Set<string>();
  for (const entry of manifest.files) {
    named.add(entry.name);
    const bytes = await files.read(entry.name);
    if (bytes === undefined) {
      report.bad('MISSING', entry.name, 'named in the manifest, not found', 'missing');
      continue;
    }
    const actual = sha256Hex(bytes);
    if (actual !== entry.sha256 || bytes.byteLength !== entry.bytes) {
      report.bad(
        'CHANGED',
        entry.name,
        `sha256 ${short(actual)} (${bytes.byteLength} bytes); the manifest says ${short(entry.sha256)} (${entry.bytes} bytes)`,
        'changed',
      );
    } else report.ok(entry.name, `sha256 ${short(actual)} (${bytes.byteLength} bytes)`);
    if (entry.name.toLowerCase().endsWith('.pdf')) {
      await checkPdfInRun(report, entry.name, bytes, manifest, trusted);
    }
  }
  for (const [what, digest] of [
    ['results', manifest.results],
    ['snapshot', manifest.snapshot],
  ] as const) {
    const listed = manifest.files.find((f) => f.name === digest.name);
    if (!listed || listed.sha256 !== digest.sha256) {
      report.bad('FAILED', MANIFEST_FILE, `its ${what} entry is not among its files`, `${what} not listed`);
    }
  }
  for (const name of (await files.list()).sort()) {
    if (!named.has(name) && ![MANIFEST_FILE, SIGNATURE_FILE, PUBLIC_KEY_FILE].includes(name)) {
      report.note(name, 'not in the manifest: nothing vouches for it');
    }
  }
  return report.done();
}

/** report.pdf inside a run: its attachments must agree with the run manifest. */
async function checkPdfInRun(
  report: Report,
  name: string,
  bytes: Buffer,
  manifest: RunManifest,
  trusted: TrustedKey | undefined,
): Promise<void> {
  let attachments: Map<string, Buffer>;
  try {
    attachments = readPdfAttachments(bytes);
  } catch (err) {
    const detail = err instanceof PdfReadError ? err.message : String(err);
    report.bad('FAILED', name, `its attachments cannot be read: ${detail}`, 'attachments unreadable');
    return;
  }
  const results = attachments.get(RESULTS_FILE);
  if (!results) {
    report.bad('FAILED', name, `has no ${RESULTS_FILE} attached`, `no ${RESULTS_FILE} attached`);
  } else if (sha256Hex(results) !== manifest.results.sha256) {
    report.bad(
      'FAILED',
      name,
      `its attached ${RESULTS_FILE} (sha256 ${short(sha256Hex(results))}) differs from the ${RESULTS_FILE} the manifest names (${short(manifest.results.sha256)})`,
      `attached ${RESULTS_FILE} differs`,
    );
  } else report.ok(name, `attached ${RESULTS_FILE} is the one the manifest names`);

  const evidenceBytes = attachments.get(PDF_MANIFEST_ATTACHMENT);
  if (!evidenceBytes) {
    report.bad('FAILED', name, `has no ${PDF_MANIFEST_ATTACHMENT} attached`, `no ${PDF_MANIFEST_ATTACHMENT}`);
    return;
  }
  let evidence: RunManifest;
  try {
    evidence = parseManifest(evidenceBytes);
  } catch (err) {
    report.bad(
      'FAILED',
      name,
      `attached ${PDF_MANIFEST_ATTACHMENT} is unreadable: ${(err as Error).message}`,
      'evidence manifest unreadable',
    );
    return;
  }
  const agrees =
    evidence.scope === 'evidence' &&
    evidence.runId === manifest.runId &&
    evidence.results.sha256 === manifest.results.sha256 &&
    evidence.snapshot.sha256 === manifest.snapshot.sha256 &&
    evidence.signature?.keyId === manifest.signature?.keyId;
  if (!agrees) {
    report.bad(
      'FAILED',
      name,
      `attached ${PDF_MANIFEST_ATTACHMENT} names another run, results, snapshot or key than manifest.json`,
      'evidence manifest differs',
    );
    return;
  }
  if (evidence.signature === null) return;
  const signature = attachments.get(PDF_SIGNATURE_ATTACHMENT);
  if (!trusted || !signature || !verifySignature(evidenceBytes, signature, trusted.key)) {
    report.bad(
      'FAILED',
      name,
      `attached ${PDF_MANIFEST_ATTACHMENT} is not validly signed by key ${evidence.signature.keyId}`,
      'evidence manifest signature',
    );
    return;
  }
  report.ok(name, `attached ${PDF_MANIFEST_ATTACHMENT} is signed by the same key and names the same evidence`);
}

/** A report.pdf on its own: its evidence manifest's signature and the attached results.json. */
export async function verifyPdf(name: string, bytes: Buffer, chooseKey: KeyChoice): Promise<VerifyReport> {
  const report = new Report();
  let attachments: Map<string, Buffer>;
  try {
    attachments = readPdfAttachments(bytes);
  } catch (err) {
    const detail = err instanceof PdfReadError ? err.message : String(err);
    report.bad('FAILED', name, `its attachments cannot be read: ${detail}`, 'attachments unreadable');
    return report.done();
  }
  const label = `${name}: ${PDF_MANIFEST_ATTACHMENT}`;
  const evidenceBytes = attachments.get(PDF_MANIFEST_ATTACHMENT);
  const evidence = readManifest(report, label, evidenceBytes);
  if (!evidence || !evidenceBytes) return report.done();
  report.manifest = evidence;
  if (evidence.scope !== 'evidence') {
    report.bad('FAILED', label, `scope is "${evidence.scope}", not "evidence"`, 'not an evidence manifest');
  }
  const signature = attachments.get(PDF_SIGNATURE_ATTACHMENT);
  await checkSignature(report, label, evidence, evidenceBytes, signature, chooseKey, undefined);
  report.signatureValid = report.problems.length === 0;
  const results = attachments.get(RESULTS_FILE);
  const resultsLabel = `${name}: ${RESULTS_FILE}`;
  if (!results) report.bad('MISSING', resultsLabel, 'not attached', 'missing');
  else {
    const actual = sha256Hex(results);
    if (actual !== evidence.results.sha256) {
      report.bad(
        'CHANGED',
        resultsLabel,
        `sha256 ${short(actual)}; the evidence manifest says ${short(evidence.results.sha256)}`,
        'changed',
      );
    } else report.ok(resultsLabel, `sha256 ${short(actual)} (${results.byteLength} bytes)`);
  }
  report.note(
    evidence.snapshot.name,
    `not in the PDF; the signed manifest gives its sha256 ${evidence.snapshot.sha256} (verify the run folder to check it)`,
  );
  return report.done();
}
