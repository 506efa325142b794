/** The AWS-side family: cluster settings, IAM, ECR, GuardDuty, EC2 networking and version support. */
import type { CheckDefinition } from '../types.js';
import { awsAccessEntryClusterAdmin } from './aws-access-entry-cluster-admin.js';
import { awsAddonVersionSkew } from './aws-addon-version-skew.js';
import { awsAuditLoggingEnabled } from './aws-audit-logging-enabled.js';
import { awsAuthenticationModeApi } from './aws-authentication-mode-api.js';
import { awsBootstrapClusterCreatorAdmin } from './aws-bootstrap-cluster-creator-admin.js';
import { awsClusterAccessPrincipals } from './aws-cluster-access-principals.js';
import { awsControlPlaneLogRetention } from './aws-control-plane-log-retention.js';
import { awsControlPlaneLoggingAllTypes } from './aws-control-plane-logging-all-types.js';
import { awsEcrImageScanning } from './aws-ecr-image-scanning.js';
import { awsEndpointAccessRestricted } from './aws-endpoint-access-restricted.js';
import { awsEndpointPrivateOnly } from './aws-endpoint-private-only.js';
import { awsGuardDutyEksAuditLogs } from './aws-guardduty-eks-audit-logs.js';
import { awsGuardDutyEksRuntimeMonitoring } from './aws-guardduty-eks-runtime-monitoring.js';
import { awsInspectorEcrEnabled } from './aws-inspector-ecr-enabled.js';
import { awsNodeAmiFamily } from './aws-node-ami-family.js';
import { awsNodeImdsv2 } from './aws-node-imdsv2.js';
import { awsNodeKubeletVersionSkew } from './aws-node-kubelet-version-skew.js';
import { awsNodeRoleEcrReadOnly } from './aws-node-role-ecr-read-only.js';
import { awsPrivateNodes } from './aws-private-nodes.js';
import { awsRunningImageVulnerabilities } from './aws-running-image-vulnerabilities.js';
import { awsSecretsKmsEncryption } from './aws-secrets-kms-encryption.js';
import { awsVersionStandardSupport } from './aws-version-standard-support.js';
import { awsVersionSupported } from './aws-version-supported.js';
import { awsVpcCniNetworkPolicy } from './aws-vpc-cni-network-policy.js';

export const awsChecks: CheckDefinition[] = [
  awsAuditLoggingEnabled,
  awsControlPlaneLoggingAllTypes,
  awsControlPlaneLogRetention,
  awsGuardDutyEksAuditLogs,
  awsAccessEntryClusterAdmin,
  awsBootstrapClusterCreatorAdmin,
  awsAuthenticationModeApi,
  awsEcrImageScanning,
  awsInspectorEcrEnabled,
  awsNodeRoleEcrReadOnly,
  awsNodeImdsv2,
  awsSecretsKmsEncryption,
  awsEndpointAccessRestricted,
  awsEndpointPrivateOnly,
  awsPrivateNodes,
  awsVpcCniNetworkPolicy,
  awsVersionSupported,
  awsVersionStandardSupport,
  awsRunningImageVulnerabilities,
  awsGuardDutyEksRuntimeMonitoring,
  awsNodeKubeletVersionSkew,
  awsAddonVersionSkew,
  awsNodeAmiFamily,
  awsClusterAccessPrincipals,
];
