/**
 * History: what changed since the previous run of the same cluster, and the score trend across runs. The one place
 * that decides "new", "fixed" and "still failing"; the report model, the email and the fleet report all read it.
 * Pure functions over results.json documents, so an earlier run read back from S3 compares like a fresh one.
 */
import type { CheckStatus, Finding, Severity } from '../checks/types.js';
import { severityRank } from '../checks/types.js';
import type { CheckResult, ScanResults } from '../scoring/results.js';

/** Runs shown in a trend by default: about a quarter of weekly runs. */
export const TREND_RUNS = 12;

export interface RunRef {
  runId: string;
  generatedAt: string;
  score: number;
}

export interface CheckChange {
  id: string;
  title: string;
  severity: Severity;
  /** The check's status in the current run; `not-assessed` when the current run no longer has the check. */
  status: CheckStatus;
  /** For still-failing checks: when the unbroken run of failures began (generatedAt of its first run). */
  failingSince?: string;
  /** Objects failing now that were not failing in the previous run (all of them for a newly failing check). */
  newFindings: Finding[];
  /** Objects failing in the previous run that no longer fail (all of them for a fixed check). */
  fixedFindings: Finding[];
}

export interface RunComparison {
  previous: RunRef | null;
  /** current score − previous score, rounded to one decimal; null without a previous run. */
  scoreDelta: number | null;
  /** Failing now, not failing in the previous run (or the first run). */
  newFailing: CheckChange[];
  /** Failing in the previous run, passing (or not applicable: nothing left to fail) now. */
  fixed: CheckChange[];
  /** Failing in both; `failingSince` says from when. */
  stillFailing: CheckChange[];
  /**
   * Failing in the previous run but not assessed now (data missing, check gone): neither fixed nor failing, and
   * an auditor should see that the evidence disappeared rather than have it counted as a fix.
   */
  noLongerAssessed: CheckChange[];
  /** Totals of objects across all checks. */
  newFindingCount: number;
  fixedFindingCount: number;
}

export interface TrendSample extends RunRef {
  current: boolean;
}

function bySeverityThenId(a: { severity: Severity; id: string }, b: { severity: Severity; id: string }): number {
  return severityRank(a.severity) - severityRank(b.severity) || a.id.localeCompare(b.id);
}

function time(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
}

/**
 * Earlier runs of the current cluster, oldest first: the current run itself, duplicates and runs dated after it are
 * left out, so a history listing that already contains this run (or a re-run) compares correctly.
 */
export function earlierRuns(current: ScanResults, history: readonly ScanResults[]): ScanResults[] {
  const seen = new Set<string>([current.runId]);
  const now = time(current.generatedAt);
  const out: ScanResults[] = [];
  for (const run of history) {
    if (seen.has(run.runId) || time(run.generatedAt) > now) continue;
    seen.add(run.runId);
    out.push(run);
  }
  return out.sort((a, b) => time(a.generatedAt) - time(b.generatedAt) || a.runId.localeCompare(b.runId));
}

/** The identity of a failing object across runs; the message may change wording between versions. */
function objectKey(f: { kind: string; namespace: string | null; name: string }): string {
  return JSON.stringify([f.kind, f.namespace ?? '', f.name]);
}

function findingsMinus(a: readonly Finding[], b: readonly Finding[]): Finding[] {
  const inB = new Set(b.map(objectKey));
  return a.filter((f) => !inB.has(objectKey(f)));
}

function isFailing(check: CheckResult | undefined): boolean {
  return check?.status === 'fail';
}

/** generatedAt of the earliest run in the unbroken series of failures that ends with the previous run. */
function failingSince(checkId: string, earlier: readonly ScanResults[]): string | undefined {
  let since: string | undefined;
  for (let i = earlier.length - 1; i >= 0; i--) {
    const check = earlier[i].checks.find((c) => c.id === checkId);
    if (!isFailing(check)) break;
    since = earlier[i].generatedAt;
  }
  return since;
}

function runRef(run: ScanResults): RunRef {
  return { runId: run.runId, generatedAt: run.generatedAt, score: run.summary.score };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Compares the current run with the latest earlier run in `history` (any order, may include the current run). */
export function compareRuns(current: ScanResults, history: readonly ScanResults[]): RunComparison {
  const earlier = earlierRuns(current, history);
  const previous = earlier[earlier.length - 1];
  const before = new Map((previous?.checks ?? []).map((c) => [c.id, c]));
  const now = new Map(current.checks.map((c) => [c.id, c]));

  const newFailing: CheckChange[] = [];
  const stillFailing: CheckChange[] = [];
  for (const check of current.checks) {
    if (!isFailing(check)) continue;
    const old = before.get(check.id);
    const base = { id: check.id, title: check.title, severity: check.severity, status: check.status };
    if (previous && old && isFailing(old)) {
      stillFailing.push({
        ...base,
        failingSince: failingSince(check.id, earlier),
        newFindings: findingsMinus(check.failing, old.failing),
        fixedFindings: findingsMinus(old.failing, check.failing),
      });
    } else if (previous) {
      newFailing.push({ ...base, newFindings: [...check.failing], fixedFindings: [] });
    }
  }

  const fixed: CheckChange[] = [];
  const noLongerAssessed: CheckChange[] = [];
  for (const old of previous?.checks ?? []) {
    const check = now.get(old.id);
    if (!isFailing(old) || isFailing(check)) continue;
    const status: CheckStatus = check?.status ?? 'not-assessed';
    const change: CheckChange = {
      id: old.id,
      title: check?.title ?? old.title,
      severity: check?.severity ?? old.severity,
      status,
      newFindings: [],
      fixedFindings: status === 'not-assessed' ? [] : [...old.failing],
    };
    (status === 'not-assessed' ? noLongerAssessed : fixed).push(change);
  }

  const all = [...newFailing, ...stillFailing, ...fixed];
  for (const list of [newFailing, stillFailing, fixed, noLongerAssessed]) list.sort(bySeverityThenId);
  return {
    previous: previous ? runRef(previous) : null,
    scoreDelta: previous ? round1(current.summary.score - previous.summary.score) : null,
    newFailing,
    fixed,
    stillFailing,
    noLongerAssessed,
    newFindingCount: all.reduce((n, c) => n + c.newFindings.length, 0),
    fixedFindingCount: all.reduce((n, c) => n + c.fixedFindings.length, 0),
  };
}

/**
 * The last `limit` runs, oldest first, one point per run id; `runs` is the history plus the current run in any
 * order. The newest run is marked `current`.
 */
export function trend(runs: readonly ScanResults[], limit = TREND_RUNS): TrendSample[] {
  const byId = new Map<string, ScanResults>();
  for (const run of runs) byId.set(run.runId, run);
  const ordered = [...byId.values()].sort(
    (a, b) => time(a.generatedAt) - time(b.generatedAt) || a.runId.localeCompare(b.runId),
  );
  const kept = limit > 0 ? ordered.slice(-limit) : [];
  return kept.map((run, i) => ({ ...runRef(run), current: i === kept.length - 1 }));
}
