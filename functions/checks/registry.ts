/**
 * Every check the engine knows. A family is a folder under `functions/checks/` whose index exports its checks;
 * adding a check means adding it to its family's list (see docs/adding-a-check.md).
 */
import { podSecurityChecks } from './pod-security/index.js';
import type { CheckDefinition } from './types.js';

export const ALL_CHECKS: readonly CheckDefinition[] = [...podSecurityChecks];

export function checkById(id: string): CheckDefinition | undefined {
  return ALL_CHECKS.find((c) => c.id === id);
}
