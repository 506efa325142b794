import { defineRoleGrantCheck, grantedOn } from './model.js';

/** CIS EKS 4.1.12. TokenRequest mints a token for any service account the rule covers. */
export const rbacServiceAccountTokenCreate = defineRoleGrantCheck(
  {
    id: 'rbac-serviceaccount-token-create',
    title: 'Access to create service account tokens is limited',
    severity: 'high',
    rationale:
      'create on serviceaccounts/token issues a token for a service account, so the holder can act with that ' +
      "account's permissions (and, with IRSA, its IAM role) without running a pod.",
    remediation:
      'Remove create on serviceaccounts/token from the role, or restrict it with resourceNames to the one service ' +
      'account that needs tokens minted.',
    references: { kubescape: ['C-0282'] },
  },
  (rule) => grantedOn(rule, [{ group: '', resource: 'serviceaccounts/token' }], ['create']),
);
