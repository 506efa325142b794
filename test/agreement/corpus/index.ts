import type { AgreementCase } from '../types.js';
import { kubescapeClusterCases } from './kubescape-cluster.js';
import { kubescapeRbacCases } from './kubescape-rbac.js';
import { kubescapeWorkloadCases } from './kubescape-workloads.js';
import { kubescapeWorkloadCases2 } from './kubescape-workloads-2.js';
import { polarisCases } from './polaris.js';

/** Every case of the agreement corpus. */
export const CORPUS: readonly AgreementCase[] = [
  ...kubescapeWorkloadCases,
  ...kubescapeWorkloadCases2,
  ...kubescapeRbacCases,
  ...kubescapeClusterCases,
  ...polarisCases,
];
