import { defineRoleGrantCheck, grantedOn } from './model.js';

/** CIS EKS 4.1.2. Reading a Secret is reading every credential in it; list and watch return all values at once. */
export const rbacSecretsAccess = defineRoleGrantCheck(
  {
    id: 'rbac-secrets-access',
    title: 'Access to Secrets (get, list, watch) is limited',
    severity: 'high',
    rationale:
      'get, list or watch on secrets returns the secret values. Anyone holding it can read service-account tokens, ' +
      'registry credentials and application passwords, and often escalate from there.',
    remediation:
      'Remove get/list/watch on "secrets" (and "*") from the role, or bind it only to the service accounts that need ' +
      'it, scoped with resourceNames to the named Secrets: `kubectl edit role|clusterrole NAME`.',
    references: { kubescape: ['C-0186'] },
  },
  (rule) => grantedOn(rule, [{ group: '', resource: 'secrets' }], ['get', 'list', 'watch']),
);
