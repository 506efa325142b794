import type { CheckDefinition, Finding, Observation } from '../types.js';
import {
  asArray,
  awsFinding,
  awsSeen,
  FAMILY,
  fact,
  factInputs,
  isRecord,
  missingFact,
  outcome,
  showWhole,
  text,
} from './shared.js';

const ADMIN_POLICIES = new Set(['AmazonEKSClusterAdminPolicy', 'AmazonEKSAdminPolicy']);

function policyName(arn: unknown): string {
  return typeof arn === 'string' ? (arn.split('/').pop() ?? arn) : '';
}

/**
 * CIS EKS 4.1.1, the EKS half RBAC objects do not show: access entries holding an admin access policy for the whole
 * cluster. A namespace-scoped AmazonEKSAdminPolicy is what access entries are for, so it is not reported.
 */
export const awsAccessEntryClusterAdmin: CheckDefinition = {
  id: 'aws-access-entry-cluster-admin',
  title: 'No access entry holds a cluster-wide EKS admin access policy',
  severity: 'high',
  family: FAMILY,
  rationale:
    'AmazonEKSClusterAdminPolicy is cluster-admin and AmazonEKSAdminPolicy is admin across every namespace, granted ' +
    'by IAM rather than by a ClusterRoleBinding, so a review of RBAC objects never sees them. Each such entry is a ' +
    'standing path to full control of the cluster.',
  remediation:
    'Scope the policy to the namespaces the principal needs (`aws eks associate-access-policy --access-scope ' +
    'type=namespace,namespaces=NS`), or remove it: `aws eks disassociate-access-policy --cluster-name CLUSTER ' +
    '--principal-arn ARN --policy-arn arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`. Keep a ' +
    'break-glass role that is assumed only when needed.',
  references: { kubescape: ['C-0185'] },
  inputs: factInputs('accessEntries'),
  evaluate(snapshot) {
    const entries = fact(snapshot, 'accessEntries');
    if (!entries) return missingFact('accessEntries');
    const failing: Finding[] = [];
    const evaluated: Observation[] = [];
    for (const entry of asArray(entries)) {
      if (!isRecord(entry)) {
        evaluated.push(awsSeen('AccessEntry', 'unknown', 'an access entry that is not an object'));
        continue;
      }
      const principal = text(entry.principalArn, 'unknown');
      const policies: string[] = [];
      for (const assoc of asArray(entry.associatedPolicies)) {
        if (!isRecord(assoc)) continue;
        const name = policyName(assoc.policyArn);
        const scope = isRecord(assoc.accessScope) ? assoc.accessScope.type : undefined;
        policies.push(`${name || showWhole(assoc.policyArn)} (${showWhole(scope, 'unset')} scope)`);
        if (ADMIN_POLICIES.has(name) && scope === 'cluster') {
          failing.push(
            awsFinding('AccessEntry', principal, `${name} is associated at cluster scope`, 'associatedPolicies'),
          );
        }
      }
      evaluated.push(
        awsSeen(
          'AccessEntry',
          principal,
          policies.length > 0 ? `associatedPolicies: ${policies.join(', ')}` : 'associatedPolicies: none',
        ),
      );
    }
    return outcome({ evaluated, failing, ifNoneEvaluated: 'the cluster has no access entries' });
  },
};
