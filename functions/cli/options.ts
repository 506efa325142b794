/**
 * Option values → typed settings. Each parser throws InputError naming the option, so the CLI prints one line.
 * Validation lives here rather than in commander's argParser so the messages have one format.
 */
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { DEFAULT_FORMATS, OUTPUT_FORMATS, type OutputFormat } from '../pipeline.js';
import { InputError } from '../snapshot/io.js';

/** commander collector for options that may be repeated and may hold comma lists (`--framework a,b --framework c`). */
export function collectList(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',')];
}

function cleanList(values: string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))];
}

export function parseFormats(value: string | undefined): OutputFormat[] {
  if (value === undefined) return [...DEFAULT_FORMATS];
  const list = cleanList(value.toLowerCase().split(','));
  if (list.length === 0) throw new InputError('--format', `give one or more of ${OUTPUT_FORMATS.join(', ')}`);
  for (const f of list) {
    if (!(OUTPUT_FORMATS as readonly string[]).includes(f)) {
      throw new InputError('--format', `unknown format "${f}" (expected ${OUTPUT_FORMATS.join(', ')})`);
    }
  }
  return list as OutputFormat[];
}

/** Framework ids, checked against the catalog; undefined means all frameworks. */
export function parseFrameworks(values: string[] | undefined, known: readonly string[]): string[] | undefined {
  if (values === undefined) return undefined;
  const list = cleanList(values);
  if (list.length === 0) throw new InputError('--framework', `give a framework id (${known.join(', ')})`);
  for (const id of list) {
    if (!known.includes(id))
      throw new InputError('--framework', `unknown framework "${id}" (expected ${known.join(', ')})`);
  }
  return list;
}

export function parseFailUnder(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  const n = Number(trimmed);
  if (!/^\d+(\.\d+)?$/.test(trimmed) || n < 0 || n > 100) {
    throw new InputError('--fail-under', `must be a score from 0 to 100, got "${value}"`);
  }
  return n;
}

/** Options shared by the commands that take a target (scan, collect). */
export interface TargetOptions {
  demo?: boolean;
  snapshot?: string;
  kubeconfig?: string;
  context?: string;
  cluster?: string;
  region?: string;
  roleArn?: string;
  kubeletConfig?: boolean;
  secretMetadata?: boolean;
}

export interface LiveTarget {
  kind: 'live';
  kubeconfig?: string;
  context?: string;
  cluster?: string;
  region?: string;
  roleArn?: string;
}

export type Target = { kind: 'demo' } | { kind: 'snapshot'; file: string } | LiveTarget;

const TARGET_HINT = 'give --demo, --snapshot FILE, --kubeconfig FILE, --context NAME or --cluster NAME --region REGION';

/**
 * The kubeconfig kubectl reads when none is named: the first file of $KUBECONFIG (kubectl merges them all; the
 * context must then be in the first), otherwise ~/.kube/config.
 */
export function defaultKubeconfig(env: NodeJS.ProcessEnv = process.env): string {
  const first = (env.KUBECONFIG ?? '').split(delimiter).find((p) => p.trim() !== '');
  return first ?? join(env.HOME || homedir(), '.kube', 'config');
}

/**
 * Exactly one target. `--kubeconfig` may be combined with `--cluster/--region` (Kubernetes API through the kubeconfig,
 * AWS-side checks through the AWS credentials); the region falls back to AWS_REGION like the AWS CLI does.
 */
export function parseTarget(opts: TargetOptions, env: NodeJS.ProcessEnv = process.env): Target {
  // `--context NAME` alone reads the kubeconfig kubectl would: a context name is a kubeconfig target.
  const otherTarget = opts.demo || opts.snapshot !== undefined || opts.cluster !== undefined;
  if (opts.context !== undefined && opts.kubeconfig === undefined && !otherTarget) {
    opts = { ...opts, kubeconfig: defaultKubeconfig(env) };
  }
  const chosen = [
    opts.demo ? '--demo' : undefined,
    opts.snapshot !== undefined ? '--snapshot' : undefined,
    opts.kubeconfig !== undefined || opts.cluster !== undefined ? 'cluster' : undefined,
  ].filter((x) => x !== undefined);
  if (chosen.length === 0) {
    throw new InputError('target', `no cluster to scan: ${TARGET_HINT}`);
  }
  if (chosen.length > 1) {
    const names = [
      opts.demo && '--demo',
      opts.snapshot !== undefined && '--snapshot',
      opts.kubeconfig !== undefined && '--kubeconfig',
      opts.cluster !== undefined && '--cluster',
    ].filter(Boolean);
    throw new InputError(names.join(', '), 'choose one target');
  }
  const liveOnly = { '--context': opts.context, '--region': opts.region, '--role-arn': opts.roleArn };
  if (opts.demo || opts.snapshot !== undefined) {
    for (const [name, v] of Object.entries(liveOnly)) {
      if (v !== undefined) throw new InputError(name, `cannot be used with ${opts.demo ? '--demo' : '--snapshot'}`);
    }
    return opts.demo ? { kind: 'demo' } : { kind: 'snapshot', file: opts.snapshot as string };
  }
  if (opts.context !== undefined && opts.kubeconfig === undefined) {
    throw new InputError('--context', 'selects a kubeconfig context; with --cluster give --kubeconfig FILE too');
  }
  if (opts.cluster === undefined) {
    if (opts.region !== undefined) throw new InputError('--region', 'needs --cluster NAME');
    if (opts.roleArn !== undefined) throw new InputError('--role-arn', 'needs --cluster NAME');
  }
  const region = opts.region ?? (opts.cluster !== undefined ? (env.AWS_REGION ?? env.AWS_DEFAULT_REGION) : undefined);
  if (opts.cluster !== undefined && !region) throw new InputError('--cluster', 'needs --region REGION (or AWS_REGION)');
  return {
    kind: 'live',
    kubeconfig: opts.kubeconfig,
    context: opts.context,
    cluster: opts.cluster,
    region,
    roleArn: opts.roleArn,
  };
}
