import type { Finding } from '../checks/types.js';
import { globMatches, matchesAnyGlob } from '../model/glob.js';
import { daysLeft, isExpired } from './expiry.js';
import type { CheckResult, ResultFinding, ScanResults } from './results.js';
import type { Waiver } from './waiver-types.js';

/** Days before expiry from which a waiver or attestation is reported as expiring. */
export const EXPIRING_WITHIN_DAYS = 30;

export function waiverCovers(waiver: Waiver, checkId: string, clusterName: string, finding: Finding): boolean {
  return (
    globMatches(waiver.check, checkId) &&
    matchesAnyGlob(waiver.clusters, clusterName) &&
    // A cluster-scoped object has no namespace; it matches namespace globs as the empty string (so only "*").
    matchesAnyGlob(waiver.namespaces, finding.namespace ?? '') &&
    matchesAnyGlob(waiver.names, finding.name) &&
    matchesAnyGlob(waiver.kinds, finding.kind)
  );
}

/**
 * Moves the failing findings that an unexpired waiver covers into `waived[]` (the first matching waiver in config
 * order is named). When every finding is waived the check reads `pass` with a non-empty `waived[]`: the risk is
 * accepted, and requirements and counts treat it as waived (see `checkState`).
 */
export function applyWaivers(
  result: CheckResult,
  waivers: readonly Waiver[],
  clusterName: string,
  now: Date,
): CheckResult {
  if (result.status !== 'fail' || result.failing.length === 0) return result;
  const live = waivers.filter((w) => !isExpired(w.expires, now));
  const expired = waivers.filter((w) => isExpired(w.expires, now));
  if (live.length === 0 && expired.length === 0) return result;
  const failing: ResultFinding[] = [];
  const waived = [...result.waived];
  for (const f of result.failing) {
    const w = live.find((x) => waiverCovers(x, result.id, clusterName, f));
    if (w) {
      waived.push({
        kind: f.kind,
        namespace: f.namespace,
        name: f.name,
        waiver: w.id,
        message: f.message,
        ...(f.path !== undefined ? { path: f.path } : {}),
      });
      continue;
    }
    // An object whose waiver lapsed fails again; say which waiver covered it until when, so it is not a surprise.
    const lapsed = expired.find((x) => waiverCovers(x, result.id, clusterName, f));
    failing.push(lapsed ? { ...f, expiredWaiver: { id: lapsed.id, expires: lapsed.expires } } : f);
  }
  if (waived.length === result.waived.length) return { ...result, failing };
  if (failing.length > 0) return { ...result, failing, waived };
  const ids = [...new Set(waived.map((w) => w.waiver))].join(', ');
  return {
    ...result,
    status: 'pass',
    failing: [],
    waived,
    reason: `accepted risk: all ${waived.length} failing object(s) are waived (${ids})`,
  };
}

export type CheckState = 'pass' | 'fail' | 'not-applicable' | 'not-assessed' | 'waived';

/** The state a check contributes to requirements and counts: a pass that only holds through waivers is `waived`. */
export function checkState(result: CheckResult): CheckState {
  if (result.status === 'pass' && result.waived.length > 0) return 'waived';
  return result.status;
}

export type RegisterState = 'active' | 'expiring' | 'expired' | 'unused';

export interface WaiverRegisterEntry {
  waiver: Waiver;
  state: RegisterState;
  /** Whole days before it stops applying (negative once expired). */
  daysLeft: number;
  /** How many objects it waived in this run. */
  objects: number;
  /** The checks it waived objects of. */
  checks: string[];
}

/**
 * Every configured waiver with its state for the reports: expired (no longer applies), unused (matched nothing in
 * this run, a candidate for removal), expiring (applies, ends within 30 days) or active.
 */
export function waiverRegister(
  waivers: readonly Waiver[],
  results: Pick<ScanResults, 'checks'>,
  now: Date,
): WaiverRegisterEntry[] {
  return waivers.map((waiver) => {
    const checks = results.checks.filter((c) => c.waived.some((w) => w.waiver === waiver.id));
    const objects = checks.reduce((n, c) => n + c.waived.filter((w) => w.waiver === waiver.id).length, 0);
    const left = daysLeft(waiver.expires, now);
    let state: RegisterState;
    if (isExpired(waiver.expires, now)) state = 'expired';
    else if (objects === 0) state = 'unused';
    else if (left <= EXPIRING_WITHIN_DAYS) state = 'expiring';
    else state = 'active';
    return { waiver, state, daysLeft: left, objects, checks: checks.map((c) => c.id) };
  });
}
