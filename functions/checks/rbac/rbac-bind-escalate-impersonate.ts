import { defineRoleGrantCheck, grantedOn } from './model.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** CIS EKS 4.1.8. These verbs bypass RBAC's "you can only grant what you hold" rule. */
export const rbacBindEscalateImpersonate = defineRoleGrantCheck(
  {
    id: 'rbac-bind-escalate-impersonate',
    title: 'bind, escalate and impersonate are limited',
    severity: 'high',
    rationale:
      'bind and escalate let a subject grant itself permissions it does not hold; impersonate lets it act as any ' +
      'user, group or service account, including cluster administrators.',
    remediation:
      'Remove the bind/escalate verbs on roles and clusterroles and the impersonate verb on users, groups, ' +
      'serviceaccounts, uids and userextras from the role, or restrict them with resourceNames.',
    references: { kubescape: ['C-0191'] },
  },
  (rule) => [
    ...grantedOn(
      rule,
      [
        { group: RBAC_GROUP, resource: 'roles' },
        { group: RBAC_GROUP, resource: 'clusterroles' },
      ],
      ['bind', 'escalate'],
    ),
    ...grantedOn(
      rule,
      [
        { group: '', resource: 'users' },
        { group: '', resource: 'groups' },
        { group: '', resource: 'serviceaccounts' },
        { group: 'authentication.k8s.io', resource: 'uids' },
        { group: 'authentication.k8s.io', resource: 'userextras' },
      ],
      ['impersonate'],
    ),
    // userextras are addressed as userextras/<key>.
    ...(rule.verbs.some((v) => v === 'impersonate' || v === '*') &&
    rule.apiGroups.some((g) => g === '*' || g === 'authentication.k8s.io') &&
    rule.resources.some((r) => r.startsWith('userextras/'))
      ? ['impersonate on authentication.k8s.io/userextras/*']
      : []),
  ],
);
