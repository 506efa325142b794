/**
 * A cluster's summary: what the fleet report, the email and the run events need of one cluster, and no more. Each
 * Map item of a run writes one beside its reports (runs/<runId>/clusters/<…>/summary.json), so the Report step reads
 * these instead of results.json and its memory grows with the number of clusters only, never with their size.
 *
 * Its size is bounded by the catalog, the config and the constants below, not by the cluster: lists of checks are cut
 * to SUMMARY_LIST_LIMIT (with the full counts beside them), requirements carry a status (and a title only when
 * failing), registers and coverage list what the config and the data sources name. Strings are kept as results.json
 * has them (the renderers make them single-line), each capped at SUMMARY_TEXT_MAX. Pure: results and history in,
 * summary out.
 */
import type { Severity } from '../checks/types.js';
import { distinctObjects, SEVERITIES, severityRank } from '../checks/types.js';
import { CIS_EKS_1_8_0 } from '../frameworks/cis-eks-1.8.0.js';
import type { CheckResult, RequirementStatus, ScanResults, StatusCounts, VerdictCoverage } from '../scoring/results.js';
import type { RegisterState } from '../scoring/waivers.js';
import { compareRuns } from './history.js';

/** Raised when the shape changes in a way an older Report step could not read. */
export const SUMMARY_VERSION = 1;
/** Failing checks, new failures and register entries needing attention kept per cluster (the email lists ten). */
export const SUMMARY_LIST_LIMIT = 10;
/** Any one string from results.json (names, titles, ids): far more than any EKS name or catalog title. */
export const SUMMARY_TEXT_MAX = 1_000;

/** A check as the summary lists it: its id, title, severity and how many distinct objects fail it. */
export interface SummaryCheck {
  id: string;
  title: string;
  severity: Severity;
  objects: number;
}

export interface SummaryRequirement {
  id: string;
  status: RequirementStatus;
  /** Only for failing requirements: the fleet report names the ones failing in most clusters. */
  title?: string;
}

export interface SummaryFramework {
  id: string;
  title: string;
  score: number | null;
  counts: StatusCounts;
  /** Every requirement of the framework, in the framework's order. */
  requirements: SummaryRequirement[];
  coverage?: VerdictCoverage;
}

/** One CIS section (4.2 of 4.2.1): requirements passing (pass or waived) and assessed (pass, fail or waived). */
export interface SummarySection {
  id: string;
  title: string;
  passed: number;
  assessed: number;
}

export interface RegisterCounts {
  active: number;
  expiring: number;
  expired: number;
  unused: number;
}

/** A waiver or attestation that expires within 30 days or has expired. */
export type RegisterAttention = {
  id: string;
  state: 'expiring' | 'expired';
  expires: string;
  daysLeft: number;
} & (
  | { register: 'waiver' /** The check id or glob it waives. */; check: string }
  | { register: 'attestation'; framework: string; requirement: string }
);

export interface ClusterSummary {
  summaryVersion: typeof SUMMARY_VERSION;
  runId: string;
  generatedAt: string;
  tool: { name: string; version: string };
  cluster: {
    name: string;
    region: string | null;
    accountId: string | null;
    arn: string | null;
    kubernetesVersion: string | null;
  };
  score: number;
  counts: StatusCounts;
  /** Checks failing, and the objects failing them (every check, not only the listed ones). */
  failingChecks: number;
  findings: number;
  /** The failing checks, most severe first, then most objects: at most SUMMARY_LIST_LIMIT. */
  topFailures: SummaryCheck[];
  /** Since the previous run of this cluster (its history), as compareRuns tells it. */
  changes: {
    previous: { runId: string; generatedAt: string; score: number } | null;
    scoreDelta: number | null;
    newFailing: number;
    fixed: number;
    stillFailing: number;
    noLongerAssessed: number;
    /** The newly failing checks, most severe first, then most objects: at most SUMMARY_LIST_LIMIT. */
    newFailures: SummaryCheck[];
    /** All newly failing checks by severity. */
    newFailingBySeverity: Record<Severity, number>;
  };
  frameworks: SummaryFramework[];
  /** The CIS EKS sections, in section order; empty without CIS results. */
  cisSections: SummarySection[];
  registers: {
    waivers: RegisterCounts;
    attestations: RegisterCounts;
    /** Every entry expired or expiring within 30 days (the config's registers bound them), soonest first. */
    attention: RegisterAttention[];
  };
  coverage: {
    /** Data sources the scan used and how many were collected; null in results written before `sources`. */
    sources: { total: number; collected: number } | null;
    /** What was not collected: each gap's data source by its title (its id when results.json has no title). */
    gaps: string[];
    checks: number;
    /** The ids of the checks not assessed. */
    notAssessedChecks: string[];
  };
  /** The cluster's report objects in the bucket, by file (html, pdf, csv, requirements, manifest…). */
  reports: Record<string, string>;
}

/** The string as it is, or its first SUMMARY_TEXT_MAX code points. */
function text(value: string): string {
  if (value.length <= SUMMARY_TEXT_MAX) return value;
  return Array.from(value).slice(0, SUMMARY_TEXT_MAX).join('');
}

function bySeverityThenObjects(a: SummaryCheck, b: SummaryCheck): number {
  return severityRank(a.severity) - severityRank(b.severity) || b.objects - a.objects || a.id.localeCompare(b.id);
}

function summaryCheck(c: Pick<CheckResult, 'id' | 'title' | 'severity'>, objects: number): SummaryCheck {
  return { id: text(c.id), title: text(c.title), severity: c.severity, objects };
}

function top(checks: SummaryCheck[]): SummaryCheck[] {
  return [...checks].sort(bySeverityThenObjects).slice(0, SUMMARY_LIST_LIMIT);
}

/** "4.2.1" → "4.2": the CIS section a requirement belongs to. */
export function cisSection(requirementId: string): string {
  const parts = requirementId.split('.');
  return parts.length >= 2 ? `${parts[0]}.${parts[1]}` : parts[0];
}

/** Requirements with a verdict: pass, fail or waived (manual, not-applicable and not-assessed ones are not). */
export function isAssessed(status: RequirementStatus): boolean {
  return status === 'pass' || status === 'fail' || status === 'waived';
}

export function compareSection(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (Number.isNaN(d)) return a.localeCompare(b);
    if (d !== 0) return d;
  }
  return 0;
}

function cisSections(results: ScanResults): SummarySection[] {
  const cis = results.frameworks.find((f) => f.id === CIS_EKS_1_8_0.id);
  const sections = new Map<string, SummarySection>();
  for (const r of cis?.requirements ?? []) {
    const id = cisSection(r.id);
    const s = sections.get(id) ?? { id: text(id), title: text(r.section ?? id), passed: 0, assessed: 0 };
    if (isAssessed(r.status)) s.assessed++;
    if (r.status === 'pass' || r.status === 'waived') s.passed++;
    sections.set(id, s);
  }
  return [...sections.values()].sort((a, b) => compareSection(a.id, b.id));
}

function registerCounts(entries: ReadonlyArray<{ state: RegisterState }>): RegisterCounts {
  const counts: RegisterCounts = { active: 0, expiring: 0, expired: 0, unused: 0 };
  for (const e of entries) if (e.state in counts) counts[e.state]++;
  return counts;
}

function registers(results: ScanResults): ClusterSummary['registers'] {
  const due = (e: { state: RegisterState }): e is { state: 'expiring' | 'expired' } =>
    e.state === 'expiring' || e.state === 'expired';
  const attention: RegisterAttention[] = [
    ...(results.waivers ?? []).flatMap((w) =>
      due(w)
        ? [
            {
              register: 'waiver' as const,
              id: text(w.id),
              state: w.state,
              expires: w.expires,
              daysLeft: w.daysLeft,
              check: text(w.check),
            },
          ]
        : [],
    ),
    ...(results.attestations ?? []).flatMap((a) =>
      due(a)
        ? [
            {
              register: 'attestation' as const,
              id: text(a.id),
              state: a.state,
              expires: a.expires,
              daysLeft: a.daysLeft,
              framework: text(a.framework),
              requirement: text(a.requirement),
            },
          ]
        : [],
    ),
  ];
  attention.sort((a, b) => a.daysLeft - b.daysLeft || a.id.localeCompare(b.id));
  return {
    waivers: registerCounts(results.waivers ?? []),
    attestations: registerCounts(results.attestations ?? []),
    attention,
  };
}

function coverage(results: ScanResults): ClusterSummary['coverage'] {
  const sources = results.sources;
  const titles = new Map((sources ?? []).map((s) => [s.id, s.title]));
  return {
    sources: sources
      ? { total: sources.length, collected: sources.filter((s) => s.status === 'collected').length }
      : null,
    gaps: results.gaps.map((g) => text(titles.get(g.source) ?? g.source)),
    checks: results.checks.length,
    notAssessedChecks: results.checks.filter((c) => c.status === 'not-assessed').map((c) => text(c.id)),
  };
}

/**
 * The summary of `results`, compared with the latest earlier run in `history` (any order; the run itself and later
 * runs are ignored, as compareRuns does). `reports`: the keys of the cluster's report objects.
 */
export function summarizeCluster(
  results: ScanResults,
  history: readonly ScanResults[],
  reports: Record<string, string> = {},
): ClusterSummary {
  const failing = results.checks.filter((c) => c.status === 'fail');
  const comparison = compareRuns(results, history);
  return {
    summaryVersion: SUMMARY_VERSION,
    runId: results.runId,
    generatedAt: results.generatedAt,
    tool: { name: results.tool.name, version: results.tool.version },
    cluster: {
      name: text(results.cluster.name),
      region: results.cluster.region === null ? null : text(results.cluster.region),
      accountId: results.cluster.accountId === null ? null : text(results.cluster.accountId),
      arn: results.cluster.arn === null ? null : text(results.cluster.arn),
      kubernetesVersion: results.cluster.kubernetesVersion,
    },
    score: results.summary.score,
    counts: { ...results.summary.counts },
    failingChecks: failing.length,
    findings: failing.reduce((n, c) => n + c.failing.length, 0),
    topFailures: top(failing.map((c) => summaryCheck(c, distinctObjects(c.failing)))),
    changes: {
      previous: comparison.previous,
      scoreDelta: comparison.scoreDelta,
      newFailing: comparison.newFailing.length,
      fixed: comparison.fixed.length,
      stillFailing: comparison.stillFailing.length,
      noLongerAssessed: comparison.noLongerAssessed.length,
      newFailures: top(comparison.newFailing.map((c) => summaryCheck(c, distinctObjects(c.newFindings)))),
      newFailingBySeverity: Object.fromEntries(
        SEVERITIES.map((sev) => [sev, comparison.newFailing.filter((c) => c.severity === sev).length]),
      ) as Record<Severity, number>,
    },
    frameworks: results.frameworks.map((f) => ({
      id: text(f.id),
      title: text(f.title),
      score: f.score,
      counts: { ...f.counts },
      requirements: f.requirements.map((r) => ({
        id: text(r.id),
        status: r.status,
        ...(r.status === 'fail' ? { title: text(r.title) } : {}),
      })),
      ...(f.coverage ? { coverage: { ...f.coverage } } : {}),
    })),
    cisSections: cisSections(results),
    registers: registers(results),
    coverage: coverage(results),
    reports: { ...reports },
  };
}

/**
 * A summary as read back from the bucket: undefined unless it has this version's shape in the parts the Report step
 * reads, so a damaged or foreign file lists its cluster as not reported instead of breaking the fleet report.
 */
export function parseSummary(textValue: string): ClusterSummary | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(textValue);
  } catch {
    return undefined;
  }
  const s = doc as Partial<ClusterSummary> | null;
  if (!s || typeof s !== 'object' || s.summaryVersion !== SUMMARY_VERSION) return undefined;
  const ok =
    typeof s.runId === 'string' &&
    typeof s.generatedAt === 'string' &&
    typeof s.score === 'number' &&
    typeof s.cluster?.name === 'string' &&
    typeof s.counts === 'object' &&
    Array.isArray(s.frameworks) &&
    Array.isArray(s.cisSections) &&
    Array.isArray(s.topFailures) &&
    typeof s.changes === 'object' &&
    s.changes !== null &&
    Array.isArray(s.changes.newFailures) &&
    typeof s.reports === 'object';
  return ok ? (s as ClusterSummary) : undefined;
}
