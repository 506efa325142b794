import type { CheckDefinition } from '../checks/types.js';
import type { FrameworkDefinition, RequirementDefinition } from './types.js';

/**
 * The check ids a requirement needs, in the framework's order, each once. A mapped check that is not among the
 * run's checks stays listed: the requirement is then not-assessed and names it, rather than passing on less.
 */
export function requirementCheckIds(req: RequirementDefinition, _checks: readonly CheckDefinition[]): string[] {
  return [...new Set(req.checks)];
}

/** The framework with every requirement's `checks` resolved against `checks` (for listings such as `checks --framework`). */
export function resolveFramework(fw: FrameworkDefinition, checks: readonly CheckDefinition[]): FrameworkDefinition {
  return { ...fw, requirements: fw.requirements.map((r) => ({ ...r, checks: requirementCheckIds(r, checks) })) };
}
