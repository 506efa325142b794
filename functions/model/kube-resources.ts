/**
 * Where each inventory lives in the API: the list path, and the apiVersion/kind to stamp on items (list items
 * come without them). `fallbackVersions` are tried, in order, when the preferred version answers 404.
 */
import { GATEKEEPER_POD_SECURITY_KINDS } from './kinds.js';
import type { KubeInventory } from './snapshot.js';

export interface ListResource {
  inventory: KubeInventory;
  /** "" for the core group. */
  group: string;
  version: string;
  fallbackVersions?: string[];
  resource: string;
  kind: string;
  /**
   * Ask for PartialObjectMetadataList: Secrets (their values must never be requested) and CRDs (we need only names,
   * and their schemas are the largest objects in most clusters).
   */
  metadataOnly?: boolean;
  /**
   * Served only when a CRD is installed (Cilium's and Calico's policies): a 404 from every version means the CRD is
   * absent and the inventory is collected as empty; a 403 is a gap like any other.
   */
  servedByCrd?: boolean;
}

const core = (inventory: KubeInventory, kind: string): ListResource => ({
  inventory,
  group: '',
  version: 'v1',
  resource: inventory,
  kind,
});
const grouped = (inventory: KubeInventory, group: string, kind: string, extra: Partial<ListResource> = {}) => ({
  inventory,
  group,
  version: 'v1',
  resource: inventory,
  kind,
  ...extra,
});

const crdServed = (
  inventory: KubeInventory,
  group: string,
  version: string,
  resource: string,
  kind: string,
): ListResource => ({ inventory, group, version, resource, kind, servedByCrd: true });

export const LIST_RESOURCES: readonly ListResource[] = [
  core('namespaces', 'Namespace'),
  core('pods', 'Pod'),
  grouped('deployments', 'apps', 'Deployment'),
  grouped('replicasets', 'apps', 'ReplicaSet'),
  grouped('statefulsets', 'apps', 'StatefulSet'),
  grouped('daemonsets', 'apps', 'DaemonSet'),
  grouped('jobs', 'batch', 'Job'),
  grouped('cronjobs', 'batch', 'CronJob'),
  core('services', 'Service'),
  grouped('ingresses', 'networking.k8s.io', 'Ingress'),
  grouped('networkpolicies', 'networking.k8s.io', 'NetworkPolicy'),
  crdServed('ciliumnetworkpolicies', 'cilium.io', 'v2', 'ciliumnetworkpolicies', 'CiliumNetworkPolicy'),
  crdServed(
    'ciliumclusterwidenetworkpolicies',
    'cilium.io',
    'v2',
    'ciliumclusterwidenetworkpolicies',
    'CiliumClusterwideNetworkPolicy',
  ),
  // Calico's CRDs exist in every Calico install; projectcalico.org/v3 only where its API server runs.
  crdServed('caliconetworkpolicies', 'crd.projectcalico.org', 'v1', 'networkpolicies', 'NetworkPolicy'),
  crdServed(
    'calicoglobalnetworkpolicies',
    'crd.projectcalico.org',
    'v1',
    'globalnetworkpolicies',
    'GlobalNetworkPolicy',
  ),
  core('serviceaccounts', 'ServiceAccount'),
  grouped('roles', 'rbac.authorization.k8s.io', 'Role'),
  grouped('clusterroles', 'rbac.authorization.k8s.io', 'ClusterRole'),
  grouped('rolebindings', 'rbac.authorization.k8s.io', 'RoleBinding'),
  grouped('clusterrolebindings', 'rbac.authorization.k8s.io', 'ClusterRoleBinding'),
  core('configmaps', 'ConfigMap'),
  { ...core('secrets', 'Secret'), metadataOnly: true },
  core('nodes', 'Node'),
  core('persistentvolumes', 'PersistentVolume'),
  core('persistentvolumeclaims', 'PersistentVolumeClaim'),
  grouped('storageclasses', 'storage.k8s.io', 'StorageClass'),
  core('limitranges', 'LimitRange'),
  core('resourcequotas', 'ResourceQuota'),
  grouped('validatingwebhookconfigurations', 'admissionregistration.k8s.io', 'ValidatingWebhookConfiguration'),
  grouped('mutatingwebhookconfigurations', 'admissionregistration.k8s.io', 'MutatingWebhookConfiguration'),
  // v1 since Kubernetes 1.30; older clusters serve v1beta1 (1.28+) only, and only when that beta API is turned on:
  // a 404 from both means the API is not served, so there are none.
  grouped('validatingadmissionpolicies', 'admissionregistration.k8s.io', 'ValidatingAdmissionPolicy', {
    fallbackVersions: ['v1beta1'],
    servedByCrd: true,
  }),
  grouped('validatingadmissionpolicybindings', 'admissionregistration.k8s.io', 'ValidatingAdmissionPolicyBinding', {
    fallbackVersions: ['v1beta1'],
    servedByCrd: true,
  }),
  // Kyverno's and Gatekeeper's policies (CIS 4.2.x admission), listed when their CRDs are installed. Gatekeeper
  // serves one resource per ConstraintTemplate; the constraints of the library's pod-security templates are listed.
  crdServed('kyvernoclusterpolicies', 'kyverno.io', 'v1', 'clusterpolicies', 'ClusterPolicy'),
  crdServed('kyvernopolicies', 'kyverno.io', 'v1', 'policies', 'Policy'),
  crdServed(
    'gatekeeperconstrainttemplates',
    'templates.gatekeeper.sh',
    'v1',
    'constrainttemplates',
    'ConstraintTemplate',
  ),
  ...GATEKEEPER_POD_SECURITY_KINDS.map(({ inventory, kind }) => ({
    ...crdServed(inventory, 'constraints.gatekeeper.sh', 'v1beta1', kind.toLowerCase(), kind),
    fallbackVersions: ['v1'],
  })),
  grouped('customresourcedefinitions', 'apiextensions.k8s.io', 'CustomResourceDefinition', { metadataOnly: true }),
  grouped('csidrivers', 'storage.k8s.io', 'CSIDriver'),
];

export function listPath(r: ListResource, version = r.version): string {
  return r.group === '' ? `/api/${version}/${r.resource}` : `/apis/${r.group}/${version}/${r.resource}`;
}

export function apiVersionOf(r: ListResource, version = r.version): string {
  return r.group === '' ? version : `${r.group}/${version}`;
}

/** The RBAC phrase a reader can grant: "list secrets", "list validatingadmissionpolicies.admissionregistration.k8s.io". */
export function listPermission(r: ListResource): string {
  return r.group === '' ? `list ${r.resource}` : `list ${r.resource}.${r.group}`;
}

/** CRD API groups (and their subgroups) whose presence the checks care about: policy engines, CNIs with policy, secret stores. */
export const CRD_GROUPS_OF_INTEREST: readonly string[] = [
  'kyverno.io',
  'gatekeeper.sh',
  'projectcalico.org',
  'cilium.io',
  'external-secrets.io',
  'secrets-store.csi.x-k8s.io',
];

/** A CRD's name is `<plural>.<group>`; keep it if its group is one of interest or a subgroup of one. */
export function isCrdOfInterest(name: string): boolean {
  const dot = name.indexOf('.');
  if (dot < 0) return false;
  const group = name.slice(dot + 1);
  return CRD_GROUPS_OF_INTEREST.some((g) => group === g || group.endsWith(`.${g}`));
}
