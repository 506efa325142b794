/**
 * The data sources of a scan, for results.json `sources[]`: each Kubernetes inventory, kubelet configz, the aws-auth
 * mappings and each AWS fact, with what was read and, when nothing was, why and which permission was missing.
 * Derived from the snapshot alone, so a saved snapshot re-scanned later reports the same scope.
 */
import { AWS_FACT_SOURCES, factPermission } from '../model/aws-fact-sources.js';
import { AWS_FACT_NAMES, type AwsFactName } from '../model/aws-facts.js';
import { LIST_RESOURCES, listPermission } from '../model/kube-resources.js';
import { KUBELET_CONFIG_PERMISSION } from '../model/kubelet-sampling.js';
import { KUBE_INVENTORIES, type NotCollected, type Snapshot } from '../model/snapshot.js';
import type { DataSourceResult } from './results.js';

const KUBELET_TITLE = 'Kubelet configuration (configz)';
const AWS_AUTH_TITLE = 'aws-auth IAM mappings';
export const AWS_AUTH_PERMISSION = 'list configmaps';

function inventoryTitle(kind: string): string {
  // "NetworkPolicy" → "NetworkPolicies", "Ingress" → "Ingresses", "Pod" → "Pods"
  if (kind.endsWith('y') && !kind.endsWith('ey')) return `${kind.slice(0, -1)}ies`;
  return kind.endsWith('s') ? `${kind}es` : `${kind}s`;
}

function notCollected(
  base: Omit<DataSourceResult, 'status' | 'itemCount' | 'reason'>,
  entry: NotCollected,
): DataSourceResult {
  return {
    ...base,
    status: 'not-collected',
    itemCount: null,
    permission: entry.permission ?? base.permission,
    reason: entry.reason,
  };
}

function valueCount(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  return value === null || value === undefined ? 0 : 1;
}

function kubernetesSources(snapshot: Snapshot): DataSourceResult[] {
  return KUBE_INVENTORIES.map((inventory) => {
    const resource = LIST_RESOURCES.find((r) => r.inventory === inventory);
    const base = {
      id: inventory,
      kind: 'kubernetes' as const,
      title: resource ? inventoryTitle(resource.kind) : inventory,
      permission: resource ? listPermission(resource) : `list ${inventory}`,
      ...(resource?.metadataOnly ? { metadataOnly: true } : {}),
    };
    const inv = snapshot.kubernetes.inventories[inventory];
    if (inv === undefined) {
      return notCollected(base, { status: 'not-collected', reason: 'not present in the snapshot' });
    }
    if (inv.status !== 'collected') return notCollected(base, inv);
    return { ...base, status: 'collected', itemCount: inv.items.length };
  });
}

function kubeletSource(snapshot: Snapshot): DataSourceResult {
  const base = { id: 'kubelet-config', kind: 'kubelet-config' as const, title: KUBELET_TITLE };
  const kc = snapshot.kubernetes.kubeletConfigs;
  if (kc === undefined) {
    return notCollected(
      { ...base, permission: KUBELET_CONFIG_PERMISSION },
      { status: 'not-collected', reason: 'reading configz is opt-in and was not enabled' },
    );
  }
  if (kc.status !== 'collected') return notCollected({ ...base, permission: KUBELET_CONFIG_PERMISSION }, kc);
  return { ...base, status: 'collected', itemCount: kc.items.length, permission: KUBELET_CONFIG_PERMISSION };
}

function awsAuthSource(snapshot: Snapshot): DataSourceResult {
  const base = { id: 'aws-auth', kind: 'aws-auth' as const, title: AWS_AUTH_TITLE, permission: AWS_AUTH_PERMISSION };
  const aa = snapshot.kubernetes.awsAuth;
  if (aa === undefined) return notCollected(base, { status: 'not-collected', reason: 'not present in the snapshot' });
  if (aa.status !== 'collected') return notCollected(base, aa);
  return { ...base, status: 'collected', itemCount: aa.items.length };
}

function awsSources(snapshot: Snapshot): DataSourceResult[] {
  const names = [
    ...AWS_FACT_NAMES,
    ...Object.keys(snapshot.aws).filter((k) => !(AWS_FACT_NAMES as readonly string[]).includes(k)),
  ];
  return names.map((fact) => {
    const known = Object.hasOwn(AWS_FACT_SOURCES, fact);
    const base = {
      id: `aws:${fact}`,
      kind: 'aws' as const,
      title: known ? AWS_FACT_SOURCES[fact as AwsFactName].title : fact,
      permission: known ? factPermission(fact as AwsFactName) : 'unknown',
    };
    const entry = snapshot.aws[fact];
    if (entry === undefined) {
      return notCollected(base, { status: 'not-collected', reason: 'the scan had no AWS access to this cluster' });
    }
    if (entry.status !== 'collected') return notCollected(base, entry);
    const count = 'items' in entry ? entry.items.length : valueCount(entry.value);
    return { ...base, status: 'collected', itemCount: count };
  });
}

/** Every data source of the scan, Kubernetes first, then kubelet configz, aws-auth and the AWS facts. */
export function dataSources(snapshot: Snapshot): DataSourceResult[] {
  return [...kubernetesSources(snapshot), kubeletSource(snapshot), awsAuthSource(snapshot), ...awsSources(snapshot)];
}
