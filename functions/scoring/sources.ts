/**
 * The data sources of a scan, for results.json `sources[]`: each Kubernetes inventory, kubelet configz, the aws-auth
 * mappings and each AWS fact, with what was read and, when nothing was, why and which permission was missing.
 * Derived from the snapshot alone, so a saved snapshot re-scanned later reports the same scope.
 */
import { AWS_FACT_NAMES } from '../model/aws-facts.js';
import { LIST_RESOURCES, listPermission } from '../model/kube-resources.js';
import { KUBELET_CONFIG_PERMISSION } from '../model/kubelet-sampling.js';
import { KUBE_INVENTORIES, type NotCollected, type Snapshot } from '../model/snapshot.js';
import type { DataSourceResult } from './results.js';

/** The read-only IAM actions behind each AWS fact (the collector's calls, functions/aws/). */
const AWS_FACT_SOURCES: Record<string, { title: string; permission: string }> = {
  cluster: { title: 'EKS cluster configuration', permission: 'eks:DescribeCluster' },
  nodegroups: { title: 'EKS managed node groups', permission: 'eks:ListNodegroups, eks:DescribeNodegroup' },
  addons: { title: 'EKS add-ons', permission: 'eks:ListAddons, eks:DescribeAddon' },
  accessEntries: {
    title: 'EKS access entries',
    permission: 'eks:ListAccessEntries, eks:DescribeAccessEntry, eks:ListAssociatedAccessPolicies',
  },
  podIdentityAssociations: { title: 'EKS Pod Identity associations', permission: 'eks:ListPodIdentityAssociations' },
  clusterVersion: { title: 'EKS version support dates', permission: 'eks:DescribeClusterVersions' },
  ecrRegistryScanning: { title: 'ECR registry scanning', permission: 'ecr:GetRegistryScanningConfiguration' },
  ecrRepositories: { title: 'ECR repositories of running images', permission: 'ecr:DescribeRepositories' },
  imageFindings: { title: 'ECR image scan findings', permission: 'ecr:DescribeImageScanFindings' },
  inspector: { title: 'Amazon Inspector status', permission: 'inspector2:BatchGetAccountStatus' },
  guardDuty: { title: 'GuardDuty detector', permission: 'guardduty:ListDetectors, guardduty:GetDetector' },
  logGroup: { title: 'Control plane log group', permission: 'logs:DescribeLogGroups' },
  instances: { title: 'EC2 node instances', permission: 'ec2:DescribeInstances' },
  subnets: { title: 'Node subnets', permission: 'ec2:DescribeSubnets' },
  routeTables: { title: 'Node route tables', permission: 'ec2:DescribeRouteTables' },
  nodeRolePolicies: {
    title: 'Node IAM role policies',
    permission: 'iam:GetInstanceProfile, iam:ListAttachedRolePolicies, iam:ListRolePolicies, iam:GetRolePolicy',
  },
};

const KUBELET_TITLE = 'Kubelet configuration (configz)';
const AWS_AUTH_TITLE = 'aws-auth IAM mappings';
const AWS_AUTH_PERMISSION = 'list configmaps';

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
    const known = AWS_FACT_SOURCES[fact];
    const base = {
      id: `aws:${fact}`,
      kind: 'aws' as const,
      title: known?.title ?? fact,
      permission: known?.permission ?? 'unknown',
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
