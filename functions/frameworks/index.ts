import type { RiskArea } from '../checks/types.js';
import { CIS_EKS_1_8_0 } from './cis-eks-1.8.0.js';
import { K8S_TOP10_RISKS } from './k8s-top10-risks.js';
import { NSA_CISA_1_2 } from './nsa-cisa-1.2.js';
import type { FrameworkDefinition } from './types.js';

export { CIS_EKS_1_8_0 } from './cis-eks-1.8.0.js';
export { FRAMEWORK_IDS, type FrameworkId } from './ids.js';
export { K8S_TOP10_RISKS, RISK_AREA_TITLES } from './k8s-top10-risks.js';
export { NSA_CISA_1_2 } from './nsa-cisa-1.2.js';
export { requirementCheckIds, resolveFramework } from './resolve.js';

/** Every framework the reporter knows, in report order. */
export const FRAMEWORKS: readonly FrameworkDefinition[] = [CIS_EKS_1_8_0, NSA_CISA_1_2, K8S_TOP10_RISKS];

export function frameworkById(id: string): FrameworkDefinition | undefined {
  return FRAMEWORKS.find((f) => f.id === id);
}

/**
 * The CIS requirement ids a check serves, read from the CIS framework's mapping. kube-bench numbers its EKS checks
 * with the benchmark's own ids, so this is also the check's kube-bench reference; it is never written by hand.
 */
const CIS_IDS_BY_CHECK: ReadonlyMap<string, readonly string[]> = (() => {
  const byCheck = new Map<string, string[]>();
  for (const r of CIS_EKS_1_8_0.requirements) {
    for (const c of r.checks) byCheck.set(c, [...(byCheck.get(c) ?? []), r.id]);
  }
  return byCheck;
})();

export function cisRequirementIdsOf(checkId: string): readonly string[] {
  return CIS_IDS_BY_CHECK.get(checkId) ?? [];
}

const RISK_AREAS_BY_CHECK: ReadonlyMap<string, readonly RiskArea[]> = (() => {
  const byCheck = new Map<string, RiskArea[]>();
  for (const r of K8S_TOP10_RISKS.requirements) {
    for (const c of r.checks) byCheck.set(c, [...(byCheck.get(c) ?? []), Number(r.id) as RiskArea]);
  }
  return byCheck;
})();

/** The risk areas a check speaks to, read from the risk-area framework's mapping. */
export function riskAreasOf(checkId: string): readonly RiskArea[] {
  return RISK_AREAS_BY_CHECK.get(checkId) ?? [];
}
