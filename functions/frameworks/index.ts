import { CIS_EKS_1_8_0 } from './cis-eks-1.8.0.js';
import { K8S_TOP10_RISKS } from './k8s-top10-risks.js';
import { NSA_CISA_1_2 } from './nsa-cisa-1.2.js';
import type { FrameworkDefinition } from './types.js';

export { CIS_EKS_1_8_0 } from './cis-eks-1.8.0.js';
export { K8S_TOP10_RISKS, RISK_AREA_TITLES } from './k8s-top10-risks.js';
export { NSA_CISA_1_2 } from './nsa-cisa-1.2.js';
export { requirementCheckIds, resolveFramework } from './resolve.js';

export type FrameworkId = FrameworkDefinition['id'];

/** Every framework the reporter knows, in report order. */
export const FRAMEWORKS: readonly FrameworkDefinition[] = [CIS_EKS_1_8_0, NSA_CISA_1_2, K8S_TOP10_RISKS];

export const FRAMEWORK_IDS: readonly FrameworkId[] = FRAMEWORKS.map((f) => f.id);

export function frameworkById(id: string): FrameworkDefinition | undefined {
  return FRAMEWORKS.find((f) => f.id === id);
}
