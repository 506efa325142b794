import type { CheckDefinition } from '../checks/types.js';
import type { FrameworkDefinition, RequirementDefinition } from './types.js';

/**
 * The check ids a requirement needs, given the checks known at evaluation time: its explicit `checks`, plus every
 * check tagged with its `coversRiskArea`. Explicit ids come first and keep their order; no id appears twice.
 */
export function requirementCheckIds(req: RequirementDefinition, checks: readonly CheckDefinition[]): string[] {
  const ids = [...req.checks];
  if (req.coversRiskArea !== undefined) {
    const area = req.coversRiskArea;
    for (const c of checks) if (c.riskAreas.includes(area)) ids.push(c.id);
  }
  return [...new Set(ids)];
}

/** The framework with every requirement's `checks` resolved against `checks` (for listings such as `checks --framework`). */
export function resolveFramework(fw: FrameworkDefinition, checks: readonly CheckDefinition[]): FrameworkDefinition {
  return { ...fw, requirements: fw.requirements.map((r) => ({ ...r, checks: requirementCheckIds(r, checks) })) };
}
