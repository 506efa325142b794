import { admissionCheck } from './admission-check.js';

/** CIS EKS 4.2.4, the policy half (functions/checks/namespaces/admission-check.ts). */
export const nsAdmissionHostNetwork = admissionCheck(
  'namespaces-admission-host-network',
  'hostNetwork',
  'Admission rejects pods sharing the host network namespace in every namespace',
  'hostNetwork pods',
  'C-0196',
);
