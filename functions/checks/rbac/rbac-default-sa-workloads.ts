import { isSystemNamespace, kubeInputs } from '../../model/namespace-scope.js';
import { showWhole } from '../../model/untrusted.js';
import { podTemplates } from '../../model/workloads.js';
import { outcome, templateSeen } from '../outcome.js';
import type { CheckDefinition, Finding } from '../types.js';
import { serviceAccountNameOf, WORKLOAD_INVENTORY_LIST } from './workload-service-accounts.js';

/** CIS EKS 4.1.5 (third part) and 5.2.1: workloads run as a dedicated service account, not `default`. */
export const rbacDefaultSaWorkloads: CheckDefinition = {
  id: 'rbac-default-sa-workloads',
  title: 'Workloads use a dedicated service account, not default',
  severity: 'low',
  family: 'rbac',
  rationale:
    'Workloads that share the `default` ServiceAccount share its permissions and its IAM role (IRSA / Pod ' +
    'Identity), so no permission can be granted to one of them without granting it to all.',
  remediation:
    'Create a ServiceAccount per workload (`kubectl -n NS create serviceaccount APP`), set ' +
    '`spec.template.spec.serviceAccountName: APP`, and give it only the RBAC and IAM permissions it needs.',
  references: { kubescape: ['C-0189'] },
  inputs: kubeInputs(...WORKLOAD_INVENTORY_LIST),
  evaluate(snapshot) {
    const templates = podTemplates(snapshot).filter((t) => !isSystemNamespace(t.namespace));
    const failing: Finding[] = [];
    for (const t of templates) {
      const sa = serviceAccountNameOf(t);
      if (sa.name !== 'default') continue;
      failing.push({
        kind: t.kind,
        namespace: t.namespace,
        name: t.name,
        message: sa.explicit ? 'serviceAccountName is "default"' : 'serviceAccountName is not set (runs as default)',
        path: `${t.specPath}.serviceAccountName`,
      });
    }
    return outcome({
      evaluated: templates.map((t) => {
        const sa = serviceAccountNameOf(t);
        return templateSeen(
          t,
          sa.explicit ? `serviceAccountName: ${showWhole(sa.name)}` : 'serviceAccountName: not set (runs as default)',
        );
      }),
      failing,
      ifNoneEvaluated: 'no workloads outside system namespaces',
    });
  },
};
