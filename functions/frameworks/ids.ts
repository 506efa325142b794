/**
 * The framework ids, in report order: the one list the config schema, the config types, the framework definitions
 * and the results schema's enum (tested equal) take them from.
 */
export const FRAMEWORK_IDS = ['cis-eks-1.8.0', 'nsa-cisa-1.2', 'k8s-top10-risks'] as const;

export type FrameworkId = (typeof FRAMEWORK_IDS)[number];
