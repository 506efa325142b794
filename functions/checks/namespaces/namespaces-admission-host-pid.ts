import { admissionCheck } from './admission-check.js';

/** CIS EKS 4.2.2, the policy half (functions/checks/namespaces/admission-check.ts). */
export const nsAdmissionHostPid = admissionCheck(
  'namespaces-admission-host-pid',
  'hostPID',
  'Admission rejects pods sharing the host PID namespace in every namespace',
  'hostPID pods',
  'C-0194',
);
