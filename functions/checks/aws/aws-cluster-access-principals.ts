import type { CheckDefinition, Finding } from '../types.js';
import { asArray, awsSeen, FAMILY, fact, isRecord, outcome, show, showWhole } from './shared.js';

const USER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:user\//;

/**
 * Evidence for CIS EKS 5.5.1 (people reach the cluster through IAM): the IAM principals that have cluster access,
 * from access entries and the aws-auth mappings. IAM users fail: their access keys are long-lived credentials,
 * where roles assumed through SSO or federation expire.
 */
export const awsClusterAccessPrincipals: CheckDefinition = {
  id: 'aws-cluster-access-principals',
  title: 'Cluster access is granted to IAM roles, not IAM users',
  severity: 'info',
  family: FAMILY,
  rationale:
    'On EKS people authenticate with IAM (`aws eks get-token`) and are mapped to Kubernetes by access entries or ' +
    'the aws-auth ConfigMap. The list of mapped principals is what an auditor reviews for 5.5.1; an IAM user in it ' +
    'means long-lived access keys that can reach the cluster, which roles assumed through IAM Identity Center avoid.',
  remediation:
    'Replace each IAM user mapping with a role the person assumes (IAM Identity Center permission set or a ' +
    'federated role): `aws eks create-access-entry --principal-arn ROLE_ARN` plus `associate-access-policy`, then ' +
    '`aws eks delete-access-entry --principal-arn USER_ARN` or remove the mapUsers entry from aws-auth.',
  references: {},
  inputs: [{ kind: 'aws', fact: 'accessEntries' }, { kind: 'aws-auth' }],
  evaluate(snapshot) {
    const entries = asArray(fact(snapshot, 'accessEntries'));
    const awsAuth = snapshot.kubernetes.awsAuth;
    const mappings = awsAuth?.status === 'collected' ? awsAuth.items : [];
    const failing: Finding[] = [];
    const roles = new Set<string>();
    const users = new Set<string>();
    /** ARN → where it is mapped. */
    const via = new Map<string, string[]>();
    const mapped = (arn: string, where: string) => via.set(arn, [...(via.get(arn) ?? []), where]);
    for (const entry of entries) {
      if (!isRecord(entry) || typeof entry.principalArn !== 'string') continue;
      const arn = entry.principalArn;
      mapped(arn, 'access entry');
      if (!USER_ARN.test(arn)) {
        roles.add(arn);
        continue;
      }
      users.add(arn);
      failing.push({
        kind: 'AccessEntry',
        namespace: null,
        name: arn,
        message: `IAM user ${arn} has an access entry`,
        path: 'principalArn',
      });
    }
    for (const m of mappings) {
      if (!isRecord(m) || typeof m.arn !== 'string') continue;
      mapped(
        m.arn,
        `aws-auth ${m.type === 'user' ? 'mapUsers' : 'mapRoles'}${m.username ? ` as ${showWhole(m.username)}` : ''}`,
      );
      if (m.type !== 'user' && !USER_ARN.test(m.arn)) {
        roles.add(m.arn);
        continue;
      }
      users.add(m.arn);
      failing.push({
        kind: 'ConfigMap',
        namespace: 'kube-system',
        name: 'aws-auth',
        message: `IAM user ${m.arn} is mapped in mapUsers${m.username ? ` as ${show(m.username)}` : ''}`,
        path: 'data.mapUsers',
      });
    }
    const seenAs = (what: string) => (arn: string) =>
      awsSeen('IamPrincipal', arn, `IAM ${what} mapped by ${(via.get(arn) ?? []).join(', ')}`);
    const evaluated = [...[...roles].map(seenAs('role')), ...[...users].map(seenAs('user'))];
    return outcome({
      evaluated,
      failing,
      ifNoneEvaluated: 'no IAM principal is mapped by access entries or aws-auth',
      reason:
        `${evaluated.length} IAM principal(s) with cluster access: ${roles.size} role(s), ${users.size} user(s) ` +
        `(${entries.length} access entries, ${mappings.length} aws-auth mappings)`,
    });
  },
};
