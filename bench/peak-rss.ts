/**
 * The two halves of a peak-RSS benchmark. The parent runs one of bench/'s child scripts in a node process of its
 * own (`runChild`), so that neither the harness nor the emulators the parent serves are counted; the child does the
 * measured work and ends with `writeChildReport`, one JSON line with its own peak RSS. `peakRssRow` turns the
 * child's peak RSS into the benchmark's row against a memory limit.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { BenchmarkResult } from './benchmarks/types.js';
import { holdToCpuShare } from './cpu-share.js';
import { round } from './timing.js';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../', import.meta.url));

export interface PeakRssReport {
  /** The child's peak resident set size (process.resourceUsage().maxRSS). */
  maxRssKiB: number;
}

export interface ChildOptions {
  /** Over this process's environment. */
  env?: Readonly<Record<string, string>>;
  /** The share of one CPU the child may use (bench/cpu-share.ts), as a Lambda function of some memory has. */
  cpuShare?: number;
}

/**
 * Runs `bench/<script>` under tsx in a new node process (`nodeFlags` before the script, as V8 flags go) from the
 * repository root, and returns the report it wrote as the last line of its standard output.
 */
export async function runChild<T extends PeakRssReport>(
  script: string,
  args: readonly string[],
  nodeFlags: readonly string[] = [],
  options: ChildOptions = {},
): Promise<T> {
  const running = run(process.execPath, [...nodeFlags, '--import', 'tsx', join(repoRoot, 'bench', script), ...args], {
    cwd: repoRoot,
    maxBuffer: 1024 * 1024,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...options.env },
  });
  const release = options.cpuShare === undefined ? () => {} : holdToCpuShare(running.child, options.cpuShare);
  let stdout: string;
  try {
    ({ stdout } = await running);
  } finally {
    release();
  }
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new Error(`bench/${script} did not end with a JSON report: ${JSON.stringify(line)}`);
  }
}

/** In the child, last: the report, with this process's peak RSS, as the one line `runChild` reads. */
export function writeChildReport<T extends PeakRssReport>(report: Omit<T, 'maxRssKiB'>): void {
  process.stdout.write(`${JSON.stringify({ ...report, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
}

export interface PeakRssJudgement {
  quick: boolean;
  limitMiB: number;
  /** What the limit is, said after it in the target, e.g. "the render function's memory". */
  limitIs?: string;
  /** Whether the child did all the work it was given; a figure for less work does not meet the target. */
  complete?: boolean;
  notes: string;
}

/** The row: peak RSS in MiB against the limit, not judged in a quick run (its sizes mean nothing). */
export function peakRssRow(report: PeakRssReport, judge: PeakRssJudgement): BenchmarkResult {
  const mib = report.maxRssKiB / 1024;
  return {
    value: round(mib, 1),
    unit: 'MiB',
    baseline: null,
    ratio: null,
    target: `≤ ${judge.limitMiB} MiB${judge.limitIs ? ` (${judge.limitIs})` : ''}`,
    met: judge.quick ? null : mib <= judge.limitMiB && (judge.complete ?? true),
    notes: judge.notes + (judge.quick ? ' (quick: not judged)' : ''),
  };
}
