/** Control-plane log types as DescribeCluster reports them. */
import type { EksClusterFact } from '../../model/aws-facts.js';
import { asArray, isRecord } from './shared.js';

export const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

export function enabledLogTypes(cluster: EksClusterFact): Set<string> {
  const enabled = new Set<string>();
  for (const setup of asArray(cluster.logging?.clusterLogging)) {
    if (!isRecord(setup) || setup.enabled !== true) continue;
    for (const t of asArray(setup.types)) if (typeof t === 'string') enabled.add(t);
  }
  return enabled;
}

/** The enabled log types as read, for evidence: "api, audit, authenticator" or "none". */
export function showLogTypes(enabled: ReadonlySet<string>): string {
  return enabled.size > 0 ? [...enabled].join(', ') : 'none';
}
