import { distinctObjects, type Severity } from '../checks/types.js';
import type { RequirementDefinition } from '../frameworks/types.js';
import { attestationRef, findAttestation, latestExpiredAttestation } from './attestations.js';
import { daysLeft } from './expiry.js';
import type { CheckResult, RequirementResult, RequirementStatus, VerdictCoverage, VerdictSource } from './results.js';
import { requirementWeight, SEVERITY_WEIGHTS } from './score.js';
import type { Attestation } from './waiver-types.js';
import { checkState, EXPIRING_WITHIN_DAYS } from './waivers.js';

export interface RequirementContext {
  frameworkId: string;
  clusterName: string;
  attestations: readonly Attestation[];
  now: Date;
  /** Results of the checks run in this scan, by id. */
  checkResults: ReadonlyMap<string, CheckResult>;
}

export interface ScoredRequirement {
  result: RequirementResult;
  weight: number;
  /** Share of the weight a failing requirement still earns: its passing checks' weight over its assessed checks'. */
  credit: number;
}

/**
 * Partial credit for a failing requirement served by several checks: a risk area with 9 of 10 checks passing is
 * not as bad as one with none. A requirement with one check earns 0 when it fails, so single-check requirements
 * (most of CIS) score as plain pass/fail.
 */
function failingCredit(checkIds: readonly string[], checkResults: ReadonlyMap<string, CheckResult>): number {
  let passed = 0;
  let assessed = 0;
  for (const id of checkIds) {
    const check = checkResults.get(id);
    if (!check) continue;
    const state = checkState(check);
    const weight = SEVERITY_WEIGHTS[check.severity];
    if (state === 'pass') passed += weight;
    if (state === 'pass' || state === 'fail') assessed += weight;
  }
  return assessed === 0 ? 0 : passed / assessed;
}

function verdict(status: RequirementStatus, reason?: string): { status: RequirementStatus; reason?: string } {
  return reason === undefined ? { status } : { status, reason };
}

function listReasons(results: readonly CheckResult[], fallback: string): string {
  const parts = results.map((r) => `${r.id}: ${r.reason ?? fallback}`);
  return parts.join('; ');
}

/** The automated verdict of a requirement from the states of its checks (order of the rules matters). */
function fromChecks(ids: readonly string[], checkResults: ReadonlyMap<string, CheckResult>) {
  const known = ids.map((id) => checkResults.get(id)).filter((r): r is CheckResult => r !== undefined);
  const unknown = ids.filter((id) => !checkResults.has(id));
  const byState = (s: ReturnType<typeof checkState>) => known.filter((r) => checkState(r) === s);

  const failed = byState('fail');
  if (failed.length > 0) {
    const what = failed.map((r) => {
      const n = distinctObjects(r.failing);
      return `${r.id} (${n} object${n === 1 ? '' : 's'})`;
    });
    return verdict('fail', `failing: ${what.join(', ')}`);
  }
  const notAssessed = byState('not-assessed');
  if (notAssessed.length > 0 || unknown.length > 0) {
    const reasons = [listReasons(notAssessed, 'not assessed')];
    if (unknown.length > 0) reasons.push(`check(s) not run in this scan: ${unknown.join(', ')}`);
    // Checks that found something only a person can judge (CheckOutcome.manualReview) make it manual, not unknown.
    const status = unknown.length === 0 && notAssessed.every((r) => r.manualReview) ? 'manual' : 'not-assessed';
    return verdict(status, reasons.filter((r) => r !== '').join('; '));
  }
  const waived = byState('waived');
  if (waived.length > 0) return verdict('waived', `accepted risk: ${waived.map((r) => r.id).join(', ')}`);
  if (known.length > 0 && byState('not-applicable').length === known.length) {
    return verdict('not-applicable', listReasons(known, 'nothing to evaluate'));
  }
  return verdict('pass');
}

const EVIDENCE_MESSAGES = 3;

/** "pass (reason)", "fail: 2 findings: msg; msg", …: one check's outcome in a sentence for an auditor. */
function evidenceSummary(check: CheckResult): string {
  const state = checkState(check);
  if (state === 'fail') {
    const shown = check.failing.slice(0, EVIDENCE_MESSAGES).map((f) => `${f.kind} ${f.name}: ${f.message}`);
    const more =
      check.failing.length > EVIDENCE_MESSAGES ? `; and ${check.failing.length - EVIDENCE_MESSAGES} more` : '';
    const n = check.failing.length;
    return `fail: ${n} finding${n === 1 ? '' : 's'}: ${shown.join('; ')}${more}`;
  }
  return check.reason ? `${state} (${check.reason})` : state;
}

/**
 * The requirement's reason with "Compensating evidence: <title>: <summary>" for each evidence check. Evidence never
 * changes a status: it tells the auditor what the scan saw around a requirement it cannot (or may not) decide.
 */
function withEvidence(
  reason: string | undefined,
  ids: readonly string[],
  checkResults: RequirementContext['checkResults'],
) {
  const parts = ids.map((id) => {
    const check = checkResults.get(id);
    return check
      ? `Compensating evidence: ${check.title}: ${evidenceSummary(check)}.`
      : `Compensating evidence: ${id}: not run in this scan.`;
  });
  return [reason, ...parts].filter((p): p is string => p !== undefined && p !== '').join(' ');
}

/**
 * One requirement's status and weight. Rules, first match wins: not assessable → not-assessed; no checks → manual;
 * (either settled by a valid attestation instead; if not, its reason is followed by its `evidenceChecks` outcomes);
 * then any fail → fail; any not-assessed → not-assessed; waived or pass with one waived → waived; all
 * not-applicable → not-applicable; else pass.
 */
export function evaluateRequirement(
  req: RequirementDefinition,
  checkIds: readonly string[],
  ctx: RequirementContext,
): ScoredRequirement {
  const severities: Severity[] = checkIds
    .map((id) => ctx.checkResults.get(id)?.severity)
    .filter((s): s is Severity => s !== undefined);
  const result: RequirementResult = { id: req.id, title: req.title, status: 'manual', checks: [...checkIds] };
  result.section = req.section;
  // The benchmark's own designation; our automation is said by `verdictSource`.
  if (req.benchmarkAssessment !== undefined) result.benchmarkAssessment = req.benchmarkAssessment;

  if (req.notAssessableReason !== undefined || checkIds.length === 0) {
    const att = findAttestation(ctx.attestations, ctx.frameworkId, req.id, ctx.clusterName, ctx.now);
    if (att) {
      result.status = att.status;
      result.reason = `attested by ${att.attestedBy} on ${att.date}: ${att.statement}`;
      result.attestation = attestationRef(att);
      result.attestationState = daysLeft(att.expires, ctx.now) <= EXPIRING_WITHIN_DAYS ? 'expiring' : 'in-force';
      result.verdictSource = 'attestation';
      return { result, weight: requirementWeight(severities), credit: 0 };
    }
    const expired = latestExpiredAttestation(ctx.attestations, ctx.frameworkId, req.id, ctx.clusterName, ctx.now);
    result.attestationState = expired ? 'expired' : 'none';
    if (req.notAssessableReason !== undefined) {
      result.status = 'not-assessed';
      result.reason = req.notAssessableReason;
    } else {
      result.status = 'manual';
      result.reason =
        req.manualGuidance ?? 'No automated check covers this requirement; it needs a person to review it.';
    }
    if (expired) {
      result.expiredAttestation = { id: expired.id, expires: expired.expires };
      result.reason = `${result.reason} Attestation ${expired.id} was valid until ${expired.expires} and has expired.`;
    }
    if (req.evidenceChecks) result.reason = withEvidence(result.reason, req.evidenceChecks, ctx.checkResults);
    result.verdictSource = result.status === 'not-assessed' ? 'not-assessed' : 'manual';
    return { result, weight: requirementWeight(severities), credit: 0 };
  }

  const v = fromChecks(checkIds, ctx.checkResults);
  if (v.status === 'manual') {
    const att = findAttestation(ctx.attestations, ctx.frameworkId, req.id, ctx.clusterName, ctx.now);
    if (att) {
      result.status = att.status;
      result.reason = `attested by ${att.attestedBy} on ${att.date}: ${att.statement} (the checks found: ${v.reason})`;
      result.attestation = attestationRef(att);
      result.attestationState = daysLeft(att.expires, ctx.now) <= EXPIRING_WITHIN_DAYS ? 'expiring' : 'in-force';
      result.verdictSource = 'attestation';
      return { result, weight: requirementWeight(severities), credit: 0 };
    }
  }
  result.status = v.status;
  if (v.reason !== undefined) result.reason = v.reason;
  result.verdictSource =
    v.status === 'not-assessed'
      ? 'not-assessed'
      : v.status === 'waived'
        ? 'waiver'
        : v.status === 'manual'
          ? 'manual'
          : 'automated';
  const credit = v.status === 'fail' ? failingCredit(checkIds, ctx.checkResults) : 0;
  return { result, weight: requirementWeight(severities), credit };
}

const COVERAGE_KEY: Readonly<Record<VerdictSource, Exclude<keyof VerdictCoverage, 'requirements'>>> = {
  automated: 'automated',
  attestation: 'attestation',
  waiver: 'waiver',
  manual: 'manual',
  'not-assessed': 'notAssessed',
};

/** Requirements by verdict source: "34 of 50 machine-verified, 2 attested, 4 not assessed". */
export function verdictCoverage(requirements: readonly RequirementResult[]): VerdictCoverage {
  const out: VerdictCoverage = {
    requirements: requirements.length,
    automated: 0,
    attestation: 0,
    waiver: 0,
    manual: 0,
    notAssessed: 0,
  };
  for (const r of requirements) if (r.verdictSource) out[COVERAGE_KEY[r.verdictSource]] += 1;
  return out;
}
