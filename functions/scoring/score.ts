/**
 * The score: one formula for frameworks (over requirements) and for the summary (over checks). See docs/scoring.md.
 */
import type { Severity } from '../checks/types.js';
import type { RequirementStatus, StatusCounts } from './results.js';

export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = {
  critical: 10,
  high: 5,
  medium: 3,
  low: 1,
  info: 0,
};

/**
 * Weight of a requirement that no check measures but an attestation settled: it weighs like a medium finding,
 * so a person's "fail" lowers the score without outweighing an automated critical one.
 */
export const ATTESTED_REQUIREMENT_WEIGHT = SEVERITY_WEIGHTS.medium;

export const SCORE_FORMULA =
  'score = 100 × Σ weight(pass) / Σ weight(pass + fail), rounded to 0.1; weight = severity (critical 10, high 5, ' +
  'medium 3, low 1, info 0; a requirement weighs as its most severe check, and a failing requirement served by ' +
  'several checks earns the share of its weight that its passing checks carry); manual, not-applicable, ' +
  'not-assessed and waived are left out of the score and shown as coverage';

/** A requirement weighs as much as its most severe check. */
export function requirementWeight(checkSeverities: readonly Severity[]): number {
  if (checkSeverities.length === 0) return ATTESTED_REQUIREMENT_WEIGHT;
  return Math.max(...checkSeverities.map((s) => SEVERITY_WEIGHTS[s]));
}

export interface Weighted {
  status: RequirementStatus;
  weight: number;
  /** For a failing item, the share (0–1) of its weight it still earns; absent means 0. */
  credit?: number;
}

/** 100 × passed weight / (passed + failed weight), one decimal; null when nothing with weight passed or failed. */
export function weightedScore(items: readonly Weighted[]): number | null {
  let passed = 0;
  let scored = 0;
  for (const { status, weight, credit } of items) {
    if (status === 'pass') {
      passed += weight;
      scored += weight;
    } else if (status === 'fail') {
      passed += weight * Math.min(1, Math.max(0, credit ?? 0));
      scored += weight;
    }
  }
  if (scored === 0) return null;
  return Math.round((1000 * passed) / scored) / 10;
}

export function emptyCounts(): StatusCounts {
  return { pass: 0, fail: 0, manual: 0, notApplicable: 0, notAssessed: 0, waived: 0 };
}

const COUNT_KEY: Readonly<Record<RequirementStatus, keyof StatusCounts>> = {
  pass: 'pass',
  fail: 'fail',
  manual: 'manual',
  'not-applicable': 'notApplicable',
  'not-assessed': 'notAssessed',
  waived: 'waived',
};

export function countStatuses(statuses: readonly RequirementStatus[]): StatusCounts {
  const counts = emptyCounts();
  for (const s of statuses) counts[COUNT_KEY[s]] += 1;
  return counts;
}

export type ScoreBand = 'good' | 'fair' | 'poor';

/** The score bands every report colours by: 80 and above is good, 50 to 79 fair, under 50 poor. */
export function scoreBand(score: number): ScoreBand {
  if (score >= 80) return 'good';
  if (score >= 50) return 'fair';
  return 'poor';
}
