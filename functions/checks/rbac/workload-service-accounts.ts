import { WORKLOAD_INVENTORIES } from '../../kube/kinds.js';
import type { PodTemplate } from '../../kube/workloads.js';
import type { KubeObject } from '../../snapshot/types.js';

export const WORKLOAD_INVENTORY_LIST = [...WORKLOAD_INVENTORIES];

/** The service account a pod template runs as: serviceAccountName, the deprecated serviceAccount, else `default`. */
export function serviceAccountNameOf(template: PodTemplate): { name: string; explicit: boolean } {
  const name = template.spec.serviceAccountName ?? template.spec.serviceAccount;
  return typeof name === 'string' && name !== '' ? { name, explicit: true } : { name: 'default', explicit: false };
}

export function serviceAccountIndex(accounts: KubeObject[]): Map<string, KubeObject> {
  return new Map(accounts.map((sa) => [`${sa.metadata.namespace ?? ''}/${sa.metadata.name}`, sa]));
}
