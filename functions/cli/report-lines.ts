/** Plain-text output of the CLI: the closing summary line and the `checks` table. Pure, for tests. */
import type { CheckDefinition } from '../checks/types.js';
import { resolveFramework } from '../frameworks/resolve.js';
import type { FrameworkDefinition } from '../frameworks/types.js';
import type { ScanResults } from '../scoring/results.js';

function score(n: number | null): string {
  return n === null ? 'n/a' : n.toFixed(1);
}

/** "score 71.3 (CIS Amazon EKS Benchmark v1.8.0: 65.2, …) → reports/prod-eu-west-1/" */
export function summaryLine(results: ScanResults, folder: string): string {
  const perFramework = results.frameworks.map((f) => `${f.title}: ${score(f.score)}`).join(', ');
  const dir = folder.endsWith('/') ? folder : `${folder}/`;
  return `score ${score(results.summary.score)}${perFramework ? ` (${perFramework})` : ''} → ${dir}`;
}

/** Which requirements of which frameworks each check serves: check id → ["cis-eks-1.8.0 4.2.1 4.2.2", …]. */
export function requirementsByCheck(frameworks: readonly FrameworkDefinition[]): Map<string, string[]> {
  const byCheck = new Map<string, Map<string, string[]>>();
  for (const fw of frameworks) {
    for (const req of fw.requirements) {
      // Evidence checks inform a manual or not-assessed requirement without deciding it: marked "(evidence)".
      const served = [
        ...req.checks.map((id) => [id, req.id] as const),
        ...(req.evidenceChecks ?? []).map((id) => [id, `${req.id} (evidence)`] as const),
      ];
      for (const [checkId, label] of served) {
        const perFw = byCheck.get(checkId) ?? new Map<string, string[]>();
        const ids = perFw.get(fw.id) ?? [];
        if (!ids.includes(label)) ids.push(label);
        perFw.set(fw.id, ids);
        byCheck.set(checkId, perFw);
      }
    }
  }
  const out = new Map<string, string[]>();
  for (const [checkId, perFw] of byCheck) {
    out.set(
      checkId,
      [...perFw].map(([fwId, ids]) => `${fwId} ${ids.join(' ')}`),
    );
  }
  return out;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  return rows
    .map((r) =>
      r
        .map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * The catalog as a table: id, severity, title, and the framework requirements each check serves. With `framework`,
 * only the checks that framework uses (and only its requirements).
 */
export function checksTable(
  checks: readonly CheckDefinition[],
  frameworks: readonly FrameworkDefinition[],
  framework?: string,
): string {
  // Resolved, so the risk areas list the checks tagged with them.
  const selected = (framework ? frameworks.filter((f) => f.id === framework) : frameworks).map((f) =>
    resolveFramework(f, checks),
  );
  const served = requirementsByCheck(selected);
  const listed = framework ? checks.filter((c) => served.has(c.id)) : checks;
  const rows = [['ID', 'SEVERITY', 'TITLE', 'REQUIREMENTS']];
  for (const c of listed) rows.push([c.id, c.severity, c.title, (served.get(c.id) ?? []).join('; ') || '-']);
  const footer = `${listed.length} check${listed.length === 1 ? '' : 's'}${framework ? ` used by ${framework}` : ''}`;
  return `${table(rows)}\n${footer}\n`;
}
