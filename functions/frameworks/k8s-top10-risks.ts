/**
 * The ten classic Kubernetes security risk areas, each with the checks that speak to it. Like the other frameworks,
 * this file is the only place a check joins an area: a check's `riskAreas` in results.json are read from here
 * (`riskAreasOf`). `manualGuidance` is what an auditor looks at while an area has no check.
 */
import type { RiskArea } from '../checks/types.js';
import type { FrameworkDefinition, RequirementDefinition } from './types.js';

/** Short titles of the risk areas, for reports that label a check's risk areas. */
export const RISK_AREA_TITLES: Readonly<Record<RiskArea, string>> = {
  1: 'Secrets',
  2: 'Container images with vulnerabilities',
  3: 'Runtime threats',
  4: 'Misconfiguration and default settings',
  5: 'RBAC policies',
  6: 'Network access',
  7: 'Monitoring and audit logging',
  8: 'Kubernetes API version and patching',
  9: 'Resource requests and limits',
  10: 'Data and storage',
};

function area(n: RiskArea, checks: string[], manualGuidance: string): RequirementDefinition {
  return {
    id: String(n),
    title: RISK_AREA_TITLES[n],
    section: `${n}. ${RISK_AREA_TITLES[n]}`,
    checks,
    manualGuidance,
  };
}

export const K8S_TOP10_RISKS: FrameworkDefinition = {
  id: 'k8s-top10-risks',
  title: 'Kubernetes security risk areas (top 10)',
  shortName: 'Top 10',
  version: '1',
  publisher: 'eks-compliance-reporter',
  description:
    'Ten risk areas that cover how Kubernetes clusters are usually attacked or misused. Each area gathers the checks ' +
    'tagged with it; its score shows where the cluster is weakest.',
  requirements: [
    area(
      1,
      [
        'rbac-secrets-access',
        'rbac-default-sa-automount',
        'rbac-token-automount',
        'rbac-serviceaccount-token-create',
        'secrets-env-secret-refs',
        'secrets-env-credential-literals',
        'secrets-configmap-credentials',
        'secrets-legacy-sa-tokens',
        'secrets-external-store',
        'secrets-unused-secrets',
        'secrets-unused-configmaps',
        'aws-node-imdsv2',
        'aws-secrets-kms-encryption',
      ],
      'Secrets are read only by the workloads that need them, mounted as files, encrypted with a customer KMS key, ' +
        'and no credentials sit in ConfigMaps or literal env values.',
    ),
    area(
      2,
      [
        'images-latest-tag',
        'images-digest-pinning',
        'images-allowed-registries',
        'images-deprecated-registry',
        'aws-ecr-image-scanning',
        'aws-inspector-ecr-enabled',
        'aws-node-role-ecr-read-only',
        'aws-running-image-vulnerabilities',
      ],
      'Images come from approved registries, are scanned (ECR basic/enhanced or a third-party scanner), are pinned ' +
        'by tag or digest, and running images have no fixable critical or high findings.',
    ),
    area(
      3,
      [
        'pod-privileged-container',
        'pod-host-pid',
        'pod-host-ipc',
        'pod-host-network',
        'pod-host-port',
        'pod-allow-privilege-escalation',
        'pod-run-as-root',
        'pod-insecure-capabilities',
        'pod-capabilities-not-dropped',
        'pod-host-path-volume',
        'pod-seccomp-profile',
        'pod-writable-root-filesystem',
        'rbac-create-pods',
        'namespaces-psa-baseline',
        'namespaces-psa-restricted',
        'namespaces-admission-privileged',
        'namespaces-admission-host-pid',
        'namespaces-admission-host-ipc',
        'namespaces-admission-host-network',
        'namespaces-admission-privilege-escalation',
        'storage-hostpath-persistentvolumes',
        'aws-guardduty-eks-runtime-monitoring',
      ],
      'Containers run without privilege, as non-root, with a read-only root filesystem, dropped capabilities and a ' +
        'seccomp profile; runtime threat detection (e.g. GuardDuty Runtime Monitoring) is on.',
    ),
    area(
      4,
      [
        'rbac-default-sa-automount',
        'rbac-default-sa-bindings',
        'rbac-default-sa-workloads',
        'rbac-token-automount',
        'namespaces-default-unused',
        'namespaces-in-use',
        'aws-node-imdsv2',
        'kubelet-anonymous-auth-disabled',
        'kubelet-authorization-webhook',
        'kubelet-client-ca-file',
        'kubelet-read-only-port-disabled',
        'kubelet-streaming-idle-timeout',
        'kubelet-iptables-util-chains',
        'kubelet-event-record-qps',
        'kubelet-rotate-certificates',
        'kubelet-rotate-server-certificates',
        'drift-hand-edits',
      ],
      'Kubelet settings, default service accounts, the default namespace, the cluster endpoint and the EKS ' +
        'authentication mode are hardened rather than left at permissive defaults.',
    ),
    area(
      5,
      [
        'rbac-cluster-admin-bindings',
        'rbac-aws-auth-system-masters',
        'rbac-secrets-access',
        'rbac-wildcards',
        'rbac-create-pods',
        'rbac-default-sa-bindings',
        'rbac-default-sa-workloads',
        'rbac-bind-escalate-impersonate',
        'rbac-create-persistentvolumes',
        'rbac-nodes-proxy',
        'rbac-webhook-config-write',
        'rbac-serviceaccount-token-create',
        'aws-access-entry-cluster-admin',
        'aws-bootstrap-cluster-creator-admin',
        'aws-authentication-mode-api',
        'aws-node-role-ecr-read-only',
        'aws-cluster-access-principals',
      ],
      'cluster-admin, wildcard rules, secrets access, pod creation, bind/escalate/impersonate and nodes/proxy are ' +
        'granted only where needed; aws-auth and access entries map only current IAM principals.',
    ),
    area(
      6,
      [
        'pod-host-network',
        'pod-host-port',
        'network-cni-network-policy-support',
        'network-namespace-network-policy',
        'network-default-deny',
        'network-lb-source-ranges',
        'network-alb-inbound-cidrs',
        'network-nodeport-services',
        'network-ingress-tls',
        'network-load-balancer-tls',
        'aws-endpoint-access-restricted',
        'aws-endpoint-private-only',
        'aws-private-nodes',
        'aws-vpc-cni-network-policy',
      ],
      'The CNI enforces NetworkPolicies, every namespace has a default-deny policy, and internet-facing load ' +
        'balancers, NodePorts and the public API endpoint are restricted.',
    ),
    area(
      7,
      [
        'aws-audit-logging-enabled',
        'aws-control-plane-logging-all-types',
        'aws-control-plane-log-retention',
        'aws-guardduty-eks-audit-logs',
        'kubelet-event-record-qps',
      ],
      'EKS control plane audit logs are enabled, retained and forwarded to a SIEM or GuardDuty, and someone reviews ' +
        'the alerts.',
    ),
    area(
      8,
      [
        'aws-version-supported',
        'aws-version-standard-support',
        'aws-node-kubelet-version-skew',
        'aws-addon-version-skew',
        'aws-node-ami-family',
      ],
      'The control plane runs a Kubernetes version in standard support, nodes are within the supported skew, and ' +
        'node AMIs and add-ons are patched.',
    ),
    area(
      9,
      [
        'pod-cpu-requests',
        'pod-memory-requests',
        'pod-cpu-limits',
        'pod-memory-limits',
        'namespaces-limitrange',
        'namespaces-resourcequota',
      ],
      'Every container sets CPU and memory requests and limits, and each namespace has a LimitRange and ' +
        'ResourceQuota.',
    ),
    area(
      10,
      [
        'pod-host-pid',
        'pod-host-ipc',
        'pod-host-network',
        'pod-host-path-volume',
        'rbac-create-persistentvolumes',
        'storage-ebs-encryption',
        'storage-hostpath-persistentvolumes',
        'aws-secrets-kms-encryption',
      ],
      'Volumes are encrypted (EBS StorageClasses, default EBS encryption, EFS), hostPath mounts are avoided, and ' +
        'PersistentVolume creation is restricted.',
    ),
  ],
};
