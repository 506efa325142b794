import type { CheckDefinition } from '../types.js';
import { clusterFinding, FAMILY, fact, factInputs, missingFact, verdict } from './shared.js';

/** CIS EKS 4.1.1: the cluster creator's implicit admin, invisible to RBAC and easy to forget. */
export const awsBootstrapClusterCreatorAdmin: CheckDefinition = {
  id: 'aws-bootstrap-cluster-creator-admin',
  title: 'The cluster creator was not given implicit cluster-admin',
  severity: 'medium',
  family: FAMILY,
  rationale:
    'With bootstrapClusterCreatorAdminPermissions the IAM identity that created the cluster (often a CI role or a ' +
    "person's SSO role) is cluster-admin through an access entry nobody asked for. Admin access should be granted " +
    'explicitly, to principals chosen for it.',
  remediation:
    'Create clusters with `accessConfig.bootstrapClusterCreatorAdminPermissions: false` and grant admins explicit ' +
    "access entries. On an existing cluster, delete the creator's access entry if it is not needed: " +
    '`aws eks delete-access-entry --cluster-name CLUSTER --principal-arn CREATOR_ARN`.',
  references: {},
  inputs: factInputs('cluster'),
  evaluate(snapshot) {
    const cluster = fact(snapshot, 'cluster');
    if (!cluster) return missingFact('cluster');
    const failing =
      cluster.accessConfig?.bootstrapClusterCreatorAdminPermissions === true
        ? [
            clusterFinding(
              snapshot,
              'bootstrapClusterCreatorAdminPermissions is true: the creator is cluster-admin through an access entry',
              'accessConfig.bootstrapClusterCreatorAdminPermissions',
            ),
          ]
        : [];
    return verdict(failing, 1);
  },
};
