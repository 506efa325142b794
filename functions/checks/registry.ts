/**
 * Every check the engine knows. A family is a folder under `functions/checks/` whose index exports its checks;
 * adding a check means adding it to its family's list (see docs/adding-a-check.md).
 */
import { awsChecks } from './aws/index.js';
import { imageChecks } from './images/index.js';
import { kubeletChecks } from './kubelet/index.js';
import { namespaceChecks } from './namespaces/index.js';
import { networkChecks } from './network/index.js';
import { podSecurityChecks } from './pod-security/index.js';
import { rbacChecks } from './rbac/index.js';
import { secretsChecks } from './secrets/index.js';
import { storageChecks } from './storage/index.js';
import type { CheckDefinition } from './types.js';

export const ALL_CHECKS: readonly CheckDefinition[] = [
  ...podSecurityChecks,
  ...rbacChecks,
  ...namespaceChecks,
  ...networkChecks,
  ...secretsChecks,
  ...imageChecks,
  ...storageChecks,
  ...awsChecks,
  ...kubeletChecks,
];

export function checkById(id: string): CheckDefinition | undefined {
  return ALL_CHECKS.find((c) => c.id === id);
}
