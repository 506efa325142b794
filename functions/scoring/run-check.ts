import type {
  CheckDefinition,
  CheckOutcome,
  CheckStatus,
  Finding,
  Observation,
  PlatformExemption,
} from '../checks/types.js';
import { cisRequirementIdsOf, riskAreasOf } from '../frameworks/index.js';
import type { Snapshot } from '../model/snapshot.js';
import { reportDifferingPodsOnce } from './differing-pods.js';
import { checkEvidence } from './evidence.js';
import { type MissingInput, missingInputs } from './inputs.js';
import type { CheckResult, ResultReferences } from './results.js';

const CHECK_STATUSES: ReadonlySet<string> = new Set<CheckStatus>(['pass', 'fail', 'not-applicable', 'not-assessed']);

export interface CheckRun {
  result: CheckResult;
  /** Inputs the snapshot lacked (the check was not run). */
  missing: MissingInput[];
  /** Set when the check threw or returned something unusable. */
  error?: string;
}

/** The check's peer ids and its CIS ids from the framework mapping (kube-bench uses the benchmark's ids). */
function referencesOf(check: CheckDefinition): ResultReferences {
  const cis = cisRequirementIdsOf(check.id);
  return cis.length > 0 ? { ...check.references, 'kube-bench': [...cis] } : { ...check.references };
}

function base(check: CheckDefinition): Omit<CheckResult, 'status' | 'evaluatedCount' | 'failing'> {
  return {
    id: check.id,
    title: check.title,
    severity: check.severity,
    references: referencesOf(check),
    riskAreas: [...riskAreasOf(check.id)],
    waived: [],
    ...(check.deviation ? { deviation: check.deviation } : {}),
  };
}

function notAssessed(check: CheckDefinition, reason: string): CheckResult {
  return {
    ...base(check),
    status: 'not-assessed',
    evaluatedCount: 0,
    failing: [],
    reason,
    evidence: checkEvidence(check.inputs, [], []),
  };
}

/** An observation already in the shape results.json carries: kept as it is, not copied. */
function isClean(o: unknown): o is Observation {
  if (typeof o !== 'object' || o === null) return false;
  const v = o as Record<string, unknown>;
  return (
    typeof v.kind === 'string' &&
    typeof v.name === 'string' &&
    typeof v.observed === 'string' &&
    (v.namespace === null || typeof v.namespace === 'string')
  );
}

/**
 * Observations as results.json carries them: strings only, anything malformed dropped. The list is returned as it
 * is when every entry is already clean (the outcome builder's always are), so a large cluster's observations are not
 * copied once more.
 */
function cleanObservations(value: unknown): Observation[] {
  if (!Array.isArray(value)) return [];
  if (value.every(isClean)) return value as Observation[];
  return value
    .filter((o): o is Observation => typeof o === 'object' && o !== null && typeof o.name === 'string')
    .map((o) => ({ kind: String(o.kind), namespace: o.namespace ?? null, name: o.name, observed: String(o.observed) }));
}

/** Findings as results.json carries them: `namespace` always present, no undefined `path`. */
function cleanFinding(f: Finding): Finding {
  const out: Finding = {
    kind: String(f.kind),
    namespace: f.namespace ?? null,
    name: String(f.name),
    message: String(f.message),
  };
  if (typeof f.path === 'string') out.path = f.path;
  return out;
}

function checkOutcome(outcome: unknown): CheckOutcome {
  if (typeof outcome !== 'object' || outcome === null) throw new Error('evaluate returned no outcome');
  const o = outcome as Partial<CheckOutcome>;
  if (typeof o.status !== 'string' || !CHECK_STATUSES.has(o.status)) {
    throw new Error(`evaluate returned an invalid status ${JSON.stringify(o.status)}`);
  }
  if (o.failing !== undefined && !Array.isArray(o.failing))
    throw new Error('evaluate returned failing that is not a list');
  return {
    status: o.status,
    evaluatedCount: typeof o.evaluatedCount === 'number' && Number.isFinite(o.evaluatedCount) ? o.evaluatedCount : 0,
    failing: (o.failing ?? []).map(cleanFinding),
    reason: typeof o.reason === 'string' ? o.reason : undefined,
    observed: cleanObservations(o.observed),
    ...(typeof o.coverage === 'string' ? { coverage: o.coverage } : {}),
    ...(o.status === 'not-assessed' && o.manualReview === true ? { manualReview: true as const } : {}),
    ...(Array.isArray(o.platformExemptions) && o.platformExemptions.length > 0
      ? { platformExemptions: o.platformExemptions.map(cleanExemption) }
      : {}),
  };
}

function cleanExemption(e: PlatformExemption): PlatformExemption {
  return {
    kind: String(e.kind),
    namespace: e.namespace ?? null,
    name: String(e.name),
    addon: String(e.addon),
    images: (e.images ?? []).map(String),
    reason: String(e.reason),
    observed: (e.observed ?? []).map(String),
  };
}

/**
 * Runs one check against a snapshot. A missing input makes it `not-assessed` before it runs, with the collector's
 * reason; an exception makes it `not-assessed` too. One bad check must never cost the rest of the report.
 */
export function runCheck(check: CheckDefinition, snapshot: Snapshot): CheckRun {
  const missing = missingInputs(snapshot, check.inputs);
  if (missing.length > 0) {
    return { result: notAssessed(check, missing.map((m) => m.reason).join('; ')), missing };
  }
  try {
    const outcome = reportDifferingPodsOnce(checkOutcome(check.evaluate(snapshot)), snapshot);
    const result: CheckResult = {
      ...base(check),
      status: outcome.status,
      evaluatedCount: outcome.evaluatedCount,
      failing: outcome.failing,
    };
    if (outcome.reason !== undefined) result.reason = outcome.reason;
    if (outcome.platformExemptions) result.platformExemptions = outcome.platformExemptions;
    if (outcome.manualReview) result.manualReview = true;
    result.evidence = checkEvidence(check.inputs, outcome.failing, outcome.observed ?? [], outcome.coverage);
    return { result, missing };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { result: notAssessed(check, `check failed: ${message}`), missing, error: message };
  }
}
