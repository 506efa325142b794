/**
 * The Amazon EKS add-ons as AWS ships them: where each runs, under which names, from which images, and which
 * service accounts it binds to which roles. One table, read by the pod-security platform exemptions
 * (functions/model/platform-components.ts) and the RBAC platform identities (functions/checks/rbac/model.ts).
 *
 * Sources: the EKS user guide's "View Amazon container image registries for Amazon EKS add-ons" (the registry of
 * each Region, ADDON_REGISTRIES below) and the manifests each add-on installs (aws-node, kube-proxy, coredns, the
 * EBS and EFS CSI drivers, the Pod Identity agent). A workload is an add-on only when its namespace, its kind and
 * name, and the image of every one of its containers all match one entry here.
 */
import { parseImage } from './image-ref.js';

/** AWS Region → the ECR registry EKS replicates its add-on images to (EKS user guide, add-ons-images). */
export const ADDON_REGISTRIES: Readonly<Record<string, string>> = {
  'af-south-1': '877085696533.dkr.ecr.af-south-1.amazonaws.com',
  'ap-east-1': '800184023465.dkr.ecr.ap-east-1.amazonaws.com',
  'ap-east-2': '533267051163.dkr.ecr.ap-east-2.amazonaws.com',
  'ap-northeast-1': '602401143452.dkr.ecr.ap-northeast-1.amazonaws.com',
  'ap-northeast-2': '602401143452.dkr.ecr.ap-northeast-2.amazonaws.com',
  'ap-northeast-3': '602401143452.dkr.ecr.ap-northeast-3.amazonaws.com',
  'ap-south-1': '602401143452.dkr.ecr.ap-south-1.amazonaws.com',
  'ap-south-2': '900889452093.dkr.ecr.ap-south-2.amazonaws.com',
  'ap-southeast-1': '602401143452.dkr.ecr.ap-southeast-1.amazonaws.com',
  'ap-southeast-2': '602401143452.dkr.ecr.ap-southeast-2.amazonaws.com',
  'ap-southeast-3': '296578399912.dkr.ecr.ap-southeast-3.amazonaws.com',
  'ap-southeast-4': '491585149902.dkr.ecr.ap-southeast-4.amazonaws.com',
  'ap-southeast-6': '333609536671.dkr.ecr.ap-southeast-6.amazonaws.com',
  'ap-southeast-7': '121268973566.dkr.ecr.ap-southeast-7.amazonaws.com',
  'ca-central-1': '602401143452.dkr.ecr.ca-central-1.amazonaws.com',
  'ca-west-1': '761377655185.dkr.ecr.ca-west-1.amazonaws.com',
  'cn-north-1': '918309763551.dkr.ecr.cn-north-1.amazonaws.com.cn',
  'cn-northwest-1': '961992271922.dkr.ecr.cn-northwest-1.amazonaws.com.cn',
  'eu-central-1': '602401143452.dkr.ecr.eu-central-1.amazonaws.com',
  'eu-central-2': '900612956339.dkr.ecr.eu-central-2.amazonaws.com',
  'eu-north-1': '602401143452.dkr.ecr.eu-north-1.amazonaws.com',
  'eu-south-1': '590381155156.dkr.ecr.eu-south-1.amazonaws.com',
  'eu-south-2': '455263428931.dkr.ecr.eu-south-2.amazonaws.com',
  'eu-west-1': '602401143452.dkr.ecr.eu-west-1.amazonaws.com',
  'eu-west-2': '602401143452.dkr.ecr.eu-west-2.amazonaws.com',
  'eu-west-3': '602401143452.dkr.ecr.eu-west-3.amazonaws.com',
  'eusc-de-east-1': '877088126301.dkr.ecr.eusc-de-east-1.amazonaws.eu',
  'il-central-1': '066635153087.dkr.ecr.il-central-1.amazonaws.com',
  'me-central-1': '759879836304.dkr.ecr.me-central-1.amazonaws.com',
  'me-south-1': '558608220178.dkr.ecr.me-south-1.amazonaws.com',
  'mx-central-1': '730335286997.dkr.ecr.mx-central-1.amazonaws.com',
  'sa-east-1': '602401143452.dkr.ecr.sa-east-1.amazonaws.com',
  'us-east-1': '602401143452.dkr.ecr.us-east-1.amazonaws.com',
  'us-east-2': '602401143452.dkr.ecr.us-east-2.amazonaws.com',
  'us-gov-east-1': '151742754352.dkr.ecr.us-gov-east-1.amazonaws.com',
  'us-gov-west-1': '013241004608.dkr.ecr.us-gov-west-1.amazonaws.com',
  'us-west-1': '602401143452.dkr.ecr.us-west-1.amazonaws.com',
  'us-west-2': '602401143452.dkr.ecr.us-west-2.amazonaws.com',
};

/** Every add-on registry host. The guide prints ap-east-2's registry with the ap-east-1 host name; both are kept. */
export const ADDON_REGISTRY_HOSTS: ReadonlySet<string> = new Set([
  ...Object.values(ADDON_REGISTRIES),
  '533267051163.dkr.ecr.ap-east-1.amazonaws.com',
]);

/**
 * Kubernetes' own controllers: the API server's bootstrap policy creates ServiceAccount kube-system/X, ClusterRole
 * `system:controller:X` and their binding for each, and the controller manager (run by EKS, outside the cluster's
 * nodes) uses them. Upstream names (kubernetes plugin/pkg/auth/authorizer/rbac/bootstrappolicy/controller_policy.go).
 */
export const KUBE_CONTROLLER_ACCOUNTS: ReadonlySet<string> = new Set([
  'attachdetach-controller',
  'certificate-controller',
  'clusterrole-aggregation-controller',
  'cronjob-controller',
  'daemon-set-controller',
  'deployment-controller',
  'disruption-controller',
  'endpoint-controller',
  'endpointslice-controller',
  'endpointslicemirroring-controller',
  'ephemeral-volume-controller',
  'expand-controller',
  'generic-garbage-collector',
  'horizontal-pod-autoscaler',
  'job-controller',
  'legacy-service-account-token-cleaner',
  'namespace-controller',
  'node-controller',
  'persistent-volume-binder',
  'pod-garbage-collector',
  'pv-protection-controller',
  'pvc-protection-controller',
  'replicaset-controller',
  'replication-controller',
  'resourcequota-controller',
  'root-ca-cert-publisher',
  'route-controller',
  'selinux-warning-controller',
  'service-account-controller',
  'service-cidrs-controller',
  'service-controller',
  'statefulset-controller',
  'ttl-after-finished-controller',
  'ttl-controller',
  'validatingadmissionpolicy-status-controller',
  'volumeattributesclass-protection-controller',
]);

/** A service account an add-on creates and the roles it binds that account to (ClusterRoles unless `Role`). */
export interface AddonServiceAccount {
  name: string;
  clusterRoles: readonly string[];
  /** Namespaced Roles in the add-on's namespace. */
  roles?: readonly string[];
}

export interface AddonWorkload {
  kind: 'DaemonSet' | 'Deployment';
  name: string;
  /** Why it needs what it asks for, in words for the report. */
  reason: string;
}

export interface EksAddon {
  /** The add-on's name in `aws eks describe-addon-versions`. */
  addon: string;
  namespace: string;
  workloads: readonly AddonWorkload[];
  /** Repository paths in the add-on registry (without registry and tag) its containers are pulled from. */
  repositories: readonly string[];
  serviceAccounts: readonly AddonServiceAccount[];
}

export const EKS_ADDONS: readonly EksAddon[] = [
  {
    addon: 'vpc-cni',
    namespace: 'kube-system',
    workloads: [
      {
        kind: 'DaemonSet',
        name: 'aws-node',
        reason:
          'the Amazon VPC CNI plugin configures pod networking on each node: it runs in the host network namespace, ' +
          'with NET_ADMIN (and a privileged init container) to program routes, ENIs and, with network policy, eBPF',
      },
    ],
    repositories: ['amazon-k8s-cni', 'amazon-k8s-cni-init', 'amazon/aws-network-policy-agent'],
    serviceAccounts: [{ name: 'aws-node', clusterRoles: ['aws-node'] }],
  },
  {
    addon: 'kube-proxy',
    namespace: 'kube-system',
    workloads: [
      {
        kind: 'DaemonSet',
        name: 'kube-proxy',
        reason:
          "kube-proxy programs each node's iptables/IPVS rules for Services: it runs privileged in the host network " +
          'namespace and mounts the host paths it needs (/run/xtables.lock, /lib/modules, /var/log)',
      },
    ],
    repositories: ['eks/kube-proxy'],
    serviceAccounts: [{ name: 'kube-proxy', clusterRoles: ['system:node-proxier'] }],
  },
  {
    addon: 'coredns',
    namespace: 'kube-system',
    workloads: [
      {
        kind: 'Deployment',
        name: 'coredns',
        reason: 'CoreDNS is the cluster DNS server; it adds NET_BIND_SERVICE to listen on port 53',
      },
    ],
    repositories: ['eks/coredns'],
    serviceAccounts: [{ name: 'coredns', clusterRoles: ['system:coredns'] }],
  },
  {
    addon: 'aws-ebs-csi-driver',
    namespace: 'kube-system',
    workloads: [
      {
        kind: 'DaemonSet',
        name: 'ebs-csi-node',
        reason:
          'the EBS CSI node plugin formats and mounts volumes on the node: it runs privileged and mounts the ' +
          "kubelet's directory and /dev from the host",
      },
      {
        kind: 'Deployment',
        name: 'ebs-csi-controller',
        reason: 'the EBS CSI controller creates, attaches and resizes EBS volumes through the EC2 API',
      },
    ],
    repositories: [
      'eks/aws-ebs-csi-driver',
      'eks/csi-provisioner',
      'eks/csi-attacher',
      'eks/csi-snapshotter',
      'eks/csi-resizer',
      'eks/csi-node-driver-registrar',
      'eks/livenessprobe',
    ],
    serviceAccounts: [
      {
        name: 'ebs-csi-controller-sa',
        clusterRoles: [
          'ebs-external-attacher-role',
          'ebs-external-provisioner-role',
          'ebs-external-resizer-role',
          'ebs-external-snapshotter-role',
        ],
        roles: ['ebs-csi-leases-role'],
      },
      { name: 'ebs-csi-node-sa', clusterRoles: ['ebs-csi-node-role'] },
    ],
  },
  {
    addon: 'aws-efs-csi-driver',
    namespace: 'kube-system',
    workloads: [
      {
        kind: 'DaemonSet',
        name: 'efs-csi-node',
        reason:
          'the EFS CSI node plugin mounts EFS file systems on the node: it runs privileged in the host network ' +
          "namespace and mounts the kubelet's directory from the host",
      },
      {
        kind: 'Deployment',
        name: 'efs-csi-controller',
        reason: 'the EFS CSI controller creates EFS access points through the EFS API',
      },
    ],
    repositories: [
      'eks/aws-efs-csi-driver',
      'eks/csi-provisioner',
      'eks/csi-node-driver-registrar',
      'eks/livenessprobe',
    ],
    serviceAccounts: [
      { name: 'efs-csi-controller-sa', clusterRoles: ['efs-csi-external-provisioner-role'] },
      { name: 'efs-csi-node-sa', clusterRoles: ['efs-csi-node-role'] },
    ],
  },
  {
    addon: 'eks-pod-identity-agent',
    namespace: 'kube-system',
    workloads: [
      {
        kind: 'DaemonSet',
        name: 'eks-pod-identity-agent',
        reason:
          "the EKS Pod Identity agent serves credentials on the node's link-local address: it runs in the host " +
          'network namespace and its init container adds NET_ADMIN to set that address up',
      },
    ],
    repositories: ['eks/eks-pod-identity-agent'],
    serviceAccounts: [],
  },
];

/** Is this image pulled from an EKS add-on registry, from one of `repositories`? Tag and digest are free. */
export function isAddonImage(raw: unknown, repositories: readonly string[]): boolean {
  if (typeof raw !== 'string' || raw.trim() === '') return false;
  const image = parseImage(raw);
  return ADDON_REGISTRY_HOSTS.has(image.registry) && repositories.includes(image.repository);
}

/**
 * The ClusterRole or Role names an EKS add-on binds the service account `namespace/name` to, or undefined when no
 * add-on owns that account. Kubernetes' own controllers (ServiceAccount kube-system/X with ClusterRole
 * `system:controller:X`, created by the API server's bootstrap policy) are included.
 */
export function platformServiceAccountRoles(
  namespace: string,
  name: string,
): { clusterRoles: ReadonlySet<string>; roles: ReadonlySet<string> } | undefined {
  if (namespace !== 'kube-system') return undefined;
  const clusterRoles = new Set<string>();
  const roles = new Set<string>();
  for (const addon of EKS_ADDONS) {
    if (addon.namespace !== namespace) continue;
    for (const sa of addon.serviceAccounts) {
      if (sa.name !== name) continue;
      for (const r of sa.clusterRoles) clusterRoles.add(r);
      for (const r of sa.roles ?? []) roles.add(r);
    }
  }
  if (KUBE_CONTROLLER_ACCOUNTS.has(name)) clusterRoles.add(`system:controller:${name}`);
  return clusterRoles.size > 0 || roles.size > 0 ? { clusterRoles, roles } : undefined;
}
