/**
 * findings.csv: one row per failing object, per waived object, and per not-assessed check, for spreadsheets and
 * ticket imports. RFC 4180 (CRLF, quoted when needed). Cluster data is untrusted, so a cell that a spreadsheet would
 * read as a formula is prefixed with an apostrophe, and invisible or bidi characters are shown as ⟨U+…⟩.
 */

import { revealInvisible } from '../model/visible-text.js';
import type { ScanResults } from '../scoring/results.js';
import { checkState } from '../scoring/waivers.js';

export const CSV_COLUMNS = [
  'cluster',
  'run_id',
  'row_type',
  'check_id',
  'check_title',
  'severity',
  'check_status',
  'requirements',
  'kind',
  'namespace',
  'name',
  'message',
  'path',
  'waiver',
] as const;

type CsvRow = Record<(typeof CSV_COLUMNS)[number], string>;

const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** A spreadsheet evaluates cells that start with these characters; an apostrophe makes them text. */
export function neutraliseFormula(value: string): string {
  return value.length > 0 && FORMULA_TRIGGERS.has(value[0]) ? `'${value}` : value;
}

export function csvCell(value: string): string {
  const safe = neutraliseFormula(revealInvisible(value));
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function requirementRefs(results: ScanResults): Map<string, string> {
  const refs = new Map<string, string[]>();
  for (const framework of results.frameworks) {
    for (const requirement of framework.requirements) {
      for (const checkId of requirement.checks) {
        const list = refs.get(checkId) ?? [];
        list.push(`${framework.id}:${requirement.id}`);
        refs.set(checkId, list);
      }
    }
  }
  return new Map([...refs].map(([id, list]) => [id, list.join(' ')]));
}

function rows(results: ScanResults): CsvRow[] {
  const refs = requirementRefs(results);
  const out: CsvRow[] = [];
  for (const check of results.checks) {
    const base = {
      cluster: results.cluster.name,
      run_id: results.runId,
      check_id: check.id,
      check_title: check.title,
      severity: check.severity,
      // As results.json counts it: a check passing only through waivers is `waived`, not `pass`.
      check_status: checkState(check),
      requirements: refs.get(check.id) ?? '',
    };
    for (const f of check.failing) {
      out.push({
        ...base,
        row_type: 'finding',
        kind: f.kind,
        namespace: f.namespace ?? '',
        name: f.name,
        message: f.message,
        path: f.path ?? '',
        waiver: f.expiredWaiver ? `${f.expiredWaiver.id} (expired; waived until ${f.expiredWaiver.expires})` : '',
      });
    }
    for (const w of check.waived) {
      out.push({
        ...base,
        row_type: 'waived',
        kind: w.kind,
        namespace: w.namespace ?? '',
        name: w.name,
        message: w.message ?? '',
        path: w.path ?? '',
        waiver: w.waiver,
      });
    }
    if (check.status === 'not-assessed') {
      out.push({
        ...base,
        row_type: 'not-assessed',
        kind: '',
        namespace: '',
        name: '',
        message: check.reason ?? '',
        path: '',
        waiver: '',
      });
    }
  }
  return out;
}

export function renderCsv(results: ScanResults): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of rows(results)) {
    lines.push(CSV_COLUMNS.map((column) => csvCell(row[column])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
