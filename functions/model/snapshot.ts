/**
 * The Snapshot: everything a scan knows about one cluster, as plain JSON-serialisable data.
 *
 * Kubernetes objects keep their API shape (apiVersion/kind/metadata/spec), trimmed and redacted by
 * `functions/kube/normalize.ts`: no Secret data, no ConfigMap values, no env var literals (only facts about
 * them), no `last-applied-configuration`, and `managedFields` reduced to who changed what and when.
 * Keeping the API shape means a manifest, a live object and a demo fixture all go through the same checks.
 */

export type ClusterSource = 'demo' | 'kubeconfig' | 'eks' | 'snapshot' | 'manifests';

export interface ClusterIdentity {
  name: string;
  arn: string | null;
  region: string | null;
  accountId: string | null;
  kubernetesVersion: string | null;
  platformVersion?: string | null;
  source: ClusterSource;
}

/** Why an inventory or an AWS fact is missing: the call that failed and what it said. */
export interface NotCollected {
  status: 'not-collected';
  /** A sentence a reader can act on, e.g. "list secrets: 403 Forbidden (RBAC: list on secrets is not granted)". */
  reason: string;
  /** The permission that would have allowed it, when known, e.g. "list secrets" or "eks:DescribeCluster". */
  permission?: string;
}

export type Collected<T> = { status: 'collected'; items: T[] } | NotCollected;
export type CollectedValue<T> = { status: 'collected'; value: T } | NotCollected;

export interface ManagedFieldsEntry {
  manager: string;
  operation: string;
  time?: string;
}

export interface OwnerReference {
  apiVersion?: string;
  kind: string;
  name: string;
  uid?: string;
  controller?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  creationTimestamp?: string;
  /** Reduced from metadata.managedFields: who wrote the object, how and when (never the field sets). */
  managers?: ManagedFieldsEntry[];
}

/**
 * A Kubernetes object in API shape. `spec`, `status`, `rules` etc. are left loosely typed on purpose: checks read
 * them through the typed accessors in `functions/kube/` and must tolerate absent or malformed fields.
 */
/** A value the collector masked (functions/kube/redact.ts): where in the object, and what it was. */
export interface Redaction {
  /** "spec.containers[0].args[2]", `metadata.annotations["kapp.k14s.io/original"]` */
  path: string;
  /** What the value was taken for: "the value of --db-password", "a password in a URL". */
  reason: string;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  /** What normalisation masked in this object (absent when nothing was). */
  redactions?: Redaction[];
  // biome-ignore lint/suspicious/noExplicitAny: untrusted API data, narrowed by the accessors that read it
  [field: string]: any;
}

/** What the collector keeps of an env var or ConfigMap value instead of the value itself. */
export type ValueFact =
  | 'empty'
  | 'aws-access-key'
  | 'aws-secret-key'
  | 'private-key'
  | 'jwt'
  | 'password-like'
  | 'other';

/** The kinds the collector lists. Names are the plural resource names of the API. */
export const KUBE_INVENTORIES = [
  'namespaces',
  'pods',
  'deployments',
  'replicasets',
  'statefulsets',
  'daemonsets',
  'jobs',
  'cronjobs',
  'services',
  'ingresses',
  'networkpolicies',
  'ciliumnetworkpolicies',
  'ciliumclusterwidenetworkpolicies',
  'caliconetworkpolicies',
  'calicoglobalnetworkpolicies',
  'serviceaccounts',
  'roles',
  'clusterroles',
  'rolebindings',
  'clusterrolebindings',
  'configmaps',
  'secrets',
  'nodes',
  'persistentvolumes',
  'persistentvolumeclaims',
  'storageclasses',
  'limitranges',
  'resourcequotas',
  'validatingwebhookconfigurations',
  'mutatingwebhookconfigurations',
  'validatingadmissionpolicies',
  'validatingadmissionpolicybindings',
  'kyvernoclusterpolicies',
  'kyvernopolicies',
  'gatekeeperconstrainttemplates',
  'gatekeeperprivilegedcontainers',
  'gatekeeperhostnamespaces',
  'gatekeeperhostnetworkingports',
  'gatekeeperallowprivilegeescalation',
  'customresourcedefinitions',
  'csidrivers',
] as const;
export type KubeInventory = (typeof KUBE_INVENTORIES)[number];

/** Kubelet configuration read from `/api/v1/nodes/NAME/proxy/configz` (opt-in). */
export interface KubeletConfigSample {
  node: string;
  /** The node group, AMI or compute type this node stands for. */
  group: string;
  /** The `kubeletconfig` object of the configz response. */
  // biome-ignore lint/suspicious/noExplicitAny: untrusted kubelet data
  config: Record<string, any>;
  /** What the collector masked in `config` (absent when nothing was). */
  redactions?: Redaction[];
}

/** One IAM principal mapped by `kube-system/aws-auth` (the mapping, never the raw file). */
export interface AwsAuthMapping {
  type: 'role' | 'user';
  arn: string;
  username?: string;
  groups: string[];
}

export interface KubernetesSide {
  inventories: Partial<Record<KubeInventory, Collected<KubeObject>>>;
  kubeletConfigs?: Collected<KubeletConfigSample>;
  awsAuth?: Collected<AwsAuthMapping>;
}

/**
 * The AWS side. Shapes follow the AWS API responses (DescribeCluster etc.), trimmed to what checks read.
 * Each entry is independent so one AccessDenied costs only the requirements that needed it.
 */
export interface AwsSide {
  // biome-ignore lint/suspicious/noExplicitAny: DescribeCluster-shaped data, read through accessors
  cluster?: CollectedValue<Record<string, any>>;
  // biome-ignore lint/suspicious/noExplicitAny: AWS API-shaped data
  [fact: string]: CollectedValue<any> | Collected<any> | undefined;
}

export interface Gap {
  /** What could not be read: an inventory, an AWS call, a node. */
  source: string;
  reason: string;
}

/**
 * Who the scan read the cluster as: names only, never a token or a key. The AWS caller is sts:GetCallerIdentity's
 * Arn for the credentials that made the AWS calls (and, in EKS mode, signed the cluster token); the kubeconfig user
 * is the current context's `user` entry. Null where that path was not used or could not be determined.
 */
export interface ScanIdentity {
  awsCallerArn: string | null;
  /** Why the AWS caller is null although AWS calls were made (sts:GetCallerIdentity's error). */
  awsCallerReason?: string;
  kubeconfigUser: string | null;
  kubeconfigContext: string | null;
}

export interface Snapshot {
  snapshotVersion: 1;
  cluster: ClusterIdentity;
  collectedAt: string;
  /** Which tool and version wrote it, and with which options (for the report's method section). */
  collector: { name: string; version: string; mode: ClusterSource };
  /** Added field: who the collector read the cluster as (absent in snapshots of earlier versions and of manifests). */
  scanIdentity?: ScanIdentity;
  kubernetes: KubernetesSide;
  aws: AwsSide;
  gaps: Gap[];
}
