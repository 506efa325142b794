/**
 * `eks-compliance verify PATH [--public-key FILE | --kms-key-id ARN] [--reproduce [--config FILE]]`: checks a run
 * folder, a report.pdf alone or an s3:// prefix against its signed manifest, one line per file; exit 0 when all
 * hold, 1 otherwise (and a last line on stderr naming each problem). `--reproduce` then re-evaluates the signed
 * snapshot and compares every verdict with results.json.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { KeyError, parsePublicKey } from '../integrity/keys.js';
import { defaultPublicKey } from '../integrity/local-key.js';
import { type EvaluationInputs, RESULTS_FILE, type RunManifest, sha256Hex } from '../integrity/manifest.js';
import type { Reproduction } from '../integrity/reproduce.js';
import type { KeyChoice, RunFiles, TrustedKey, VerifyReport } from '../integrity/verify.js';
import type { ScanResults } from '../scoring/results.js';
import { InputError, parseSnapshot } from '../snapshot/io.js';
import { loadCliConfig } from './config.js';

export interface VerifyOptions {
  publicKey?: string;
  kmsKeyId?: string;
  reproduce?: boolean;
  config?: string;
  quiet?: boolean;
}

export interface VerifyIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

type Target = { kind: 'run'; files: RunFiles } | { kind: 'pdf'; name: string; bytes: Buffer };

async function openTarget(path: string, env: NodeJS.ProcessEnv): Promise<Target> {
  if (path.startsWith('s3://')) {
    const { parseS3Uri, s3Files } = await import('../integrity/sources.js');
    const { S3Client } = await import('@aws-sdk/client-s3');
    let location: ReturnType<typeof parseS3Uri>;
    try {
      location = parseS3Uri(path);
    } catch (err) {
      throw new InputError(path, (err as Error).message.replace(`${path} `, ''));
    }
    // An S3-compatible endpoint (AWS_ENDPOINT_URL_S3) is addressed by path, as the handlers do.
    const client = new S3Client({
      region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION,
      followRegionRedirects: true,
      forcePathStyle: Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL),
    });
    if (location.key.toLowerCase().endsWith('.pdf')) {
      const files = s3Files(client, { bucket: location.bucket, key: dirname(location.key) });
      const name = basename(location.key);
      const bytes = await files.read(name);
      if (!bytes) throw new InputError(path, 'no such object');
      return { kind: 'pdf', name, bytes };
    }
    return { kind: 'run', files: s3Files(client, location) };
  }
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    throw new InputError(path, 'no such file or folder');
  }
  const { folderFiles } = await import('../integrity/sources.js');
  if (info.isDirectory()) return { kind: 'run', files: folderFiles(path) };
  if (basename(path) === 'manifest.json') return { kind: 'run', files: folderFiles(dirname(path)) };
  const bytes = await readFile(path);
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
    throw new InputError(path, 'not a run folder, a manifest.json or a PDF');
  }
  return { kind: 'pdf', name: basename(path), bytes };
}

async function explicitKey(opts: VerifyOptions, env: NodeJS.ProcessEnv): Promise<TrustedKey | undefined> {
  if (opts.publicKey !== undefined && opts.kmsKeyId !== undefined) {
    throw new InputError('--public-key, --kms-key-id', 'choose one');
  }
  if (opts.publicKey !== undefined) {
    let bytes: Buffer;
    try {
      bytes = await readFile(opts.publicKey);
    } catch {
      throw new InputError('--public-key', `${opts.publicKey}: no such file`);
    }
    try {
      return { key: parsePublicKey(bytes, opts.publicKey), source: `--public-key ${opts.publicKey}`, pinned: true };
    } catch (err) {
      throw new InputError('--public-key', (err as Error).message);
    }
  }
  if (opts.kmsKeyId !== undefined) {
    const { KMSClient } = await import('@aws-sdk/client-kms');
    const { kmsPublicKey } = await import('../integrity/kms.js');
    const region = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):/.exec(opts.kmsKeyId)?.[1] ?? env.AWS_REGION;
    const client = new KMSClient({ region });
    try {
      const { key, arn } = await kmsPublicKey(client, opts.kmsKeyId);
      return { key, source: `KMS key ${arn}`, pinned: true };
    } catch (err) {
      if (err instanceof KeyError) throw new InputError('--kms-key-id', err.message);
      throw new InputError('--kms-key-id', `kms:GetPublicKey failed: ${(err as Error).message.split('\n')[0]}`);
    } finally {
      client.destroy();
    }
  }
  return undefined;
}

/** The given key; else the user's own key when it signed; else the public key published beside the run. */
function keyChoice(explicit: TrustedKey | undefined, env: NodeJS.ProcessEnv): KeyChoice {
  return async (manifest, published) => {
    if (explicit) return explicit;
    const { keyIdOf } = await import('../integrity/keys.js');
    const own = await defaultPublicKey(env);
    if (own) {
      const key = parsePublicKey(Buffer.from(own), 'your public key');
      if (keyIdOf(key) === manifest.signature?.keyId) return { key, source: 'your own key', pinned: true };
    }
    if (published) {
      try {
        return {
          key: parsePublicKey(published, 'public-key.pem'),
          source: 'public-key.pem beside the run',
          pinned: false,
        };
      } catch {
        return undefined;
      }
    }
    return undefined;
  };
}

function printLines(
  out: NodeJS.WritableStream,
  lines: readonly { status: string; file: string; detail: string }[],
): void {
  const width = Math.min(40, Math.max(...lines.map((l) => l.file.length), 8));
  for (const l of lines) out.write(`${l.status.padEnd(8)} ${l.file.padEnd(width)}  ${l.detail}\n`);
}

async function reproduceRun(
  files: RunFiles,
  manifest: RunManifest,
  config: string | undefined,
): Promise<{ reproduction?: Reproduction; problem?: string }> {
  const snapshotBytes = await files.read(manifest.snapshot.name);
  const resultsBytes = await files.read(RESULTS_FILE);
  if (!snapshotBytes || sha256Hex(snapshotBytes) !== manifest.snapshot.sha256) {
    return { problem: `${manifest.snapshot.name} is not the signed snapshot: nothing to re-perform` };
  }
  if (!resultsBytes) return { problem: `${RESULTS_FILE} is missing` };
  const snapshot = parseSnapshot(snapshotBytes, manifest.snapshot.name);
  let results: ScanResults;
  try {
    results = JSON.parse(resultsBytes.toString('utf8')) as ScanResults;
  } catch {
    return { problem: `${RESULTS_FILE} is not JSON` };
  }
  let inputs: EvaluationInputs = manifest.evaluation;
  if (config !== undefined) {
    const { evaluationInputs } = await import('../integrity/seal.js');
    const loaded = loadCliConfig(config);
    inputs = evaluationInputs({ frameworks: loaded.frameworks, ...loaded.scan });
  }
  const { reproduce } = await import('../integrity/reproduce.js');
  return { reproduction: reproduce(manifest, snapshot, results, inputs) };
}

function printReproduction(out: NodeJS.WritableStream, r: Reproduction, manifest: RunManifest): void {
  const lines: { status: string; file: string; detail: string }[] = [];
  const context = r.context.length > 0 ? r.context.join('; ') : 'same tool version, catalog and inputs as the run';
  lines.push({ status: 'note', file: manifest.snapshot.name, detail: `re-evaluated: ${context}` });
  for (const d of r.differences) {
    lines.push({ status: 'DIFFERS', file: d.subject, detail: `${d.was} in results.json, ${d.now} now: ${d.why}` });
  }
  printLines(out, lines);
  const all = r.differences.length === 0;
  out.write(
    `${all ? 'reproduced' : 'NOT reproduced'}: ${r.checks.same} of ${r.checks.total} checks and ${r.requirements.same} of ${r.requirements.total} requirements the same; score ${r.score.was} in results.json, ${r.score.now} re-evaluated\n`,
  );
}

export async function runVerify(path: string, opts: VerifyOptions, io: VerifyIo): Promise<number> {
  if (opts.config !== undefined && !opts.reproduce) throw new InputError('--config', 'only with --reproduce');
  const explicit = await explicitKey(opts, io.env);
  const target = await openTarget(path, io.env);
  const choose = keyChoice(explicit, io.env);
  const { verifyPdf, verifyRun } = await import('../integrity/verify.js');
  let report: VerifyReport;
  try {
    report =
      target.kind === 'pdf'
        ? await verifyPdf(target.name, target.bytes, choose)
        : await verifyRun(target.files, choose);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(path, `cannot read the run (${(err as Error).message.split('\n')[0]})`);
  }
  const out = opts.quiet ? undefined : io.out;
  if (out) printLines(out, report.lines);
  const problems = [...report.problems];
  if (out && problems.length === 0) {
    const files = report.manifest?.files.length ?? 0;
    out.write(
      target.kind === 'pdf'
        ? `verified: ${target.name}'s attached results.json is the one its signed evidence manifest names\n`
        : `verified: the signature and all ${files} files hold\n`,
    );
  }
  if (opts.reproduce) {
    if (target.kind === 'pdf' || !report.manifest) {
      problems.push(
        `--reproduce: needs the run folder (${target.kind === 'pdf' ? 'the snapshot is not in the PDF' : 'no manifest'})`,
      );
    } else {
      const { reproduction, problem } = await reproduceRun(target.files, report.manifest, opts.config);
      if (problem) problems.push(`--reproduce: ${problem}`);
      if (reproduction) {
        if (out) printReproduction(out, reproduction, report.manifest);
        for (const d of reproduction.differences) problems.push(`${d.subject}: not reproduced`);
      }
    }
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 12).join('; ');
    const more = problems.length > 12 ? `; and ${problems.length - 12} more` : '';
    io.err.write(`eks-compliance: verify failed: ${shown}${more}\n`);
    return 1;
  }
  return 0;
}
