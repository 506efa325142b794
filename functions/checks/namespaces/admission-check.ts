/**
 * CIS EKS 4.2.1–4.2.5, the policy half: admission rejects the control in question in every application namespace,
 * through Pod Security Admission or a Kyverno, Gatekeeper or ValidatingAdmissionPolicy policy that targets it. The
 * workload half (what already runs) is the pod-security checks.
 */
import { kubeInputs } from '../../model/namespace-scope.js';
import type { CheckDefinition } from '../types.js';
import { ADMISSION_POLICY_INPUTS, type AdmissionRequirement } from './admission-policies.js';
import { evaluateAdmission } from './psa-enforce.js';

const DEVIATION =
  "kube-bench's eks-1.8.0 audit of this requirement lists only running pods; the benchmark's remediation asks for " +
  'policies in each namespace with user workloads, which is what this check verifies. It accepts Pod Security ' +
  'Admission labels and Kyverno, Gatekeeper (library template) or ValidatingAdmissionPolicy policies judged by what ' +
  'they check, never an installed engine or a policy name alone; where only a policy in custom CEL or Rego might ' +
  'enforce it, the requirement is manual, naming the policy.';

export function admissionCheck(
  id: string,
  req: AdmissionRequirement,
  title: string,
  control: string,
  kubescape: string,
): CheckDefinition {
  const level = req === 'allowPrivilegeEscalation' ? 'restricted' : 'baseline';
  return {
    id,
    title,
    severity: req === 'allowPrivilegeEscalation' ? 'medium' : 'high',
    family: 'namespaces',
    rationale:
      `Checking running pods only finds what is already there: unless admission rejects ${control}, anyone who can ` +
      'create a pod in the namespace can create one tomorrow and use it to reach the node.',
    remediation:
      `Label each application namespace \`kubectl label namespace NS pod-security.kubernetes.io/enforce=${level}\`` +
      `${level === 'baseline' ? ' (or restricted)' : ''}, after trying it with the \`warn\` label; or enforce a ` +
      'policy that rejects it: a Kyverno ClusterPolicy in Enforce mode (podSecurity or the pod-security policies), a ' +
      'Gatekeeper library constraint with enforcementAction deny, or a ValidatingAdmissionPolicy bound with Deny.',
    deviation: DEVIATION,
    references: { kubescape: [kubescape], pss: [level] },
    inputs: [...kubeInputs('namespaces'), ...ADMISSION_POLICY_INPUTS],
    evaluate: (snapshot) => evaluateAdmission(snapshot, req),
  };
}
