/**
 * requirements.csv: the compliance matrix. One row per requirement of every framework of the run, with the
 * benchmark's own Automated/Manual designation, the status and what decided it, the checks behind it with how many
 * objects they evaluated and how many fail, a one-line evidence summary, the reason, and the collection time. Same
 * cell rules as findings.csv (RFC 4180, formula cells neutralised, invisible characters shown).
 */
import { distinctObjects } from '../checks/types.js';
import type { CheckResult, RequirementResult, ScanResults } from '../scoring/results.js';
import { csvCell } from './csv.js';
import { verdictSourceOf } from './model.js';
import { evidenceLine } from './model-requirements.js';

export const REQUIREMENTS_CSV_COLUMNS = [
  'cluster',
  'run_id',
  'framework',
  'requirement_id',
  'title',
  'section',
  'benchmark_assessment',
  'status',
  'verdict_source',
  'attestation_state',
  'checks',
  'evaluated',
  'failing',
  'evidence',
  'reason',
  'collected_at',
] as const;

type Row = Record<(typeof REQUIREMENTS_CSV_COLUMNS)[number], string>;

/** "A-201 attested pass by … on …, valid until …", or the checks' evidence lines joined. */
function evidenceSummary(r: RequirementResult, checks: readonly CheckResult[]): string {
  if (r.attestation) {
    const a = r.attestation;
    return `attestation ${a.id}: ${a.status} by ${a.by} on ${a.date}${a.expires ? `, valid until ${a.expires}` : ''}${a.evidence ? `; evidence: ${a.evidence}` : ''}`;
  }
  return checks.map(evidenceLine).join('; ');
}

function row(results: ScanResults, frameworkId: string, r: RequirementResult, byId: Map<string, CheckResult>): Row {
  const checks = r.checks.map((id) => byId.get(id)).filter((c): c is CheckResult => c !== undefined);
  const assessed = checks.filter((c) => c.status !== 'not-assessed');
  return {
    cluster: results.cluster.name,
    run_id: results.runId,
    framework: frameworkId,
    requirement_id: r.id,
    title: r.title,
    section: r.section ?? '',
    benchmark_assessment: r.benchmarkAssessment ?? '',
    status: r.status,
    verdict_source: verdictSourceOf(r),
    attestation_state: r.attestationState ?? '',
    checks: r.checks.join(' '),
    // Empty, not 0, when no check was run: nothing was evaluated is not the same as zero objects evaluated.
    evaluated: assessed.length > 0 ? `${assessed.reduce((n, c) => n + c.evaluatedCount, 0)}` : '',
    failing: assessed.length > 0 ? `${assessed.reduce((n, c) => n + distinctObjects(c.failing), 0)}` : '',
    evidence: evidenceSummary(r, checks),
    reason: r.reason ?? '',
    collected_at: results.collectedAt ?? results.generatedAt,
  };
}

export function renderRequirementsCsv(results: ScanResults): string {
  const byId = new Map(results.checks.map((c) => [c.id, c]));
  const lines = [REQUIREMENTS_CSV_COLUMNS.join(',')];
  for (const framework of results.frameworks) {
    for (const r of framework.requirements) {
      const cells = row(results, framework.id, r, byId);
      lines.push(REQUIREMENTS_CSV_COLUMNS.map((column) => csvCell(cells[column])).join(','));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
