import { showWhole, text } from '../../model/untrusted.js';
import { notAssessed, outcome } from '../outcome.js';
import type { CheckDefinition, Finding } from '../types.js';

/**
 * CIS EKS 4.1.1, the EKS-only half: IAM principals mapped to `system:masters` in kube-system/aws-auth are cluster
 * administrators, yet no RoleBinding shows them (the built-in `cluster-admin` binding is to the group).
 */
export const rbacAwsAuthSystemMasters: CheckDefinition = {
  id: 'rbac-aws-auth-system-masters',
  title: 'No IAM principal is mapped to system:masters in aws-auth',
  severity: 'high',
  family: 'rbac',
  rationale:
    'system:masters bypasses RBAC entirely and cannot be limited by any Role. An IAM role or user mapped to it in ' +
    'aws-auth is a cluster administrator that no RBAC review will find, and that cannot be revoked by editing RBAC.',
  remediation:
    'Map the principal to a custom group bound to a narrower ClusterRole, or move it to an EKS access entry ' +
    '(`aws eks create-access-entry` + `associate-access-policy`) and remove the mapRoles/mapUsers entry from ' +
    '`kubectl -n kube-system edit configmap aws-auth`.',
  references: { kubescape: ['C-0185'] },
  inputs: [{ kind: 'aws-auth' }],
  evaluate(snapshot) {
    const awsAuth = snapshot.kubernetes.awsAuth;
    if (awsAuth?.status !== 'collected') {
      return notAssessed(awsAuth?.status === 'not-collected' ? awsAuth.reason : 'the aws-auth ConfigMap was not read');
    }
    const failing: Finding[] = awsAuth.items
      .filter((m) => Array.isArray(m.groups) && m.groups.includes('system:masters'))
      .map((m) => ({
        kind: 'ConfigMap',
        namespace: 'kube-system',
        name: 'aws-auth',
        message: `IAM ${m.type} ${m.arn}${m.username ? ` (username ${m.username})` : ''} is mapped to group system:masters`,
        path: m.type === 'role' ? 'data.mapRoles' : 'data.mapUsers',
      }));
    return outcome({
      evaluated: awsAuth.items.map((m) => ({
        kind: m.type === 'user' ? 'IamUser' : 'IamRole',
        namespace: null,
        name: text(m.arn, 'unknown'),
        observed:
          `aws-auth ${m.type === 'user' ? 'mapUsers' : 'mapRoles'}: username ${showWhole(m.username)}, groups ` +
          `${Array.isArray(m.groups) && m.groups.length > 0 ? m.groups.map((g) => showWhole(g)).join(', ') : 'none'}`,
      })),
      failing,
      ifNoneEvaluated: 'aws-auth maps no IAM principals',
    });
  },
};
