import { admissionCheck } from './admission-check.js';

/** CIS EKS 4.2.5, the policy half (functions/checks/namespaces/admission-check.ts). */
export const nsAdmissionPrivilegeEscalation = admissionCheck(
  'namespaces-admission-privilege-escalation',
  'allowPrivilegeEscalation',
  'Admission rejects containers allowing privilege escalation in every namespace',
  'containers with allowPrivilegeEscalation',
  'C-0197',
);
