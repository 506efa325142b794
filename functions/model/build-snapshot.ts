import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { inventoryForObject } from './kinds.js';
import type { AwsSide, ClusterIdentity, KubeInventory, KubeObject, KubernetesSide, Snapshot } from './snapshot.js';
import { KUBE_INVENTORIES } from './snapshot.js';

export interface SnapshotParts {
  cluster: ClusterIdentity;
  collectedAt?: string;
  /** Already-normalised objects; each goes to the inventory of its kind (unknown kinds are returned as `skipped`). */
  objects: KubeObject[];
  aws?: AwsSide;
  kubernetes?: Omit<KubernetesSide, 'inventories'>;
}

/**
 * A Snapshot in which every Kubernetes inventory counts as collected: the objects given are the whole cluster.
 * Used by `manifests`, the demo and tests; the live collector builds its own with per-inventory outcomes.
 */
export function snapshotFromObjects(parts: SnapshotParts): { snapshot: Snapshot; skipped: KubeObject[] } {
  const inventories: KubernetesSide['inventories'] = {};
  for (const inv of KUBE_INVENTORIES) inventories[inv] = { status: 'collected', items: [] };
  const skipped: KubeObject[] = [];
  for (const obj of parts.objects) {
    const inv: KubeInventory | undefined = inventoryForObject(obj.apiVersion, obj.kind);
    const target = inv ? inventories[inv] : undefined;
    if (target?.status === 'collected') target.items.push(obj);
    else skipped.push(obj);
  }
  return {
    snapshot: {
      snapshotVersion: 1,
      cluster: parts.cluster,
      collectedAt: parts.collectedAt ?? new Date().toISOString(),
      collector: { name: TOOL_NAME, version: TOOL_VERSION, mode: parts.cluster.source },
      kubernetes: { ...parts.kubernetes, inventories },
      aws: parts.aws ?? {},
      gaps: [],
    },
    skipped,
  };
}
