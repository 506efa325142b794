/**
 * Every check the engine knows. A family is a folder under `functions/checks/` whose index exports its checks;
 * adding a check means adding it to its family's list (see docs/adding-a-check.md).
 */
import { awsChecks } from './aws/index.js';
import { driftChecks } from './drift/index.js';
import { makeAllowedRegistriesCheck } from './images/images-allowed-registries.js';
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
  ...driftChecks,
];

export function checkById(id: string): CheckDefinition | undefined {
  return ALL_CHECKS.find((c) => c.id === id);
}

/** Settings from the config file that change what a check accepts. */
export interface CheckSettings {
  approvedRegistries?: readonly string[];
}

/** The catalog with the config's settings applied (today: the approved registries of CIS 5.1.4). */
export function configuredChecks(settings: CheckSettings): readonly CheckDefinition[] {
  if (!settings.approvedRegistries || settings.approvedRegistries.length === 0) return ALL_CHECKS;
  const registries = makeAllowedRegistriesCheck(settings.approvedRegistries);
  return ALL_CHECKS.map((check) => (check.id === registries.id ? registries : check));
}
