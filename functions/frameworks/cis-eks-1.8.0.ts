/**
 * CIS Amazon EKS Benchmark v1.8.0: all 50 recommendations, mapped to check ids.
 *
 * Ids, titles and the Automated/Manual column follow /work/shared/reference/cis-eks-1.8.0.md (titles as the benchmark
 * words them). Every recommendation is Level 1 in v1.8.0. One object literal per requirement with a plain `checks`
 * array, so adding a check to a requirement is a one-line edit.
 */
import type { FrameworkDefinition } from './types.js';

const S21 = '2.1 Logging';
const S31 = '3.1 Worker Node Configuration Files';
const S32 = '3.2 Kubelet';
const S41 = '4.1 RBAC and Service Accounts';
const S42 = '4.2 Pod Security Standards';
const S43 = '4.3 CNI Plugin';
const S44 = '4.4 Secrets Management';
const S45 = '4.5 General Policies';
const S51 = '5.1 Image Registry and Image Scanning';
const S52 = '5.2 Identity and Access Management (IAM)';
const S53 = '5.3 AWS EKS Key Management Service';
const S54 = '5.4 Cluster Networking';
const S55 = '5.5 Authentication and Authorization';

const NODE_FILES =
  'node file permissions cannot be read through the Kubernetes or AWS APIs; they need a shell on each node ' +
  '(SSM Run Command or a privileged Job), which this agentless reporter does not use.';
const NODE_FILES_GUIDANCE =
  'On a sample node of each node group run `stat -c "%a %U:%G" <file>` (via SSM Session Manager or Run Command) and ' +
  'keep the output as evidence. Stock EKS-optimized and Bottlerocket AMIs pass by default; the node group AMI type ' +
  'and release version (eks:DescribeNodegroup) show whether a stock AMI is used.';
const KUBELET_GUIDANCE =
  'Read the effective kubelet configuration of one node per node group: `kubectl get --raw ' +
  '/api/v1/nodes/<node>/proxy/configz` and look under `kubeletconfig` for';

export const CIS_EKS_1_8_0: FrameworkDefinition = {
  id: 'cis-eks-1.8.0',
  title: 'CIS Amazon EKS Benchmark v1.8.0',
  shortName: 'CIS',
  version: '1.8.0',
  publisher: 'Center for Internet Security',
  description:
    'Security configuration recommendations for Amazon EKS: control plane logging, worker nodes, Kubernetes ' +
    'policies and the AWS managed services around the cluster. Section 1 (control plane components) is managed by ' +
    'AWS and has no recommendations.',
  requirements: [
    {
      id: '2.1.1',
      title: 'Enable audit Logs',
      section: S21,
      benchmarkAssessment: 'automated',
      level: 1,
      checks: ['aws-audit-logging-enabled', 'aws-control-plane-logging-all-types'],
      manualGuidance:
        'eks:DescribeCluster → cluster.logging.clusterLogging[]: all five log types (api, audit, authenticator, ' +
        'controllerManager, scheduler) must be in entries with enabled: true, as the CIS audit, Kubescape C-0067 and ' +
        'Prowler require. Evidence: the DescribeCluster output or the Logging tab of the cluster in the EKS console.',
    },
    {
      id: '2.1.2',
      title: 'Ensure audit logs are collected and managed',
      section: S21,
      benchmarkAssessment: 'manual',
      level: 1,
      checks: ['aws-control-plane-log-retention'],
      manualGuidance:
        'Show that the /aws/eks/<cluster>/cluster log group has a retention period and a KMS key ' +
        '(logs:DescribeLogGroups), that it is forwarded to a SIEM (logs:DescribeSubscriptionFilters) or monitored by ' +
        'GuardDuty EKS Audit Log Monitoring, and that someone reviews the alerts. Evidence: log group settings and the ' +
        'documented review process.',
    },
    {
      id: '3.1.1',
      title: 'Ensure that the kubeconfig file permissions are set to 644 or more restrictive',
      section: S31,
      benchmarkAssessment: 'automated',
      level: 1,
      checks: [],
      notAssessableReason: NODE_FILES,
      evidenceChecks: ['aws-node-ami-family'],
      manualGuidance: `${NODE_FILES_GUIDANCE} File: the kubelet kubeconfig (e.g. /var/lib/kubelet/kubeconfig); expect 644 or stricter.`,
    },
    {
      id: '3.1.2',
      title: 'Ensure that the kubelet kubeconfig file ownership is set to root:root',
      section: S31,
      benchmarkAssessment: 'automated',
      level: 1,
      checks: [],
      notAssessableReason: NODE_FILES,
      evidenceChecks: ['aws-node-ami-family'],
      manualGuidance: `${NODE_FILES_GUIDANCE} File: the kubelet kubeconfig; expect root:root.`,
    },
    {
      id: '3.1.3',
      title: 'Ensure that the kubelet configuration file has permissions set to 644 or more restrictive',
      section: S31,
      benchmarkAssessment: 'automated',
      level: 1,
      checks: [],
      notAssessableReason: NODE_FILES,
      evidenceChecks: ['aws-node-ami-family'],
      manualGuidance: `${NODE_FILES_GUIDANCE} File: the kubelet config (e.g. /etc/kubernetes/kubelet/kubelet-config.json); expect 644 or stricter.`,
    },
    {
      id: '3.1.4',
      title: 'Ensure that the kubelet configuration file ownership is set to root:root',
      section: S31,
      benchmarkAssessment: 'automated',
      level: 1,
      checks: [],
      notAssessableReason: NODE_FILES,
      evidenceChecks: ['aws-node-ami-family'],
      manualGuidance: `${NODE_FILES_GUIDANCE} File: the kubelet config; expect root:root.`,
    },
    {
      id: '3.2.1',
      title: 'Ensure that the Anonymous Auth is Not Enabled',
      section: S32,
      benchmarkAssessment: 'automated',
      level: 1,
      checks: ['kubelet-anonymous-auth-disabled'],
      manualGuidance: `${KUBELET_GUIDANCE} authentication.anonymous.enabled == false.`,
    },
    {
      id: '3.2.2',
      title: 'Ensure that the --authorization-mode argument is not set to AlwaysAllow',
      section: S32,
      benchmarkAssessment: 'automated',
      level: 1,
      checks: ['kubelet-authorization-webhook'],
      manualGuidance: `${KUBELET_GUIDANCE} authorization.mode == "Webhook" (not AlwaysAllow) and authentication.webhook.enabled == true.`,
    },
    {
      id: '3.2.3',
      title: 'Ensure that a Client CA File is Configured',
      section: S32,
      benchmarkAssessment: 'automated',
      level: 1,
      checks: ['kubelet-client-ca-file'],
      manualGuidance: `${KUBELET_GUIDANCE} a non-empty authentication.x509.clientCAFile.`,
    },
    {
      id: '3.2.4',
      title: 'Ensure that the --read-only-port is disabled',
      section: S32,
      benchmarkAssessment: 'automated',
      level: 1,
      checks: ['kubelet-read-only-port-disabled'],
      manualGuidance: `${KUBELET_GUIDANCE} readOnlyPort == 0.`,
    },
    {
      id: '3.2.5',
      title: 'Ensure that the --streaming-connection-idle-timeout argument is not set to 0',
      section: S32,
      benchmarkAssessment: 'automated',
      level: 1,
      checks: ['kubelet-streaming-idle-timeout'],
      manualGuidance: `${KUBELET_GUIDANCE} streamingConnectionIdleTimeout absent or not "0s" (usually "4h0m0s").`,
    },
    {
      id: '3.2.6',
      title: 'Ensure that the --make-iptables-util-chains argument is set to true',
      section: S32,
      benchmarkAssessment: 'automated',
      level: 1,
      checks: ['kubelet-iptables-util-chains'],
      manualGuidance: `${KUBELET_GUIDANCE} makeIPTablesUtilChains absent or true.`,
    },
    {
      id: '3.2.7',
      title: 'Ensure that the --eventRecordQPS argument is set to 0 or a level which ensures appropriate event capture',
      section: S32,
      benchmarkAssessment: 'automated',
      level: 1,
      checks: ['kubelet-event-record-qps'],
      manualGuidance: `${KUBELET_GUIDANCE} eventRecordQPS, and compare it with the organisation's event-capture policy.`,
    },
    {
      id: '3.2.8',
      title: 'Ensure that the --rotate-certificates argument is not present or is set to true',
      section: S32,
      benchmarkAssessment: 'automated',
      level: 1,
      checks: ['kubelet-rotate-certificates'],
      manualGuidance: `${KUBELET_GUIDANCE} rotateCertificates == true (configz omits the key when it is false, so an absent key is false).`,
    },
    {
      id: '3.2.9',
      title: 'Ensure that the RotateKubeletServerCertificate argument is set to true',
      section: S32,
      benchmarkAssessment: 'automated',
      level: 1,
      checks: ['kubelet-rotate-server-certificates'],
      manualGuidance: `${KUBELET_GUIDANCE} featureGates.RotateKubeletServerCertificate absent or true, and serverTLSBootstrap == true.`,
    },
    {
      id: '4.1.1',
      title: 'Ensure that the cluster-admin role is only used where required',
      section: S41,
      benchmarkAssessment: 'manual',
      level: 1,
      checks: [
        'rbac-cluster-admin-bindings',
        'rbac-aws-auth-system-masters',
        'aws-access-entry-cluster-admin',
        'aws-bootstrap-cluster-creator-admin',
      ],
      manualGuidance:
        'List ClusterRoleBindings to cluster-admin (ignore the built-in system:masters binding), access entries with ' +
        'AmazonEKSClusterAdminPolicy (eks:ListAccessEntries, eks:ListAssociatedAccessPolicies), aws-auth mappings to ' +
        'system:masters, and whether the cluster creator still holds the admin access entry that ' +
        'accessConfig.bootstrapClusterCreatorAdminPermissions gave it (the flag is immutable; the CloudTrail ' +
        'CreateCluster event names the creator). Each subject needs a documented reason.',
    },
    {
      id: '4.1.2',
      title: 'Minimize access to secrets',
      section: S41,
      benchmarkAssessment: 'manual',
      level: 1,
      checks: ['rbac-secrets-access'],
      manualGuidance:
        'Find Roles and ClusterRoles granting get, list or watch (or *) on secrets, join them to their bindings, and ' +
        'confirm each non-system subject needs to read Secrets.',
    },
    {
      id: '4.1.3',
      title: 'Minimize wildcard use in Roles and ClusterRoles',
      section: S41,
      benchmarkAssessment: 'manual',
      level: 1,
      checks: ['rbac-wildcards'],
      manualGuidance:
        'Find rules with "*" in verbs, resources or apiGroups outside the cluster-admin, system:* and eks:* roles, and ' +
        'replace them with explicit lists or record why they are needed.',
    },
    {
      id: '4.1.4',
      title: 'Minimize access to create pods',
      section: S41,
      benchmarkAssessment: 'manual',
      level: 1,
      checks: ['rbac-create-pods'],
      manualGuidance:
        'Find rules granting create on pods (or on workload kinds, or *), join them to their subjects, and confirm ' +
        'each non-system subject needs it (deployment pipelines, controllers).',
    },
    {
      id: '4.1.5',
      title: 'Ensure that default service accounts are not actively used',
      section: S41,
      benchmarkAssessment: 'manual',
      level: 1,
      checks: ['rbac-default-sa-automount', 'rbac-default-sa-bindings', 'rbac-default-sa-workloads'],
      manualGuidance:
        'In every namespace the `default` ServiceAccount should set automountServiceAccountToken: false, no binding ' +
        'should name it, and no Pod should run as it (spec.serviceAccountName unset or "default").',
    },
    {
      id: '4.1.6',
      title: 'Ensure that Service Account Tokens are only mounted where necessary',
      section: S41,
      benchmarkAssessment: 'manual',
      level: 1,
      checks: ['rbac-token-automount'],
      manualGuidance:
        'List Pods whose effective automountServiceAccountToken is true (Pod field, else ServiceAccount field, else ' +
        'true) and confirm each one calls the Kubernetes API.',
    },
    {
      id: '4.1.7',
      title:
        'Cluster Access Manager API to streamline and enhance the management of access controls within EKS clusters',
      section: S41,
      benchmarkAssessment: 'automated',
      level: 1,
      checks: ['aws-authentication-mode-api'],
      manualGuidance:
        'eks:DescribeCluster → cluster.accessConfig.authenticationMode must be API or API_AND_CONFIG_MAP (not ' +
        'CONFIG_MAP). Evidence: the DescribeCluster output or the Access tab in the EKS console.',
    },
    {
      id: '4.1.8',
      title: 'Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster',
      section: S41,
      benchmarkAssessment: 'manual',
      level: 1,
      checks: ['rbac-bind-escalate-impersonate'],
      manualGuidance:
        'Find rules granting bind or escalate on roles/clusterroles, or impersonate on users, groups, ' +
        'serviceaccounts or uids (including "*"), and confirm each non-system subject needs it.',
    },
    {
      id: '4.1.9',
      title: 'Minimize access to create PersistentVolume objects',
      section: S41,
      benchmarkAssessment: 'manual',
      level: 1,
      checks: ['rbac-create-persistentvolumes'],
      manualGuidance:
        'Find rules granting create (or *) on persistentvolumes: a PersistentVolume can point at a hostPath. Only ' +
        'storage administrators and provisioners should hold it.',
    },
    {
      id: '4.1.10',
      title: 'Minimize access to the proxy sub-resource of Node objects',
      section: S41,
      benchmarkAssessment: 'manual',
      level: 1,
      checks: ['rbac-nodes-proxy'],
      manualGuidance:
        'Find rules granting any verb on nodes/proxy (or nodes/*, *). Even get reaches the kubelet API, including ' +
        'exec, so only monitoring agents that need it should hold it (including this reporter if configz is enabled).',
    },
    {
      id: '4.1.11',
      title: 'Minimize access to webhook configuration objects',
      section: S41,
      benchmarkAssessment: 'manual',
      level: 1,
      checks: ['rbac-webhook-config-write'],
      manualGuidance:
        'Find rules granting create, update, patch or delete on validatingwebhookconfigurations or ' +
        'mutatingwebhookconfigurations (admissionregistration.k8s.io) and confirm each subject is a trusted admin ' +
        'or the controller that owns the webhook.',
    },
    {
      id: '4.1.12',
      title: 'Minimize access to the service account token creation',
      section: S41,
      benchmarkAssessment: 'manual',
      level: 1,
      checks: ['rbac-serviceaccount-token-create'],
      manualGuidance:
        'Find rules granting create on serviceaccounts/token and confirm each subject needs to mint tokens.',
    },
    {
      id: '4.2.1',
      title: 'Minimize the admission of privileged containers',
      section: S42,
      benchmarkAssessment: 'manual',
      level: 1,
      checks: ['pod-privileged-container', 'namespaces-admission-privileged'],
    },
    {
      id: '4.2.2',
      title: 'Minimize the admission of containers wishing to share the host process ID namespace',
      section: S42,
      benchmarkAssessment: 'manual',
      level: 1,
      checks: ['pod-host-pid', 'namespaces-admission-host-pid'],
    },
    {
      id: '4.2.3',
      title: 'Minimize the admission of containers wishing to share the host IPC namespace',
      section: S42,
      benchmarkAssessment: 'manual',
      level: 1,
      checks: ['pod-host-ipc', 'namespaces-admission-host-ipc'],
    },
    {
      id: '4.2.4',
      title: 'Minimize the admission of containers wishing to share the host network namespace',
      section: S42,
      benchmarkAssessment: 'manual',
      level: 1,
      checks: ['pod-host-network', 'namespaces-admission-host-network'],
    },
    {
      id: '4.2.5',
      title: 'Minimize the admission of containers with allowPrivilegeEscalation',
      section: S42,
      benchmarkAssessment: 'manual',
      level: 1,
      checks: ['pod-allow-privilege-escalation', 'namespaces-admission-privilege-escalation'],
    },
    {
      id: '4.3.1',
      title: 'Ensure CNI plugin supports network policies',
      section: S43,
      benchmarkAssessment: 'manual',
      level: 1,
      checks: ['network-cni-network-policy-support'],
      manualGuidance:
        'Show that NetworkPolicies are enforced: the vpc-cni add-on configuration has enableNetworkPolicy "true" ' +
        '(eks:DescribeAddon), or the aws-network-policy-agent runs in the aws-node DaemonSet, or Calico or Cilium is ' +
        'installed.',
    },
    {
      id: '4.3.2',
      title: 'Ensure that all Namespaces have Network Policies defined',
      section: S43,
      benchmarkAssessment: 'manual',
      level: 1,
      checks: ['network-namespace-network-policy'],
      manualGuidance:
        'Every non-system namespace should have at least one NetworkPolicy (ideally a default deny with ' +
        'podSelector: {}), or a Calico/Cilium policy selecting it.',
    },
    {
      id: '4.4.1',
      title: 'Prefer using secrets as files over secrets as environment variables',
      section: S44,
      benchmarkAssessment: 'automated',
      level: 1,
      checks: ['secrets-env-secret-refs'],
      manualGuidance:
        'Search Pods and workload templates for env[].valueFrom.secretKeyRef and envFrom[].secretRef in all ' +
        'container lists; each should become a mounted Secret volume.',
    },
    {
      id: '4.4.2',
      title: 'Consider external secret storage',
      section: S44,
      benchmarkAssessment: 'manual',
      level: 1,
      checks: ['secrets-external-store'],
      manualGuidance:
        'Look for the Secrets Store CSI driver (CSIDriver secrets-store.csi.k8s.io, SecretProviderClass objects) or ' +
        'External Secrets Operator (ExternalSecret, SecretStore), and a documented decision on where secrets live.',
    },
    {
      id: '4.5.1',
      title: 'Create administrative boundaries between resources using namespaces',
      section: S45,
      benchmarkAssessment: 'manual',
      level: 1,
      checks: ['namespaces-in-use'],
      manualGuidance:
        'Review the namespace list against teams and applications: each should have its own namespace, with RBAC ' +
        'bindings scoped to it.',
    },
    {
      id: '4.5.2',
      title: 'The default namespace should not be used',
      section: S45,
      benchmarkAssessment: 'automated',
      level: 1,
      checks: ['namespaces-default-unused'],
      manualGuidance:
        'List namespaced objects in `default`; only the system ones (Service/Endpoints `kubernetes`, ConfigMap ' +
        'kube-root-ca.crt, ServiceAccount default, Events) should exist.',
    },
    {
      id: '5.1.1',
      title: 'Ensure Image Vulnerability Scanning using Amazon ECR image scanning or a third party provider',
      section: S51,
      benchmarkAssessment: 'automated',
      level: 1,
      checks: ['aws-ecr-image-scanning'],
      manualGuidance:
        'ecr:GetRegistryScanningConfiguration (scan type and rules) or scanOnPush on each repository used by the ' +
        'cluster; with enhanced scanning, Inspector must be enabled for ECR. A third-party scanner needs its ' +
        'configuration and recent scan results as evidence.',
    },
    {
      id: '5.1.2',
      title: 'Minimize user access to Amazon ECR',
      section: S51,
      benchmarkAssessment: 'manual',
      level: 1,
      checks: [],
      manualGuidance:
        'List IAM principals with ECR write actions (PutImage, layer uploads, BatchDeleteImage, DeleteRepository, ' +
        'SetRepositoryPolicy, ecr:*) and repository policies open to "*" or foreign accounts; confirm each is needed.',
      evidenceChecks: ['aws-node-role-ecr-read-only'],
    },
    {
      id: '5.1.3',
      title: 'Minimize cluster access to read-only for Amazon ECR',
      section: S51,
      benchmarkAssessment: 'manual',
      level: 1,
      checks: ['aws-node-role-ecr-read-only'],
      manualGuidance:
        'The node IAM roles (node groups, Karpenter, self-managed) should carry AmazonEC2ContainerRegistryReadOnly ' +
        '(or the pull-only policy) and no ECR write actions. Evidence: the attached and inline role policies.',
    },
    {
      id: '5.1.4',
      title: 'Minimize Container Registries to only those approved',
      section: S51,
      benchmarkAssessment: 'manual',
      level: 1,
      checks: ['images-allowed-registries'],
      manualGuidance:
        'Compare the registry hosts of all running images with the approved list, and show the admission policy ' +
        '(Kyverno, Gatekeeper or ValidatingAdmissionPolicy) that rejects other registries.',
    },
    {
      id: '5.2.1',
      title: 'Prefer using dedicated Amazon EKS Service Accounts',
      section: S52,
      benchmarkAssessment: 'automated',
      level: 1,
      checks: ['rbac-default-sa-automount', 'rbac-default-sa-bindings'],
      manualGuidance:
        'The CIS audit: in every namespace the `default` ServiceAccount has no Role or ClusterRole bound to it beyond ' +
        'the defaults, and sets automountServiceAccountToken: false. Beyond the audit, workloads calling AWS should use ' +
        'IRSA (ServiceAccount annotation eks.amazonaws.com/role-arn) or EKS Pod Identity ' +
        '(eks:ListPodIdentityAssociations), and nodes should require IMDSv2 with a hop limit of 1 (judged under the ' +
        'NSA and risk-area mappings, not here).',
    },
    {
      id: '5.3.1',
      title: 'Ensure Kubernetes Secrets are encrypted using Customer Master Keys (CMKs) managed in AWS KMS',
      section: S53,
      benchmarkAssessment: 'manual',
      level: 1,
      checks: ['aws-secrets-kms-encryption'],
      manualGuidance:
        'eks:DescribeCluster → cluster.encryptionConfig[] must include resources ["secrets"] with a provider.keyArn ' +
        'of a customer-managed, enabled KMS key (kms:DescribeKey).',
    },
    {
      id: '5.4.1',
      title: 'Restrict Access to the Control Plane Endpoint',
      section: S54,
      benchmarkAssessment: 'automated',
      level: 1,
      checks: ['aws-endpoint-access-restricted'],
      manualGuidance:
        'eks:DescribeCluster → resourcesVpcConfig: endpointPrivateAccess true, and either endpointPublicAccess false ' +
        'or publicAccessCidrs without 0.0.0.0/0.',
    },
    {
      id: '5.4.2',
      title: 'Ensure clusters are created with Private Endpoint Enabled and Public Access Disabled',
      section: S54,
      benchmarkAssessment: 'automated',
      level: 1,
      checks: ['aws-endpoint-private-only'],
      manualGuidance:
        'eks:DescribeCluster → resourcesVpcConfig.endpointPrivateAccess true and endpointPublicAccess false.',
    },
    {
      id: '5.4.3',
      title: 'Ensure clusters are created with Private Nodes',
      section: S54,
      benchmarkAssessment: 'automated',
      level: 1,
      checks: ['aws-private-nodes'],
      manualGuidance:
        'No node has an ExternalIP address (Node.status.addresses) or a public IP (ec2:DescribeInstances), and node ' +
        'subnets do not map public IPs on launch or route 0.0.0.0/0 to an internet gateway.',
    },
    {
      id: '5.4.4',
      title: 'Ensure AmazonEKSNetworkingPolicy is Enabled and set as appropriate',
      section: S54,
      benchmarkAssessment: 'automated',
      level: 1,
      checks: ['aws-vpc-cni-network-policy'],
      manualGuidance:
        'eks:DescribeAddon(vpc-cni) → configurationValues has enableNetworkPolicy "true"; with a self-managed CNI, ' +
        'Calico or Cilium, show that network policy enforcement is running instead.',
    },
    {
      id: '5.4.5',
      title: 'Encrypt traffic to HTTPS load balancers with TLS certificates',
      section: S54,
      benchmarkAssessment: 'manual',
      level: 1,
      checks: ['network-load-balancer-tls'],
      manualGuidance:
        'LoadBalancer Services exposing 443 carry service.beta.kubernetes.io/aws-load-balancer-ssl-cert; ALB ' +
        'Ingresses carry alb.ingress.kubernetes.io/certificate-arn with HTTPS listen-ports; the load balancer ' +
        'listeners (elasticloadbalancing:DescribeListeners) use HTTPS/TLS with a current SSL policy.',
    },
    {
      id: '5.5.1',
      title:
        'Manage Kubernetes RBAC users with AWS IAM Authenticator for Kubernetes or Upgrade to AWS CLI v1.16.156 or greater',
      section: S55,
      benchmarkAssessment: 'manual',
      level: 1,
      checks: [],
      manualGuidance:
        'Show that people reach the cluster through IAM (access entries or aws-auth mappings, `aws eks get-token`) ' +
        'rather than static tokens or client certificates, and that the mapped IAM principals are current.',
      evidenceChecks: ['aws-cluster-access-principals', 'aws-authentication-mode-api'],
    },
  ],
};
