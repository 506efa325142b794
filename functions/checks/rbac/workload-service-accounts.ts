import { WORKLOAD_INVENTORIES } from '../../model/kinds.js';
import type { KubeObject } from '../../model/snapshot.js';
import type { PodTemplate } from '../../model/workloads.js';

export const WORKLOAD_INVENTORY_LIST = [...WORKLOAD_INVENTORIES];

/** The service account a pod template runs as: serviceAccountName, the deprecated serviceAccount, else `default`. */
export function serviceAccountNameOf(template: PodTemplate): { name: string; explicit: boolean } {
  const name = template.spec.serviceAccountName ?? template.spec.serviceAccount;
  return typeof name === 'string' && name !== '' ? { name, explicit: true } : { name: 'default', explicit: false };
}

export function serviceAccountIndex(accounts: KubeObject[]): Map<string, KubeObject> {
  return new Map(accounts.map((sa) => [`${sa.metadata.namespace ?? ''}/${sa.metadata.name}`, sa]));
}
