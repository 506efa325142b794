/**
 * Per framework, the requirements an auditor reads one by one: failing ones with the checks that failed and their
 * evidence, passing ones with a one-line summary of what was evaluated, manual ones with guidance and attestation,
 * and not-assessed ones with their reason. A check that fails several requirements prints its evidence once, under
 * the first of them; the others refer to it.
 */

import { distinctObjects } from '../checks/types.js';
import type {
  AttestationRecord,
  CheckResult,
  FrameworkResult,
  RequirementResult,
  ScanResults,
} from '../scoring/results.js';
import type { ReportCatalog } from './catalog.js';
import { type CheckEvidenceView, checkEvidenceView } from './model-evidence.js';
import { plural } from './plural.js';

/** The subset of a check section this module needs; the full section type lives in model.ts. */
export interface PrintableCheck {
  id: string;
  anchor: string;
  title: string;
  severity: string;
  severityLabel: string;
  failingCount: number;
  evaluatedCount: number;
}

export interface FailingCheckRef<S extends PrintableCheck> {
  id: string;
  title: string;
  severity: string;
  severityLabel: string;
  failingCount: number;
  evaluatedCount: number;
  anchor: string;
  /** "CIS 4.2.1": the requirement under which this check's evidence is printed. */
  printedUnder: string;
  printedUnderAnchor: string;
  /** Set on the requirement where the evidence is printed; absent where it is only referred to. */
  section?: S;
}

export interface FailingRequirement<S extends PrintableCheck> {
  id: string;
  anchor: string;
  title: string;
  section: string;
  checks: FailingCheckRef<S>[];
  /** A failing verdict from a person (no check behind it). */
  attestation: string;
  reason: string;
  /** The requirement's checks that did not fail, with their evidence. */
  otherChecks: RequirementCheckEvidence[];
}

export interface EvidenceRequirement {
  id: string;
  title: string;
  status: string;
  statusLabel: string;
  /** One line per check: "pod-privileged: 54 evaluated, none failing". */
  lines: string[];
  /** Per check: what it read and the sample of what it observed. */
  evidence: RequirementCheckEvidence[];
  benchmarkAssessmentLabel: string;
  verdictSourceLabel: string;
}

export interface RequirementCheckEvidence {
  id: string;
  title: string;
  /** evidenceLine(check): "pod-privileged: 54 objects evaluated, none failing". */
  summary: string;
  view: CheckEvidenceView;
}

export interface ManualRequirement {
  id: string;
  title: string;
  section: string;
  status: string;
  statusLabel: string;
  guidance: string;
  /** "Attested pass by … on …: statement (evidence …)", or "No attestation recorded." */
  attestation: string;
  attested: boolean;
  benchmarkAssessmentLabel: string;
  /** "In force", "Expiring", "Expired", "None". */
  attestationStateLabel: string;
}

export interface NotAssessedRequirement {
  id: string;
  title: string;
  reason: string;
}

export interface RequirementBreakdown<S extends PrintableCheck> {
  failing: FailingRequirement<S>[];
  passing: EvidenceRequirement[];
  manual: ManualRequirement[];
  notAssessed: NotAssessedRequirement[];
}

export function requirementAnchor(frameworkId: string, requirementId: string): string {
  return `req-${frameworkId}-${requirementId}`.replace(/[^A-Za-z0-9_-]+/g, '-');
}

/** One line of evidence for a check that did not fail. */
export function evidenceLine(check: CheckResult): string {
  const evaluated = `${plural(check.evaluatedCount, 'object')} evaluated`;
  switch (check.status) {
    case 'not-applicable':
      return `${check.id}: not applicable${check.reason ? ` (${check.reason})` : ''}`;
    case 'not-assessed':
      return `${check.id}: not assessed${check.reason ? ` (${check.reason})` : ''}`;
    case 'fail':
      return `${check.id}: ${distinctObjects(check.failing)} of ${evaluated.replace(' evaluated', '')} failing`;
    default: {
      if (check.waived.length > 0) {
        const ids = [...new Set(check.waived.map((w) => w.waiver))].join(', ');
        return `${check.id}: ${evaluated}, ${plural(distinctObjects(check.waived), 'object')} waived (${ids}), none failing otherwise`;
      }
      return `${check.id}: ${evaluated}, none failing`;
    }
  }
}

function checkEvidence(c: CheckResult): RequirementCheckEvidence {
  return { id: c.id, title: c.title, summary: evidenceLine(c), view: checkEvidenceView(c) };
}

/** The requirement's attestation, completed from the register (which has the statement) when present. */
function attestationText(r: RequirementResult, record: AttestationRecord | undefined): string {
  const a = r.attestation;
  if (!a) return '';
  const parts = [`Attested ${a.status} by ${a.by} on ${a.date}`];
  if (a.expires) parts.push(`valid until ${a.expires}`);
  let text = parts.join(', ');
  if (record?.statement) text += `: ${record.statement}`;
  const evidence = a.evidence ?? record?.evidence;
  if (evidence) text += ` Evidence: ${evidence}`;
  return text;
}

export interface BreakdownContext<S extends PrintableCheck> {
  results: ScanResults;
  catalog: ReportCatalog;
  shortName: (framework: FrameworkResult) => string;
  /** Labels of the requirement's benchmark designation, verdict source and attestation state (model.ts). */
  labels: (r: RequirementResult) => { benchmark: string; source: string; attestationState: string };
  /** The full section of a failing check (built once in model.ts). */
  sectionOf: (checkId: string) => S | undefined;
  statusLabel: (status: string) => string;
  /** check id → where its evidence is printed; shared across frameworks so each check prints once. */
  printed: Map<string, { under: string; anchor: string }>;
}

export function requirementBreakdown<S extends PrintableCheck>(
  framework: FrameworkResult,
  ctx: BreakdownContext<S>,
): RequirementBreakdown<S> {
  const checksById = new Map(ctx.results.checks.map((c) => [c.id, c]));
  const registered = new Map((ctx.results.attestations ?? []).map((a) => [a.id, a]));
  const short = ctx.shortName(framework);
  const out: RequirementBreakdown<S> = { failing: [], passing: [], manual: [], notAssessed: [] };

  for (const r of framework.requirements) {
    const checks = r.checks.map((id) => checksById.get(id)).filter((c): c is CheckResult => c !== undefined);
    const attestation = attestationText(r, r.attestation ? registered.get(r.attestation.id) : undefined);
    const anchor = requirementAnchor(framework.id, r.id);

    const labels = ctx.labels(r);
    // Each requirement is listed once, under its status: an attested pass is a pass whose evidence is the attestation.
    if (r.status === 'manual') {
      const expired = r.expiredAttestation
        ? `Attestation ${r.expiredAttestation.id} was valid until ${r.expiredAttestation.expires} and has expired.`
        : '';
      out.manual.push({
        id: r.id,
        title: r.title,
        section: r.section ?? '',
        status: r.status,
        statusLabel: ctx.statusLabel(r.status),
        guidance: ctx.catalog.requirementGuidance(framework.id, r.id) ?? r.reason ?? '',
        attestation: attestation || expired || 'No attestation recorded.',
        attested: attestation.length > 0,
        benchmarkAssessmentLabel: labels.benchmark,
        attestationStateLabel: labels.attestationState,
      });
    }

    if (r.status === 'fail') {
      const refs: FailingCheckRef<S>[] = [];
      for (const check of checks.filter((c) => c.status === 'fail')) {
        const section = ctx.sectionOf(check.id);
        if (!section) continue;
        let place = ctx.printed.get(check.id);
        const here = place === undefined;
        if (!place) {
          place = { under: `${short} ${r.id}`, anchor };
          ctx.printed.set(check.id, place);
        }
        refs.push({
          id: check.id,
          title: check.title,
          severity: check.severity,
          severityLabel: section.severityLabel,
          failingCount: distinctObjects(check.failing),
          evaluatedCount: check.evaluatedCount,
          anchor: section.anchor,
          printedUnder: place.under,
          printedUnderAnchor: place.anchor,
          ...(here ? { section } : {}),
        });
      }
      out.failing.push({
        id: r.id,
        anchor,
        title: r.title,
        section: r.section ?? '',
        checks: refs,
        attestation,
        reason: r.reason ?? '',
        otherChecks: checks.filter((c) => c.status !== 'fail').map(checkEvidence),
      });
    } else if (r.status === 'pass' || r.status === 'waived' || r.status === 'not-applicable') {
      const lines = checks.map(evidenceLine);
      if (lines.length === 0 && attestation) lines.push(attestation);
      if (lines.length === 0 && r.reason) lines.push(r.reason);
      out.passing.push({
        id: r.id,
        title: r.title,
        status: r.status,
        statusLabel: ctx.statusLabel(r.status),
        lines,
        evidence: checks.map(checkEvidence),
        benchmarkAssessmentLabel: labels.benchmark,
        verdictSourceLabel: labels.source,
      });
    } else if (r.status === 'not-assessed') {
      out.notAssessed.push({ id: r.id, title: r.title, reason: r.reason ?? 'No reason recorded' });
    }
  }
  return out;
}
