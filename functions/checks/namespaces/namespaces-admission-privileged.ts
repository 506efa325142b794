import { admissionCheck } from './admission-check.js';

/** CIS EKS 4.2.1, the policy half (functions/checks/namespaces/admission-check.ts). */
export const nsAdmissionPrivileged = admissionCheck(
  'namespaces-admission-privileged',
  'privileged',
  'Admission rejects privileged containers in every namespace',
  'privileged containers',
  'C-0193',
);
