/**
 * The report view model: one plain-object tree that every renderer (HTML, PDF) reads. Everything a reader sees is
 * decided here (ordering, labels, caps, trend geometry) so the renderers only lay it out. Plain objects only:
 * handlebars denies prototype access and getters.
 */

import type { CheckStatus, Severity } from '../checks/types.js';
import { distinctObjects, SEVERITIES, severityRank } from '../checks/types.js';
import { frameworkById } from '../frameworks/index.js';
import type {
  AttestationState,
  CheckResult,
  RequirementResult,
  RequirementStatus,
  ScanResults,
  StatusCounts,
  VerdictCoverage,
  VerdictSource,
} from '../scoring/results.js';
import { scoreBand } from '../scoring/score.js';
import { type AppendixModel, appendixModel } from './appendix.js';
import { defaultCatalog, type ReportCatalog } from './catalog.js';
import { type CheckChange, compareRuns, earlierRuns, type TrendSample, trend } from './history.js';
import { type DocumentControl, type DocumentModel, documentModel } from './model-document.js';
import { type CheckEvidenceView, checkEvidenceView } from './model-evidence.js';
import { type NamespaceFixes, namespaceFixes, remediationParts, type TextPart } from './model-fixes.js';
import { type PlatformExemptionRow, platformExemptionRows } from './model-platform.js';
import { type RequirementBreakdown, requirementBreakdown } from './model-requirements.js';
import { type RegistersModel, registersModel, type SourcesModel, sourcesModel } from './model-scope.js';
import { countText, plural } from './plural.js';

/** Rows of findings shown per check in HTML and PDF; the CSV always has all of them. */
export const FINDINGS_ROW_LIMIT = 25;

/** Entries of each "changes since the previous run" list; the rest is counted ("… and 12 more"). */
export const CHANGES_LIST_LIMIT = 10;

/** Top risks: at least this many failing checks when there are, at most TOP_RISKS_MAX, critical and high first. */
export const TOP_RISKS_MIN = 5;
export const TOP_RISKS_MAX = 10;

export const CIS_BENCHMARK_NAME = 'CIS Amazon EKS Benchmark';

export interface ReportInput {
  results: ScanResults;
  /** Earlier runs of the same cluster, oldest first. */
  history?: ScanResults[];
  /** Where rationale, remediation and manual guidance come from; the check registry and frameworks by default. */
  catalog?: ReportCatalog;
  /** The config's classification and distribution, for the PDF's document control. */
  documentControl?: DocumentControl;
}

export interface LabelValue {
  label: string;
  value: string;
}

export interface CountItem {
  key: string;
  label: string;
  count: number;
}

export interface SeverityCount {
  severity: Severity;
  label: string;
  failingChecks: number;
  findings: number;
}

export interface RequirementRow {
  id: string;
  title: string;
  section: string;
  status: RequirementStatus;
  statusLabel: string;
  checks: string;
  /** The reason, manual guidance or attestation note, whichever applies. */
  note: string;
  /** "Automated" / "Manual" as the benchmark lists it (CIS only; "" elsewhere). */
  benchmarkAssessmentLabel: string;
  /** What decided the status: "Automated", "Attestation", "Waiver", "Manual review", "Not assessed". */
  verdictSourceLabel: string;
  verdictSource: VerdictSource;
  /** For requirements a person judges: "In force", "Expiring", "Expired", "None"; "" otherwise. */
  attestationStateLabel: string;
  /** The verdict source with the attestation state: "Attestation (in force)", "Manual review (attestation expired)". */
  verdictText: string;
}

export interface FrameworkSection {
  id: string;
  anchor: string;
  shortName: string;
  title: string;
  version: string;
  /** The title with its version, unless the title already names it. */
  fullTitle: string;
  scoreText: string;
  counts: CountItem[];
  /** "44 of 50 CIS requirements machine-verified, 1 attested, 4 not assessed". */
  coverageText: string;
  requirements: RequirementRow[];
  /** Failing, passing, manual and not-assessed requirements, each with its evidence or reason. */
  breakdown: RequirementBreakdown<CheckSection>;
}

export interface FindingRow {
  status: 'fail' | 'waived';
  statusLabel: string;
  kind: string;
  namespace: string;
  name: string;
  /** "Kind namespace/name" in one string, for compact layouts. */
  object: string;
  message: string;
  path: string;
  waiver: string;
}

export interface CheckSection {
  id: string;
  anchor: string;
  title: string;
  severity: Severity;
  severityLabel: string;
  status: CheckStatus;
  statusLabel: string;
  rationale: string;
  remediation: string;
  /** The remediation as text, inline code and commands (the HTML sets commands as code blocks). */
  remediationParts: TextPart[];
  /** How the check deliberately differs from the benchmark's audit or its peers; '' when it follows them. */
  deviation: string;
  /** "CIS 4.2.1, NSA/CISA pod-security" */
  requirementRefs: string;
  /** Framework ids, space-separated, for the HTML filter. */
  frameworkIds: string;
  /** Namespaces, space-separated, for the HTML filter. */
  namespaces: string;
  references: string;
  evaluatedCount: number;
  /** Failing objects, each counted once however many findings it has (see `distinctObjects`). */
  failingCount: number;
  waivedCount: number;
  rows: FindingRow[];
  /** Rows left out of `rows` because of FINDINGS_ROW_LIMIT. */
  moreCount: number;
  moreText: string;
  /** What the check read and a sample of what it observed (passing objects included). */
  evidence: CheckEvidenceView;
}

export interface NotAssessedItem {
  scope: string;
  id: string;
  title: string;
  reason: string;
}

export interface TrendPoint {
  date: string;
  label: string;
  score: number;
  runId: string;
  x: number;
  y: number;
  current: boolean;
}

export interface TrendChart {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  points: TrendPoint[];
  /** SVG polyline "x,y x,y …". */
  polyline: string;
  gridLines: { y: number; label: string }[];
  description: string;
}

export interface ChangedCheck {
  id: string;
  title: string;
  severityLabel: string;
  statusLabel: string;
  /** Objects newly failing / no longer failing in this check since the previous run. */
  newObjects: number;
  fixedObjects: number;
  /** Still-failing checks: "2026-11-05" (the first run of the unbroken series of failures). */
  failingSince: string;
}

export interface RunChanges {
  previousRunId: string;
  previousDate: string;
  /** Each list holds at most CHANGES_LIST_LIMIT entries; `…MoreText` counts the rest ("" when none). */
  newFailing: ChangedCheck[];
  newFailingMoreText: string;
  fixed: ChangedCheck[];
  fixedMoreText: string;
  stillFailing: ChangedCheck[];
  stillFailingMoreText: string;
  /** Totals before capping. */
  totals: { newFailing: number; fixed: number; stillFailing: number };
  /** Failing in the previous run, not assessed now: the evidence is missing, which is not a fix. */
  noLongerAssessed: ChangedCheck[];
  scoreDelta: number;
  scoreDeltaText: string;
}

export interface TopRisk {
  id: string;
  anchor: string;
  title: string;
  severity: Severity;
  severityLabel: string;
  failingCount: number;
  evaluatedCount: number;
  /** "3 of 54 objects". */
  objectsText: string;
  requirementRefs: string;
}

export interface ReportModel {
  /** Identity scanned as, limitations, sign-off (functions/report/model-document.ts). */
  document: DocumentModel;
  title: string;
  subtitle: string;
  benchmarkName: string;
  cluster: { name: string; arn: string; accountId: string; region: string; kubernetesVersion: string; source: string };
  tool: { name: string; version: string };
  runId: string;
  generatedAt: string;
  generatedAtText: string;
  generatedDate: string;
  collectedAtText: string;
  scope: LabelValue[];
  frameworkList: string;
  score: {
    value: number;
    text: string;
    band: 'good' | 'fair' | 'poor';
    formula: string;
    /** What the headline number is: "Severity-weighted pass rate of the 90 checks that passed or failed". */
    label: string;
    /** One coverage sentence per framework, printed beside the score. */
    coverage: string[];
  };
  requirementCounts: CountItem[];
  checkCounts: CountItem[];
  severityCounts: SeverityCount[];
  frameworks: FrameworkSection[];
  failingChecks: CheckSection[];
  /** Failing checks that no failing requirement printed (only when frameworks and checks disagree). */
  unplacedFailingChecks: CheckSection[];
  /** Checks that are not failing but have waived objects. */
  waivedChecks: CheckSection[];
  topRisks: TopRisk[];
  sources: SourcesModel;
  registers: RegistersModel;
  /** EKS add-ons exempt from pod-security checks, with their reason (added section). */
  platformExemptions: PlatformExemptionRow[];
  appendix: AppendixModel;
  notAssessed: NotAssessedItem[];
  trend: TrendChart;
  changes: RunChanges | null;
  findingsLimit: number;
  /** The failing objects by namespace, each with what to change (the HTML's fix list). */
  namespaceFixes: NamespaceFixes[];
  /** Distinct values for the HTML filters; `statuses` are the requirement statuses, then "attested". */
  filterOptions: {
    namespaces: string[];
    frameworks: { id: string; label: string }[];
    statuses: { value: string; label: string }[];
  };
}

const REQUIREMENT_STATUS_LABEL: Record<RequirementStatus, string> = {
  pass: 'Pass',
  fail: 'Fail',
  manual: 'Manual',
  'not-applicable': 'Not applicable',
  'not-assessed': 'Not assessed',
  waived: 'Waived',
};

const VERDICT_SOURCE_LABEL: Record<VerdictSource, string> = {
  automated: 'Automated',
  attestation: 'Attestation',
  waiver: 'Waiver',
  manual: 'Manual review',
  'not-assessed': 'Not assessed',
};

const ATTESTATION_STATE_LABEL: Record<AttestationState, string> = {
  'in-force': 'In force',
  expiring: 'Expiring',
  expired: 'Expired',
  none: 'None',
};

const CHECK_STATUS_LABEL: Record<CheckStatus, string> = {
  pass: 'Pass',
  fail: 'Fail',
  'not-applicable': 'Not applicable',
  'not-assessed': 'Not assessed',
};

const SEVERITY_LABEL: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

const COUNT_KEYS: { key: keyof StatusCounts; status: RequirementStatus }[] = [
  { key: 'pass', status: 'pass' },
  { key: 'fail', status: 'fail' },
  { key: 'manual', status: 'manual' },
  { key: 'waived', status: 'waived' },
  { key: 'notApplicable', status: 'not-applicable' },
  { key: 'notAssessed', status: 'not-assessed' },
];

/**
 * The status filter of the HTML: every requirement status, in the order the counts list them, then "attested" (a
 * status decided by a person's attestation, which the reports show as a status of its own beside its verdict).
 */
export const STATUS_FILTER_OPTIONS: { value: string; label: string }[] = [
  ...COUNT_KEYS.map(({ status }) => ({ value: status, label: REQUIREMENT_STATUS_LABEL[status] })),
  { value: 'attested', label: 'Attested' },
];

const SOURCE_LABEL: Record<string, string> = {
  demo: 'Embedded demo cluster',
  kubeconfig: 'Kubeconfig context',
  eks: 'Amazon EKS API',
  snapshot: 'Saved snapshot',
  manifests: 'Manifest files',
};

const DEFAULT_FORMULA = 'See docs/scoring.md for how the score is computed.';
const NOT_AVAILABLE = 'n/a';

export function statusLabel(status: RequirementStatus | CheckStatus): string {
  return REQUIREMENT_STATUS_LABEL[status as RequirementStatus] ?? CHECK_STATUS_LABEL[status as CheckStatus] ?? status;
}

/** "2026-11-26 06:00 UTC": the same text whatever the machine's time zone. */
export function formatTimestamp(iso: string | undefined): string {
  if (!iso) return NOT_AVAILABLE;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 16)} UTC`;
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(0, 10);
}

export function anchorId(prefix: string, id: string): string {
  return `${prefix}-${id.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

/** The framework's short name; a framework this version does not know (an older results file) by its title. */
function frameworkShortName(id: string, title: string): string {
  return frameworkById(id)?.shortName ?? title;
}

/**
 * Requirements by status across the frameworks of the run. Not `summary.counts`: evaluate() counts checks there
 * (the cover's "Checks" line), and a check is never "manual".
 */
function requirementStatusCounts(results: ScanResults): StatusCounts {
  const total: StatusCounts = { pass: 0, fail: 0, manual: 0, notApplicable: 0, notAssessed: 0, waived: 0 };
  for (const framework of results.frameworks) {
    for (const key of Object.keys(total) as (keyof StatusCounts)[]) total[key] += framework.counts[key] ?? 0;
  }
  return total;
}

function countItems(counts: StatusCounts): CountItem[] {
  return COUNT_KEYS.map(({ key, status }) => ({
    key: status,
    label: REQUIREMENT_STATUS_LABEL[status],
    count: counts[key],
  }));
}

/** The verdict source of a requirement, derived for results written before the field existed. */
export function verdictSourceOf(r: RequirementResult): VerdictSource {
  if (r.verdictSource) return r.verdictSource;
  if (r.attestation) return 'attestation';
  if (r.status === 'manual') return 'manual';
  if (r.status === 'not-assessed') return 'not-assessed';
  if (r.status === 'waived') return 'waiver';
  return 'automated';
}

export function verdictSourceLabel(r: RequirementResult): string {
  return VERDICT_SOURCE_LABEL[verdictSourceOf(r)];
}

export function benchmarkAssessmentLabel(r: RequirementResult): string {
  return r.benchmarkAssessment === 'manual' ? 'Manual' : r.benchmarkAssessment === 'automated' ? 'Automated' : '';
}

export function attestationStateLabel(r: RequirementResult): string {
  return r.attestationState ? ATTESTATION_STATE_LABEL[r.attestationState] : '';
}

/** "Attestation (in force)", "Manual review (no attestation)", "Automated". */
export function verdictText(r: RequirementResult): string {
  const source = verdictSourceLabel(r);
  if (!r.attestationState) return source;
  if (verdictSourceOf(r) === 'attestation') return `${source} (${attestationStateLabel(r).toLowerCase()})`;
  return r.attestationState === 'none' ? `${source} (no attestation)` : `${source} (attestation expired)`;
}

function coverageOf(framework: ScanResults['frameworks'][number]): VerdictCoverage {
  if (framework.coverage) return framework.coverage;
  const out: VerdictCoverage = {
    requirements: framework.requirements.length,
    automated: 0,
    attestation: 0,
    waiver: 0,
    manual: 0,
    notAssessed: 0,
  };
  for (const r of framework.requirements) {
    const source = verdictSourceOf(r);
    out[source === 'not-assessed' ? 'notAssessed' : source] += 1;
  }
  return out;
}

/** "44 of 50 CIS requirements machine-verified, 1 attested, 1 waived, 4 not assessed" (zero parts left out). */
export function coverageText(shortName: string, coverage: VerdictCoverage): string {
  const parts = [`${coverage.automated} of ${coverage.requirements} ${shortName} requirements machine-verified`];
  if (coverage.attestation > 0) parts.push(`${coverage.attestation} attested`);
  if (coverage.waiver > 0) parts.push(`${coverage.waiver} waived`);
  if (coverage.manual > 0) parts.push(`${coverage.manual} awaiting manual review`);
  if (coverage.notAssessed > 0) parts.push(`${coverage.notAssessed} not assessed`);
  return parts.join(', ');
}

function bySeverityThenId(a: CheckResult, b: CheckResult): number {
  return severityRank(a.severity) - severityRank(b.severity) || a.id.localeCompare(b.id);
}

/** check id → "CIS 4.2.1" style references, and the framework ids it serves. */
function requirementIndex(results: ScanResults): Map<string, { refs: string[]; frameworks: Set<string> }> {
  const index = new Map<string, { refs: string[]; frameworks: Set<string> }>();
  for (const framework of results.frameworks) {
    const short = frameworkShortName(framework.id, framework.title);
    for (const requirement of framework.requirements) {
      for (const checkId of requirement.checks) {
        const entry = index.get(checkId) ?? { refs: [], frameworks: new Set<string>() };
        entry.refs.push(`${short} ${requirement.id}`);
        entry.frameworks.add(framework.id);
        index.set(checkId, entry);
      }
    }
  }
  return index;
}

function referencesText(check: CheckResult): string {
  return Object.entries(check.references)
    .filter(([, ids]) => Array.isArray(ids) && ids.length > 0)
    .map(([tool, ids]) => `${tool}: ${(ids as string[]).join(', ')}`)
    .join('; ');
}

function objectText(kind: string, namespace: string | null, name: string): string {
  return namespace ? `${kind} ${namespace}/${name}` : `${kind} ${name}`;
}

function checkSection(
  check: CheckResult,
  catalog: ReportCatalog,
  index: ReturnType<typeof requirementIndex>,
): CheckSection {
  const failingRows: FindingRow[] = check.failing.map((f) => ({
    status: 'fail',
    statusLabel: 'Fail',
    kind: f.kind,
    namespace: f.namespace ?? '',
    name: f.name,
    object: objectText(f.kind, f.namespace, f.name),
    message: f.expiredWaiver
      ? `${f.message} (waived by ${f.expiredWaiver.id} until ${f.expiredWaiver.expires}; that waiver has expired)`
      : f.message,
    path: f.path ?? '',
    waiver: f.expiredWaiver ? `${f.expiredWaiver.id} (expired)` : '',
  }));
  const waivedRows: FindingRow[] = check.waived.map((w) => ({
    status: 'waived',
    statusLabel: 'Waived',
    kind: w.kind,
    namespace: w.namespace ?? '',
    name: w.name,
    object: objectText(w.kind, w.namespace, w.name),
    message: w.message ? `${w.message} (waived by ${w.waiver})` : `Waived by ${w.waiver}`,
    path: w.path ?? '',
    waiver: w.waiver,
  }));
  const allRows = [...failingRows, ...waivedRows];
  const rows = allRows.slice(0, FINDINGS_ROW_LIMIT);
  const moreCount = allRows.length - rows.length;
  const text = catalog.check(check.id);
  const refs = index.get(check.id);
  const namespaces = [...new Set(allRows.map((r) => r.namespace).filter((n) => n !== ''))].sort();
  return {
    id: check.id,
    anchor: anchorId('check', check.id),
    title: check.title,
    severity: check.severity,
    severityLabel: SEVERITY_LABEL[check.severity] ?? check.severity,
    status: check.status,
    statusLabel: statusLabel(check.status),
    rationale: text?.rationale ?? '',
    remediation: text?.remediation ?? '',
    remediationParts: remediationParts(text?.remediation ?? ''),
    deviation: check.deviation ?? text?.deviation ?? '',
    requirementRefs: refs ? refs.refs.join(', ') : '',
    frameworkIds: refs ? [...refs.frameworks].join(' ') : '',
    namespaces: namespaces.join(' '),
    references: referencesText(check),
    evaluatedCount: check.evaluatedCount,
    failingCount: distinctObjects(check.failing),
    waivedCount: distinctObjects(check.waived),
    rows,
    moreCount,
    moreText:
      moreCount > 0 ? `… and ${moreCount} more not listed here: findings.csv and results.json list every one` : '',
    evidence: checkEvidenceView(check),
  };
}

/** A framework's title with its version once: some titles already carry it ("… v1.8.0"). */
export function frameworkLabel(framework: { title: string; version?: string }): string {
  return framework.version && !framework.title.includes(framework.version)
    ? `${framework.title} ${framework.version}`
    : framework.title;
}

function frameworkSection(
  framework: ScanResults['frameworks'][number],
  catalog: ReportCatalog,
  breakdown: RequirementBreakdown<CheckSection>,
): FrameworkSection {
  return {
    breakdown,
    id: framework.id,
    anchor: anchorId('framework', framework.id),
    shortName: frameworkShortName(framework.id, framework.title),
    title: framework.title,
    version: framework.version ?? '',
    fullTitle: frameworkLabel(framework),
    scoreText: framework.score === null ? NOT_AVAILABLE : `${framework.score}`,
    counts: countItems(framework.counts),
    coverageText: coverageText(frameworkShortName(framework.id, framework.title), coverageOf(framework)),
    requirements: framework.requirements.map((r) => {
      const attestation = r.attestation
        ? `Attested ${r.attestation.status} by ${r.attestation.by} on ${r.attestation.date}`
        : '';
      const guidance =
        r.status === 'manual' || r.status === 'not-assessed'
          ? catalog.requirementGuidance(framework.id, r.id)
          : undefined;
      const note = [r.reason, attestation, guidance].filter((s): s is string => !!s && s.length > 0);
      return {
        id: r.id,
        title: r.title,
        section: r.section ?? '',
        status: r.status,
        statusLabel: REQUIREMENT_STATUS_LABEL[r.status] ?? r.status,
        checks: r.checks.join(', '),
        note: [...new Set(note)].join(' — '),
        benchmarkAssessmentLabel: benchmarkAssessmentLabel(r),
        verdictSourceLabel: verdictSourceLabel(r),
        verdictSource: verdictSourceOf(r),
        attestationStateLabel: attestationStateLabel(r),
        verdictText: verdictText(r),
      };
    }),
  };
}

function notAssessedItems(results: ScanResults): NotAssessedItem[] {
  const items: NotAssessedItem[] = [];
  for (const gap of results.gaps) {
    items.push({ scope: 'Data source', id: gap.source, title: '', reason: gap.reason });
  }
  for (const check of [...results.checks].sort(bySeverityThenId)) {
    if (check.status === 'not-assessed') {
      items.push({ scope: 'Check', id: check.id, title: check.title, reason: check.reason ?? 'No reason recorded' });
    }
  }
  for (const framework of results.frameworks) {
    const short = frameworkShortName(framework.id, framework.title);
    for (const r of framework.requirements) {
      if (r.status === 'not-assessed') {
        items.push({
          scope: `${short} requirement`,
          id: r.id,
          title: r.title,
          reason: r.reason ?? 'No reason recorded',
        });
      }
    }
  }
  return items;
}

const CHART = { width: 560, height: 170, left: 36, right: 28, top: 12, bottom: 28 };

function trendChart(runs: TrendSample[]): TrendChart {
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const yFor = (score: number) => round1(CHART.top + plotHeight * (1 - Math.max(0, Math.min(100, score)) / 100));
  const step = runs.length > 1 ? plotWidth / (runs.length - 1) : 0;
  const points: TrendPoint[] = runs.map((run, i) => ({
    date: run.generatedAt,
    label: formatDate(run.generatedAt).slice(5),
    score: run.score,
    runId: run.runId,
    x: round1(runs.length > 1 ? CHART.left + i * step : CHART.left + plotWidth / 2),
    y: yFor(run.score),
    current: run.current,
  }));
  const first = points[0];
  const last = points[points.length - 1];
  const description =
    points.length > 1
      ? `Score over ${points.length} runs, from ${first.score} on ${formatDate(first.date)} to ${last.score} on ${formatDate(last.date)}.`
      : `One run so far: score ${last?.score ?? NOT_AVAILABLE}.`;
  return {
    width: CHART.width,
    height: CHART.height,
    plot: {
      left: CHART.left,
      right: CHART.width - CHART.right,
      top: CHART.top,
      bottom: CHART.height - CHART.bottom,
    },
    points,
    polyline: points.map((p) => `${p.x},${p.y}`).join(' '),
    gridLines: [0, 25, 50, 75, 100].map((v) => ({ y: yFor(v), label: `${v}` })),
    description,
  };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function runChanges(current: ScanResults, history: ScanResults[]): RunChanges | null {
  const comparison = compareRuns(current, history);
  if (!comparison.previous || comparison.scoreDelta === null) return null;
  const toChanged = (change: CheckChange): ChangedCheck => ({
    id: change.id,
    title: change.title,
    severityLabel: SEVERITY_LABEL[change.severity] ?? change.severity,
    statusLabel: statusLabel(change.status),
    newObjects: change.newFindings.length,
    fixedObjects: change.fixedFindings.length,
    failingSince: change.failingSince ? formatDate(change.failingSince) : '',
  });
  const scoreDelta = comparison.scoreDelta;
  const capped = (list: CheckChange[]) => list.slice(0, CHANGES_LIST_LIMIT).map(toChanged);
  const moreText = (list: CheckChange[]) =>
    list.length > CHANGES_LIST_LIMIT ? `… and ${list.length - CHANGES_LIST_LIMIT} more` : '';
  return {
    previousRunId: comparison.previous.runId,
    previousDate: formatTimestamp(comparison.previous.generatedAt),
    newFailing: capped(comparison.newFailing),
    newFailingMoreText: moreText(comparison.newFailing),
    fixed: capped(comparison.fixed),
    fixedMoreText: moreText(comparison.fixed),
    stillFailing: capped(comparison.stillFailing),
    stillFailingMoreText: moreText(comparison.stillFailing),
    totals: {
      newFailing: comparison.newFailing.length,
      fixed: comparison.fixed.length,
      stillFailing: comparison.stillFailing.length,
    },
    noLongerAssessed: comparison.noLongerAssessed.map(toChanged),
    scoreDelta,
    scoreDeltaText: scoreDelta > 0 ? `+${scoreDelta}` : `${scoreDelta}`,
  };
}

/** Checks by state, exactly as results.json's `summary.counts` has them (a pass held only by waivers is waived). */
function checkCounts(results: ScanResults): CountItem[] {
  return COUNT_KEYS.filter(({ key }) => key !== 'manual').map(({ key, status }) => ({
    key: status,
    label: REQUIREMENT_STATUS_LABEL[status],
    count: results.summary.counts[key] ?? 0,
  }));
}

function severityCounts(results: ScanResults): SeverityCount[] {
  return SEVERITIES.map((severity) => {
    const failing = results.checks.filter((c) => c.severity === severity && c.status === 'fail');
    return {
      severity,
      label: SEVERITY_LABEL[severity],
      failingChecks: failing.length,
      findings: failing.reduce((n, c) => n + c.failing.length, 0),
    };
  });
}

/**
 * The failing checks to read first: critical and high ones (most objects first within a severity), at least
 * TOP_RISKS_MIN when that many fail, at most TOP_RISKS_MAX.
 */
function topRisks(failing: readonly CheckSection[]): TopRisk[] {
  const ranked = [...failing].sort(
    (a, b) => severityRank(a.severity) - severityRank(b.severity) || b.failingCount - a.failingCount,
  );
  const severe = ranked.filter((c) => c.severity === 'critical' || c.severity === 'high');
  const count = Math.min(TOP_RISKS_MAX, Math.max(TOP_RISKS_MIN, severe.length));
  return ranked.slice(0, count).map((c) => ({
    id: c.id,
    anchor: c.anchor,
    title: c.title,
    severity: c.severity,
    severityLabel: c.severityLabel,
    failingCount: c.failingCount,
    evaluatedCount: c.evaluatedCount,
    objectsText: `${countText(c.failingCount)} of ${plural(c.evaluatedCount, 'object')}`,
    requirementRefs: c.requirementRefs,
  }));
}

export function buildReportModel(input: ReportInput): ReportModel {
  const { results } = input;
  const catalog = input.catalog ?? defaultCatalog();
  const history = earlierRuns(results, input.history ?? []);
  const index = requirementIndex(results);
  const { cluster } = results;
  const orValue = (v: string | null | undefined) => (v && v.length > 0 ? v : NOT_AVAILABLE);
  const sortedChecks = [...results.checks].sort(bySeverityThenId);
  const failingChecks = sortedChecks.filter((c) => c.status === 'fail').map((c) => checkSection(c, catalog, index));
  const sectionById = new Map(failingChecks.map((c) => [c.id, c]));
  const printed = new Map<string, { under: string; anchor: string }>();
  const frameworks = results.frameworks.map((f) =>
    frameworkSection(
      f,
      catalog,
      requirementBreakdown(f, {
        results,
        catalog,
        shortName: (fw) => frameworkShortName(fw.id, fw.title),
        labels: (r) => ({
          benchmark: benchmarkAssessmentLabel(r),
          source: verdictSourceLabel(r),
          attestationState: attestationStateLabel(r),
        }),
        sectionOf: (id) => sectionById.get(id),
        statusLabel: (status) => statusLabel(status as RequirementStatus),
        printed,
      }),
    ),
  );
  const waivedChecks = sortedChecks
    .filter((c) => c.status !== 'fail' && c.waived.length > 0)
    .map((c) => checkSection(c, catalog, index));
  const fixes = namespaceFixes(results, {
    severityLabel: (severity) => SEVERITY_LABEL[severity] ?? severity,
    checkAnchor: (id) => anchorId('check', id),
    namespaceAnchor: (namespace) => anchorId('fixes', namespace),
  });
  const namespaces = new Set<string>(fixes.map((f) => f.namespace).filter((n) => n !== ''));
  for (const section of [...failingChecks, ...waivedChecks]) {
    for (const row of section.rows) if (row.namespace) namespaces.add(row.namespace);
  }
  const frameworkList = results.frameworks.map(frameworkLabel).join('; ');
  const score = results.summary.score;
  const document = documentModel(results, input.documentControl);
  return {
    document,
    title: `EKS compliance report: ${cluster.name}`,
    subtitle: `${CIS_BENCHMARK_NAME} v1.8.0, NSA/CISA Kubernetes Hardening Guidance and the ten Kubernetes risk areas`,
    benchmarkName: CIS_BENCHMARK_NAME,
    cluster: {
      name: cluster.name,
      arn: orValue(cluster.arn),
      accountId: orValue(cluster.accountId),
      region: orValue(cluster.region),
      kubernetesVersion: orValue(cluster.kubernetesVersion),
      source: SOURCE_LABEL[cluster.source] ?? cluster.source,
    },
    tool: { name: results.tool.name, version: results.tool.version },
    runId: results.runId,
    generatedAt: results.generatedAt,
    generatedAtText: formatTimestamp(results.generatedAt),
    generatedDate: formatDate(results.generatedAt),
    collectedAtText: formatTimestamp(results.collectedAt),
    scope: [
      { label: 'Cluster', value: cluster.name },
      { label: 'ARN', value: orValue(cluster.arn) },
      { label: 'Account', value: orValue(cluster.accountId) },
      { label: 'Region', value: orValue(cluster.region) },
      { label: 'Kubernetes version', value: orValue(cluster.kubernetesVersion) },
      ...(cluster.platformVersion ? [{ label: 'Platform version', value: cluster.platformVersion }] : []),
      { label: 'Source', value: SOURCE_LABEL[cluster.source] ?? cluster.source },
      { label: 'Scanned as', value: document.identityText },
      { label: 'Frameworks', value: frameworkList || NOT_AVAILABLE },
      { label: 'Tool', value: `${results.tool.name} ${results.tool.version}` },
      { label: 'Run id', value: results.runId },
      { label: 'Collected', value: formatTimestamp(results.collectedAt) },
      { label: 'Generated', value: formatTimestamp(results.generatedAt) },
    ],
    frameworkList,
    score: {
      value: score,
      text: `${score}`,
      band: scoreBand(score),
      formula: results.summary.scoreFormula ?? DEFAULT_FORMULA,
      label: `Severity-weighted pass rate of the ${results.summary.counts.pass + results.summary.counts.fail} checks that passed or failed`,
      coverage: results.frameworks.map((f) => coverageText(frameworkShortName(f.id, f.title), coverageOf(f))),
    },
    requirementCounts: countItems(requirementStatusCounts(results)),
    checkCounts: checkCounts(results),
    severityCounts: severityCounts(results),
    frameworks,
    failingChecks,
    unplacedFailingChecks: failingChecks.filter((c) => !printed.has(c.id)),
    waivedChecks,
    topRisks: topRisks(failingChecks),
    sources: sourcesModel(results),
    registers: registersModel(results),
    platformExemptions: platformExemptionRows(results),
    appendix: appendixModel(results, FINDINGS_ROW_LIMIT),
    notAssessed: notAssessedItems(results),
    trend: trendChart(trend([...history, results])),
    changes: runChanges(results, history),
    findingsLimit: FINDINGS_ROW_LIMIT,
    namespaceFixes: fixes,
    filterOptions: {
      namespaces: [...namespaces].sort(),
      frameworks: frameworks.map((f) => ({ id: f.id, label: f.shortName })),
      statuses: STATUS_FILTER_OPTIONS,
    },
  };
}
