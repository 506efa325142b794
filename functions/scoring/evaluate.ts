/**
 * The evaluation engine: Snapshot → ScanResults (results.json). Pure: everything it needs comes in as arguments;
 * the clock is read only when `generatedAt` is not given.
 */
import { ALL_CHECKS } from '../checks/registry.js';
import type { CheckDefinition } from '../checks/types.js';
import { FRAMEWORKS, frameworkById } from '../frameworks/index.js';
import { requirementCheckIds } from '../frameworks/resolve.js';
import type { FrameworkDefinition } from '../frameworks/types.js';
import type { Snapshot } from '../model/snapshot.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { attestationRegister } from './attestations.js';
import { type MissingInput, mergeGaps } from './inputs.js';
import { redactionsOf } from './redactions.js';
import { evaluateRequirement, verdictCoverage } from './requirements.js';
import type { AttestationRecord, CheckResult, FrameworkResult, ScanResults, WaiverRecord } from './results.js';
import { runCheck } from './run-check.js';
import { countStatuses, SCORE_FORMULA, SEVERITY_WEIGHTS, weightedScore } from './score.js';
import { dataSources } from './sources.js';
import type { Attestation, Waiver } from './waiver-types.js';
import { applyWaivers, checkState, waiverRegister } from './waivers.js';

export { type AttestationRegisterEntry, attestationRegister } from './attestations.js';
export { SCORE_FORMULA } from './score.js';
export { type RegisterState, type WaiverRegisterEntry, waiverRegister } from './waivers.js';

export interface EvaluateOptions {
  /** Default: every registered check (ALL_CHECKS). */
  checks?: readonly CheckDefinition[];
  /** Framework definitions or ids. Default: all frameworks. */
  frameworks?: readonly FrameworkDefinition[] | readonly string[];
  runId?: string;
  /** ISO-8601; default: now. */
  generatedAt?: string;
  waivers?: readonly Waiver[];
  attestations?: readonly Attestation[];
  /** The instant waivers and attestations are judged against; default: `generatedAt`. */
  now?: Date;
}

function resolveFrameworks(input: EvaluateOptions['frameworks']): FrameworkDefinition[] {
  if (input === undefined) return [...FRAMEWORKS];
  return input.map((f) => {
    if (typeof f !== 'string') return f;
    const fw = frameworkById(f);
    if (!fw) throw new Error(`unknown framework "${f}" (known: ${FRAMEWORKS.map((x) => x.id).join(', ')})`);
    return fw;
  });
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'cluster'
  );
}

/** A run id that is the same for the same cluster and time, so re-rendering a saved run keeps its name. */
function defaultRunId(clusterName: string, generatedAt: string): string {
  return `${slug(clusterName)}-${generatedAt.replace(/[^0-9]/g, '').slice(0, 14)}`;
}

/**
 * Evaluates the checks the selected frameworks need, applies waivers and attestations, and scores.
 * Throws only for an unknown framework id (a usage error); a failing check or missing data never throws.
 */
export function evaluate(snapshot: Snapshot, options: EvaluateOptions = {}): ScanResults {
  const generatedAt = options.generatedAt ?? new Date().toISOString();
  const now = options.now ?? new Date(generatedAt);
  const allChecks = options.checks ?? ALL_CHECKS;
  const frameworks = resolveFrameworks(options.frameworks);
  const waivers = options.waivers ?? [];
  const attestations = options.attestations ?? [];
  const clusterName = snapshot.cluster.name;

  // Resolve each requirement's checks once; the checks in scope are those some selected requirement needs.
  const resolved = frameworks.map((fw) => ({
    fw,
    reqs: fw.requirements.map((req) => ({ req, ids: requirementCheckIds(req, allChecks) })),
  }));
  // Evidence checks run too: they never decide a requirement, but its reason quotes their outcome.
  const needed = new Set(resolved.flatMap((f) => f.reqs.flatMap((r) => [...r.ids, ...(r.req.evidenceChecks ?? [])])));
  const inScope = allChecks.filter((c) => needed.has(c.id));

  const checkResults = new Map<string, CheckResult>();
  const missing: MissingInput[] = [];
  for (const check of inScope) {
    if (checkResults.has(check.id)) continue;
    const run = runCheck(check, snapshot);
    missing.push(...run.missing);
    if (run.error !== undefined) missing.push({ source: `check:${check.id}`, reason: `check failed: ${run.error}` });
    checkResults.set(check.id, applyWaivers(run.result, waivers, clusterName, now));
  }
  const checks = [...checkResults.values()];

  const frameworkResults: FrameworkResult[] = resolved.map(({ fw, reqs }) => {
    const scored = reqs.map(({ req, ids }) =>
      evaluateRequirement(req, ids, { frameworkId: fw.id, clusterName, attestations, now, checkResults }),
    );
    const requirements = scored.map((s) => s.result);
    return {
      id: fw.id,
      title: fw.title,
      version: fw.version,
      score: weightedScore(scored.map((s) => ({ status: s.result.status, weight: s.weight, credit: s.credit }))),
      counts: countStatuses(requirements.map((r) => r.status)),
      coverage: verdictCoverage(requirements),
      requirements,
    };
  });

  // The summary scores each check once, so a check shared by several frameworks does not count twice.
  const checkStates = checks.map((c) => ({ state: checkState(c), weight: SEVERITY_WEIGHTS[c.severity] }));
  const summaryScore = weightedScore(checkStates.map((c) => ({ status: c.state, weight: c.weight })));

  const cluster: ScanResults['cluster'] = {
    name: snapshot.cluster.name,
    arn: snapshot.cluster.arn ?? null,
    region: snapshot.cluster.region ?? null,
    accountId: snapshot.cluster.accountId ?? null,
    kubernetesVersion: snapshot.cluster.kubernetesVersion ?? null,
    source: snapshot.cluster.source,
  };
  if (snapshot.cluster.platformVersion !== undefined) cluster.platformVersion = snapshot.cluster.platformVersion;

  const waiverRecords: WaiverRecord[] = waiverRegister(waivers, { checks }, now).map((e) => {
    const w = e.waiver;
    const scope: WaiverRecord['scope'] = {};
    if (w.clusters) scope.clusters = [...w.clusters];
    if (w.namespaces) scope.namespaces = [...w.namespaces];
    if (w.names) scope.names = [...w.names];
    if (w.kinds) scope.kinds = [...w.kinds];
    const record: WaiverRecord = {
      id: w.id,
      check: w.check,
      state: e.state,
      daysLeft: e.daysLeft,
      expires: w.expires,
      approvedBy: w.approvedBy,
      reason: w.reason,
      scope,
      objects: e.objects,
      checks: e.checks,
    };
    if (w.ticket !== undefined) record.ticket = w.ticket;
    if (w.approvedOn !== undefined) record.approvedOn = w.approvedOn;
    return record;
  });
  const attestationRecords: AttestationRecord[] = attestationRegister(
    attestations,
    { frameworks: frameworkResults },
    now,
  ).map((e) => {
    const a = e.attestation;
    const record: AttestationRecord = {
      id: a.id,
      framework: a.framework,
      requirement: a.requirement,
      state: e.state,
      daysLeft: e.daysLeft,
      status: a.status,
      attestedBy: a.attestedBy,
      date: a.date,
      expires: a.expires,
      statement: a.statement,
      settled: e.settled,
    };
    if (a.evidence !== undefined) record.evidence = a.evidence;
    return record;
  });

  return {
    schemaVersion: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    runId: options.runId ?? defaultRunId(clusterName, generatedAt),
    generatedAt,
    collectedAt: snapshot.collectedAt,
    cluster,
    summary: {
      // results.json types the summary score as a number: with nothing measured it is 0, never a vacuous 100.
      score: summaryScore ?? 0,
      counts: countStatuses(checkStates.map((c) => c.state)),
      scoreFormula: SCORE_FORMULA,
    },
    frameworks: frameworkResults,
    checks,
    gaps: mergeGaps(snapshot.gaps ?? [], missing),
    ...(snapshot.collector ? { collector: { ...snapshot.collector } } : {}),
    ...(snapshot.scanIdentity ? { scanIdentity: { ...snapshot.scanIdentity } } : {}),
    sources: dataSources(snapshot),
    waivers: waiverRecords,
    attestations: attestationRecords,
    redactions: redactionsOf(snapshot),
  };
}
