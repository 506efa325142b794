import { admissionCheck } from './admission-check.js';

/** CIS EKS 4.2.3, the policy half (functions/checks/namespaces/admission-check.ts). */
export const nsAdmissionHostIpc = admissionCheck(
  'namespaces-admission-host-ipc',
  'hostIPC',
  'Admission rejects pods sharing the host IPC namespace in every namespace',
  'hostIPC pods',
  'C-0195',
);
