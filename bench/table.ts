/** The one table `npm run bench` prints, and the JSON file `--json` writes. */
import type { BenchmarkResult } from './benchmarks/types.js';

export interface BenchmarkRow extends BenchmarkResult {
  id: string;
}

const COLUMNS = ['id', 'value', 'unit', 'baseline', 'ratio', 'target', 'met?', 'notes'] as const;

function cell(v: number | string | null | undefined): string {
  if (v === null || v === undefined) return '-';
  return String(v);
}

function metWord(met: boolean | null): string {
  return met === null ? 'n/a' : met ? 'yes' : 'NO';
}

export function formatTable(rows: readonly BenchmarkRow[]): string {
  const cells = rows.map((r) => [
    r.id,
    cell(r.value),
    r.unit || '-',
    cell(r.baseline),
    cell(r.ratio),
    r.target,
    metWord(r.met),
    r.notes ?? '',
  ]);
  const widths = COLUMNS.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  // The notes column is last and left ragged so long notes do not widen every line.
  const line = (c: readonly string[]) =>
    c
      .map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w, i) => '-'.repeat(i === widths.length - 1 ? 5 : w)).join('  ');
  return [line(COLUMNS), rule, ...cells.map(line)].join('\n');
}

/** `{ results: [ { id, value, unit, baseline, ratio, target, met, notes } ] }` (met and notes are extra fields). */
export function resultsDocument(rows: readonly BenchmarkRow[], quick: boolean): object {
  return {
    quick,
    node: process.version,
    results: rows.map((r) => ({
      id: r.id,
      value: r.value,
      unit: r.unit,
      baseline: r.baseline ?? null,
      ratio: r.ratio ?? null,
      target: r.target,
      met: r.met,
      notes: r.notes ?? null,
    })),
  };
}
