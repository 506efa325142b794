import type { KubeInventory } from './snapshot.js';

/** Kubernetes kind → the inventory (plural resource name) it is stored under in a Snapshot. */
export const INVENTORY_BY_KIND: Readonly<Record<string, KubeInventory>> = {
  Namespace: 'namespaces',
  Pod: 'pods',
  Deployment: 'deployments',
  ReplicaSet: 'replicasets',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  Job: 'jobs',
  CronJob: 'cronjobs',
  Service: 'services',
  Ingress: 'ingresses',
  NetworkPolicy: 'networkpolicies',
  CiliumNetworkPolicy: 'ciliumnetworkpolicies',
  CiliumClusterwideNetworkPolicy: 'ciliumclusterwidenetworkpolicies',
  GlobalNetworkPolicy: 'calicoglobalnetworkpolicies',
  ServiceAccount: 'serviceaccounts',
  Role: 'roles',
  ClusterRole: 'clusterroles',
  RoleBinding: 'rolebindings',
  ClusterRoleBinding: 'clusterrolebindings',
  ConfigMap: 'configmaps',
  Secret: 'secrets',
  Node: 'nodes',
  PersistentVolume: 'persistentvolumes',
  PersistentVolumeClaim: 'persistentvolumeclaims',
  StorageClass: 'storageclasses',
  LimitRange: 'limitranges',
  ResourceQuota: 'resourcequotas',
  ValidatingWebhookConfiguration: 'validatingwebhookconfigurations',
  MutatingWebhookConfiguration: 'mutatingwebhookconfigurations',
  ValidatingAdmissionPolicy: 'validatingadmissionpolicies',
  ValidatingAdmissionPolicyBinding: 'validatingadmissionpolicybindings',
  ClusterPolicy: 'kyvernoclusterpolicies',
  ConstraintTemplate: 'gatekeeperconstrainttemplates',
  K8sPSPPrivilegedContainer: 'gatekeeperprivilegedcontainers',
  K8sPSPHostNamespace: 'gatekeeperhostnamespaces',
  K8sPSPHostNetworkingPorts: 'gatekeeperhostnetworkingports',
  K8sPSPAllowPrivilegeEscalationContainer: 'gatekeeperallowprivilegeescalation',
  CustomResourceDefinition: 'customresourcedefinitions',
  CSIDriver: 'csidrivers',
};

export function inventoryForKind(kind: string): KubeInventory | undefined {
  return Object.hasOwn(INVENTORY_BY_KIND, kind) ? INVENTORY_BY_KIND[kind] : undefined;
}

/**
 * The Gatekeeper library's pod-security constraint kinds (gatekeeper-library, library/pod-security-policy) the
 * collector lists, each in its own inventory: a constraint's kind is its template's, served by a CRD per template.
 */
export const GATEKEEPER_POD_SECURITY_KINDS = [
  { inventory: 'gatekeeperprivilegedcontainers', kind: 'K8sPSPPrivilegedContainer' },
  { inventory: 'gatekeeperhostnamespaces', kind: 'K8sPSPHostNamespace' },
  { inventory: 'gatekeeperhostnetworkingports', kind: 'K8sPSPHostNetworkingPorts' },
  { inventory: 'gatekeeperallowprivilegeescalation', kind: 'K8sPSPAllowPrivilegeEscalationContainer' },
] as const satisfies readonly { inventory: KubeInventory; kind: string }[];

/** Calico's API groups: its own API server serves projectcalico.org/v3, its CRDs are crd.projectcalico.org/v1. */
export const CALICO_GROUPS: readonly string[] = ['projectcalico.org', 'crd.projectcalico.org'];

/**
 * The inventory of an object by its apiVersion and kind: Calico's NetworkPolicy shares its kind with Kubernetes'
 * and is told apart by its group.
 */
export function inventoryForObject(apiVersion: unknown, kind: string): KubeInventory | undefined {
  const group = typeof apiVersion === 'string' && apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  if (CALICO_GROUPS.includes(group)) {
    return kind === 'NetworkPolicy'
      ? 'caliconetworkpolicies'
      : kind === 'GlobalNetworkPolicy'
        ? 'calicoglobalnetworkpolicies'
        : undefined;
  }
  if (kind === 'GlobalNetworkPolicy') return undefined;
  // Kyverno's namespaced Policy is the only kind named Policy the collector lists.
  if (kind === 'Policy') return group === 'kyverno.io' ? 'kyvernopolicies' : undefined;
  return inventoryForKind(kind);
}

/** Kinds that carry a pod template, and where it sits in the object. */
export const POD_SPEC_PATH: Readonly<Record<string, string>> = {
  Pod: 'spec',
  Deployment: 'spec.template.spec',
  ReplicaSet: 'spec.template.spec',
  StatefulSet: 'spec.template.spec',
  DaemonSet: 'spec.template.spec',
  Job: 'spec.template.spec',
  CronJob: 'spec.jobTemplate.spec.template.spec',
};

export const WORKLOAD_INVENTORIES: readonly KubeInventory[] = [
  'pods',
  'deployments',
  'replicasets',
  'statefulsets',
  'daemonsets',
  'jobs',
  'cronjobs',
];

/** Namespaces that EKS and Kubernetes create and manage; checks about application hygiene skip them. */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease']);
