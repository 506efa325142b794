import { WORKLOAD_INVENTORIES } from '../../model/kinds.js';
import { isSystemNamespace, kubeInputs } from '../../model/namespace-scope.js';
import { podTemplates } from '../../model/workloads.js';
import { outcome, templateSeen } from '../outcome.js';
import type { CheckDefinition } from '../types.js';

/**
 * CIS EKS 4.5.1 (Manual). Whether the namespaces match real administrative boundaries is a judgement; what can be
 * seen is whether applications are spread over namespaces at all. Fails only when every application workload sits
 * in `default`; otherwise passes with the namespaces in use as evidence.
 */
export const nsNamespacesInUse: CheckDefinition = {
  id: 'namespaces-in-use',
  title: 'Namespaces separate applications',
  severity: 'info',
  family: 'namespaces',
  rationale:
    'Namespaces are the unit RBAC, NetworkPolicies, quotas and Pod Security levels apply to. Without them there is ' +
    'no boundary between one application or team and another.',
  deviation:
    'Kubescape C-0209 lists every namespace for review (it reports whenever one exists); this check fails ' +
    'only when all application workloads run in default, and otherwise passes with the namespaces in use ' +
    'as evidence for the manual review.',
  remediation:
    'Create a namespace per application or team and deploy into it; then scope RoleBindings, NetworkPolicies, ' +
    'ResourceQuotas and Pod Security labels to those namespaces.',
  references: { kubescape: ['C-0209'] },
  inputs: kubeInputs(...WORKLOAD_INVENTORIES),
  evaluate(snapshot) {
    const apps = podTemplates(snapshot).filter((t) => !isSystemNamespace(t.namespace));
    const used = [...new Set(apps.map((t) => t.namespace ?? 'default'))].sort();
    const allInDefault = used.length === 1 && used[0] === 'default';
    return outcome({
      evaluated: apps.map((t) => templateSeen(t, `runs in namespace ${t.namespace ?? 'default'}`)),
      failing: allInDefault
        ? [
            {
              kind: 'Namespace',
              namespace: null,
              name: 'default',
              message: `all ${apps.length} application workloads run in the default namespace`,
            },
          ]
        : [],
      ifNoneEvaluated: 'no application workloads',
      passReason: `application workloads run in ${used.length} namespace(s): ${used.join(', ')}; confirm they match administrative boundaries`,
    });
  },
};
