import { defineRoleGrantCheck } from './model.js';

/** CIS EKS 4.1.3. A wildcard also grants whatever resources and verbs are added to the API later. */
export const rbacWildcards = defineRoleGrantCheck(
  {
    id: 'rbac-wildcards',
    title: 'Roles and ClusterRoles in use avoid wildcards',
    severity: 'medium',
    rationale:
      'A "*" in verbs, resources or apiGroups grants every present and future permission of that dimension, ' +
      'including ones nobody reviewed (new CRDs, subresources such as pods/exec).',
    deviation:
      'Stricter than Kubescape C-0187, which reports only a rule that is a wildcard in verbs, resources and apiGroups ' +
      'at once (a cluster-admin equivalent): any "*" fails here, as the CIS 4.1.3 audit reviews every wildcard.',
    remediation:
      'Replace "*" with the explicit verbs, resources and apiGroups the subject needs: `kubectl edit role|clusterrole NAME`.',
    references: { kubescape: ['C-0187'] },
  },
  (rule) => {
    const fields = (['verbs', 'resources', 'apiGroups'] as const).filter((f) => rule[f].includes('*'));
    return fields.length > 0 ? [`"*" in ${fields.join(', ')}`] : [];
  },
);
