import { kubeInputs } from '../../model/namespace-scope.js';
import type { CheckDefinition } from '../types.js';
import { ADMISSION_POLICY_INPUTS } from './admission-policies.js';
import { evaluateAdmission } from './psa-enforce.js';

/** CIS EKS 4.2.1–4.2.4 part (a), policy: Pod Security Admission enforces baseline or restricted. */
export const nsPsaBaseline: CheckDefinition = {
  id: 'namespaces-psa-baseline',
  title: 'Namespaces enforce the baseline Pod Security Standard',
  severity: 'high',
  family: 'namespaces',
  rationale:
    'Without admission enforcement, anyone who can create a pod can create a privileged one, or one sharing the ' +
    "host's PID, IPC or network namespace, and take over the node. Checking running pods only finds what is already there.",
  remediation:
    'Label each application namespace: `kubectl label namespace NS pod-security.kubernetes.io/enforce=baseline` ' +
    '(or restricted); try it first with the `warn` and `audit` labels. Alternatively enforce equivalent policies ' +
    'with Kyverno, Gatekeeper or a ValidatingAdmissionPolicy.',
  references: { kubescape: ['C-0193', 'C-0194', 'C-0195', 'C-0196', 'C-0203'], pss: ['baseline'] },
  inputs: [...kubeInputs('namespaces'), ...ADMISSION_POLICY_INPUTS],
  evaluate: (snapshot) => evaluateAdmission(snapshot, 'baseline'),
};
