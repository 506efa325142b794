import { isSystemNamespace, itemsOf, kubeInputs } from '../../model/namespace-scope.js';
import { showWhole } from '../../model/untrusted.js';
import { podTemplates } from '../../model/workloads.js';
import { outcome, templateSeen } from '../outcome.js';
import type { CheckDefinition, Finding, Observation } from '../types.js';
import { serviceAccountIndex, serviceAccountNameOf, WORKLOAD_INVENTORY_LIST } from './workload-service-accounts.js';

/**
 * CIS EKS 4.1.6. The effective automount is the pod's `automountServiceAccountToken`, else its ServiceAccount's,
 * else true (the Kubernetes default). Whether a workload really needs the API is a judgement; the finding names
 * the workloads that get a token so a person can decide, and a waiver records the ones that need it.
 */
export const rbacTokenAutomount: CheckDefinition = {
  id: 'rbac-token-automount',
  title: 'Service account tokens are mounted only where needed',
  severity: 'low',
  family: 'rbac',
  rationale:
    'A mounted token is a credential for the Kubernetes API inside every container of the pod; an attacker who ' +
    "gets code execution in the container gets the service account's permissions with it.",
  deviation:
    "Judges the token each workload actually gets (its own setting, else its ServiceAccount's): Kubescape C-0190 " +
    'also reports a ServiceAccount that does not set automountServiceAccountToken: false even when every pod using ' +
    'it sets false, which mounts nothing.',
  remediation:
    'Set `automountServiceAccountToken: false` on the pod template (or on its ServiceAccount) for workloads that do ' +
    'not call the Kubernetes API; mount a projected token volume explicitly where one is needed.',
  references: { kubescape: ['C-0190'] },
  inputs: kubeInputs(...WORKLOAD_INVENTORY_LIST, 'serviceaccounts'),
  evaluate(snapshot) {
    const accounts = serviceAccountIndex(itemsOf(snapshot, 'serviceaccounts'));
    const templates = podTemplates(snapshot).filter((t) => !isSystemNamespace(t.namespace));
    const failing: Finding[] = [];
    const evaluated: Observation[] = [];
    for (const t of templates) {
      const podSetting = t.spec.automountServiceAccountToken;
      const sa = serviceAccountNameOf(t);
      const account = accounts.get(`${t.namespace ?? ''}/${sa.name}`);
      evaluated.push(
        templateSeen(
          t,
          `spec.automountServiceAccountToken: ${showWhole(podSetting)}; ServiceAccount ${showWhole(sa.name)} ` +
            `automountServiceAccountToken: ${account ? showWhole(account.automountServiceAccountToken) : 'ServiceAccount not found'}`,
        ),
      );
      if (podSetting === false) continue;
      if (podSetting !== true && account?.automountServiceAccountToken === false) continue;
      const why =
        podSetting === true
          ? 'automountServiceAccountToken is true'
          : `automountServiceAccountToken is not set and ServiceAccount ${sa.name} does not set it to false`;
      failing.push({
        kind: t.kind,
        namespace: t.namespace,
        name: t.name,
        message: `a service-account token is mounted: ${why}`,
        path: `${t.specPath}.automountServiceAccountToken`,
      });
    }
    return outcome({ evaluated, failing, ifNoneEvaluated: 'no workloads outside system namespaces' });
  },
};
