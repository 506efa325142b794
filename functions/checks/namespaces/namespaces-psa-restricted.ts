import { kubeInputs } from '../../model/namespace-scope.js';
import type { CheckDefinition } from '../types.js';
import { ADMISSION_POLICY_INPUTS } from './admission-policies.js';
import { evaluateAdmission } from './psa-enforce.js';

/** CIS EKS 4.2.5 part (a): allowPrivilegeEscalation is only rejected by the restricted standard. */
export const nsPsaRestricted: CheckDefinition = {
  id: 'namespaces-psa-restricted',
  title: 'Namespaces enforce the restricted Pod Security Standard',
  severity: 'medium',
  family: 'namespaces',
  rationale:
    'Only the restricted standard requires allowPrivilegeEscalation: false, non-root users, dropped capabilities ' +
    'and a seccomp profile. Baseline lets a process gain privileges through setuid binaries.',
  remediation:
    '`kubectl label namespace NS pod-security.kubernetes.io/enforce=restricted --overwrite` once workloads comply ' +
    '(check with `kubectl label --dry-run=server` or the `warn` label first).',
  references: { kubescape: ['C-0197', 'C-0198', 'C-0201'], pss: ['restricted'] },
  inputs: [...kubeInputs('namespaces'), ...ADMISSION_POLICY_INPUTS],
  evaluate: (snapshot) => evaluateAdmission(snapshot, 'restricted'),
};
