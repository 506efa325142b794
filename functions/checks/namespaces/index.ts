import type { CheckDefinition } from '../types.js';
import { nsAdmissionHostIpc } from './namespaces-admission-host-ipc.js';
import { nsAdmissionHostNetwork } from './namespaces-admission-host-network.js';
import { nsAdmissionHostPid } from './namespaces-admission-host-pid.js';
import { nsAdmissionPrivilegeEscalation } from './namespaces-admission-privilege-escalation.js';
import { nsAdmissionPrivileged } from './namespaces-admission-privileged.js';
import { nsDefaultNamespaceUnused } from './namespaces-default-unused.js';
import { nsNamespacesInUse } from './namespaces-in-use.js';
import { nsLimitRange } from './namespaces-limitrange.js';
import { nsPsaBaseline } from './namespaces-psa-baseline.js';
import { nsPsaRestricted } from './namespaces-psa-restricted.js';
import { nsResourceQuota } from './namespaces-resourcequota.js';

export const namespaceChecks: CheckDefinition[] = [
  nsPsaBaseline,
  nsPsaRestricted,
  nsAdmissionPrivileged,
  nsAdmissionHostPid,
  nsAdmissionHostIpc,
  nsAdmissionHostNetwork,
  nsAdmissionPrivilegeEscalation,
  nsDefaultNamespaceUnused,
  nsNamespacesInUse,
  nsLimitRange,
  nsResourceQuota,
];
