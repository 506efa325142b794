/**
 * NSA/CISA Kubernetes Hardening Guidance v1.2 (August 2022), as requirements by topic. The guidance has no numbered
 * controls, so the ids ("nsa-<chapter>.<n>") are ours and stay stable: new topics get new numbers, none is reused.
 */
import type { FrameworkDefinition } from './types.js';

const POD = '1. Kubernetes Pod security';
const NET = '2. Network separation and hardening';
const AUTH = '3. Authentication and authorization';
const LOG = '4. Audit logging and threat detection';
const UPG = '5. Upgrading and application security practices';

export const NSA_CISA_1_2: FrameworkDefinition = {
  id: 'nsa-cisa-1.2',
  title: 'NSA/CISA Kubernetes Hardening Guidance v1.2',
  shortName: 'NSA/CISA',
  version: '1.2',
  publisher: 'National Security Agency and Cybersecurity and Infrastructure Security Agency',
  description:
    'Hardening guidance from NSA and CISA (August 2022): pod security, network separation, authentication and ' +
    'authorization, audit logging and threat detection, and upgrade practice.',
  requirements: [
    {
      id: 'nsa-1.1',
      title: 'Use containers built to run applications as non-root users',
      section: POD,
      checks: ['pod-run-as-root'],
    },
    {
      id: 'nsa-1.2',
      title: 'Run containers with immutable (read-only) root file systems',
      section: POD,
      checks: ['pod-writable-root-filesystem'],
    },
    {
      id: 'nsa-1.3',
      title: 'Build secure container images and scan them for vulnerabilities and misconfigurations',
      section: POD,
      checks: [
        'images-latest-tag',
        'images-allowed-registries',
        'images-deprecated-registry',
        'aws-ecr-image-scanning',
        'aws-running-image-vulnerabilities',
      ],
      manualGuidance:
        'Show image scanning (ECR basic or enhanced scanning, or a third-party scanner in CI and at admission) and ' +
        'that running images have no fixable critical or high findings.',
    },
    {
      id: 'nsa-1.4',
      title: 'Use pod security enforcement to prevent privileged containers and privilege escalation',
      section: POD,
      checks: ['pod-privileged-container', 'pod-allow-privilege-escalation'],
    },
    {
      id: 'nsa-1.5',
      title: 'Do not share the host process, IPC or network namespaces with containers',
      section: POD,
      checks: ['pod-host-pid', 'pod-host-ipc', 'pod-host-network'],
    },
    {
      id: 'nsa-1.6',
      title: 'Drop unneeded Linux capabilities and add none that grant host access',
      section: POD,
      checks: ['pod-insecure-capabilities', 'pod-capabilities-not-dropped'],
    },
    {
      id: 'nsa-1.7',
      title: 'Harden container environments with seccomp, AppArmor or SELinux',
      section: POD,
      checks: ['pod-seccomp-profile'],
    },
    {
      id: 'nsa-1.8',
      title: 'Avoid hostPath volumes',
      section: POD,
      checks: ['pod-host-path-volume'],
    },
    {
      id: 'nsa-1.9',
      title: 'Protect service account tokens: mount them only where the API is needed',
      section: POD,
      checks: ['rbac-token-automount', 'rbac-default-sa-automount'],
      manualGuidance:
        'Default ServiceAccounts set automountServiceAccountToken: false, and Pods that mount a token are the ones ' +
        'that call the Kubernetes API.',
    },
    {
      id: 'nsa-2.1',
      title: 'Use namespaces to separate resources and teams',
      section: NET,
      checks: ['namespaces-in-use', 'namespaces-default-unused'],
      manualGuidance:
        'Applications and teams have their own namespaces, nothing runs in `default`, and RBAC is scoped per namespace.',
    },
    {
      id: 'nsa-2.2',
      title: 'Use network policies to restrict pod traffic (default deny)',
      section: NET,
      checks: ['network-namespace-network-policy', 'network-default-deny', 'network-cni-network-policy-support'],
      manualGuidance:
        'The CNI enforces NetworkPolicies, and every non-system namespace has a default-deny policy for ingress and ' +
        'egress plus explicit allows.',
    },
    {
      id: 'nsa-2.3',
      title: 'Set CPU and memory requests and limits for containers',
      section: NET,
      checks: ['pod-cpu-requests', 'pod-memory-requests', 'pod-cpu-limits', 'pod-memory-limits'],
    },
    {
      id: 'nsa-2.4',
      title: 'Use LimitRange and ResourceQuota policies in each namespace',
      section: NET,
      checks: ['namespaces-limitrange', 'namespaces-resourcequota'],
      manualGuidance: 'Each non-system namespace has a LimitRange and a ResourceQuota.',
    },
    {
      id: 'nsa-2.5',
      title: 'Restrict access to the control plane endpoint',
      section: NET,
      checks: ['aws-endpoint-access-restricted', 'aws-endpoint-private-only'],
      manualGuidance:
        'eks:DescribeCluster → resourcesVpcConfig: private endpoint on, and the public endpoint off or limited to ' +
        'known CIDRs (not 0.0.0.0/0).',
    },
    {
      id: 'nsa-2.6',
      title: 'Separate worker nodes from public networks',
      section: NET,
      checks: ['aws-private-nodes', 'network-nodeport-services', 'network-lb-source-ranges'],
      manualGuidance:
        'Nodes have no public IPs, sit in private subnets, and their security groups admit no 0.0.0.0/0 ingress.',
    },
    {
      id: 'nsa-2.7',
      title: 'Protect the kubelet: no anonymous access, webhook authorization and client certificate authentication',
      section: NET,
      checks: [
        'kubelet-anonymous-auth-disabled',
        'kubelet-authorization-webhook',
        'kubelet-client-ca-file',
        'kubelet-read-only-port-disabled',
      ],
      manualGuidance:
        'Kubelet configz per node group: authentication.anonymous.enabled false, authorization.mode Webhook, ' +
        'authentication.x509.clientCAFile set, readOnlyPort 0.',
    },
    {
      id: 'nsa-2.8',
      title: 'Encrypt Secrets at rest with a customer-managed KMS key',
      section: NET,
      checks: ['aws-secrets-kms-encryption'],
      manualGuidance:
        'eks:DescribeCluster → encryptionConfig includes secrets with a customer-managed, enabled KMS key.',
    },
    {
      id: 'nsa-2.9',
      title: 'Encrypt traffic in transit with TLS',
      section: NET,
      checks: ['network-ingress-tls', 'network-load-balancer-tls', 'kubelet-rotate-certificates'],
      manualGuidance:
        'Ingresses and LoadBalancer Services terminate TLS with current certificates and policies; in-cluster ' +
        'traffic carrying sensitive data uses TLS or a service mesh with mTLS.',
    },
    {
      id: 'nsa-2.10',
      title: 'Limit workload access to cloud credentials and instance metadata',
      section: NET,
      checks: ['aws-node-imdsv2'],
      manualGuidance:
        'Workloads use IRSA or EKS Pod Identity, and nodes require IMDSv2 with a hop limit of 1 so pods cannot use ' +
        'the node role.',
    },
    {
      id: 'nsa-3.1',
      title: 'Disable anonymous access to the Kubernetes API',
      section: AUTH,
      checks: [],
      manualGuidance:
        'No RoleBinding or ClusterRoleBinding grants anything to system:anonymous or system:unauthenticated beyond ' +
        'the built-in discovery and public-info roles.',
    },
    {
      id: 'nsa-3.2',
      title: 'Authenticate users through a strong identity provider (IAM, OIDC), not static credentials',
      section: AUTH,
      checks: ['aws-authentication-mode-api', 'rbac-aws-auth-system-masters', 'aws-cluster-access-principals'],
      manualGuidance:
        'The authentication mode uses access entries (API or API_AND_CONFIG_MAP); people reach the cluster through ' +
        'IAM or an OIDC identity provider; no long-lived ServiceAccount token Secrets are handed to people.',
    },
    {
      id: 'nsa-3.3',
      title: 'Apply least privilege with RBAC: limited cluster-admin, no wildcards, no escalation paths',
      section: AUTH,
      checks: [
        'rbac-cluster-admin-bindings',
        'rbac-wildcards',
        'rbac-bind-escalate-impersonate',
        'rbac-create-pods',
        'rbac-nodes-proxy',
        'rbac-webhook-config-write',
        'aws-access-entry-cluster-admin',
      ],
      manualGuidance:
        'Review cluster-admin bindings and admin access policies, wildcard rules, bind/escalate/impersonate, pod ' +
        'creation and nodes/proxy grants; each non-system subject needs a recorded reason.',
    },
    {
      id: 'nsa-3.4',
      title: 'Restrict access to Secrets',
      section: AUTH,
      checks: [
        'rbac-secrets-access',
        'secrets-env-secret-refs',
        'secrets-env-credential-literals',
        'secrets-configmap-credentials',
      ],
      manualGuidance: 'Only the subjects that need it can get, list or watch Secrets.',
    },
    {
      id: 'nsa-4.1',
      title: 'Enable Kubernetes API audit logging',
      section: LOG,
      checks: ['aws-audit-logging-enabled'],
      manualGuidance: 'eks:DescribeCluster → logging: the audit log type (ideally all five types) is enabled.',
    },
    {
      id: 'nsa-4.2',
      title: 'Retain logs and forward them to a central store or SIEM',
      section: LOG,
      checks: ['aws-control-plane-log-retention', 'aws-control-plane-logging-all-types'],
      manualGuidance:
        'The EKS log group has a retention period and encryption, and is forwarded to a SIEM or monitored by ' +
        'GuardDuty EKS Audit Log Monitoring.',
    },
    {
      id: 'nsa-4.3',
      title: 'Detect and alert on threats at runtime',
      section: LOG,
      checks: ['aws-guardduty-eks-audit-logs', 'aws-guardduty-eks-runtime-monitoring'],
      manualGuidance:
        'Runtime threat detection (e.g. GuardDuty EKS Runtime Monitoring) is enabled and its findings reach someone ' +
        'who acts on them.',
    },
    {
      id: 'nsa-5.1',
      title: 'Run a supported Kubernetes version and apply updates promptly',
      section: UPG,
      checks: [
        'aws-version-supported',
        'aws-version-standard-support',
        'aws-node-kubelet-version-skew',
        'aws-addon-version-skew',
      ],
      manualGuidance:
        'The cluster version is in EKS standard support (eks:DescribeClusterVersions), nodes are within the ' +
        'supported version skew, and node AMIs and add-ons are on current releases.',
    },
    {
      id: 'nsa-5.2',
      title: 'Review configuration and run vulnerability scans and penetration tests periodically',
      section: UPG,
      checks: [],
      manualGuidance:
        'Show the schedule and the latest results of configuration reviews (such as this report), vulnerability ' +
        'scans and penetration tests, and how findings were followed up.',
    },
    {
      id: 'nsa-5.3',
      title: 'Remove unused components and stale resources',
      section: UPG,
      checks: ['secrets-unused-secrets', 'secrets-unused-configmaps'],
      manualGuidance:
        'Unused Secrets, ConfigMaps, ServiceAccounts, bindings and workloads scaled to zero are reviewed and removed.',
    },
  ],
};
