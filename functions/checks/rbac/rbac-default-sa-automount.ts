import { isSystemNamespace, itemsOf, kubeInputs } from '../../model/namespace-scope.js';
import { show, showWhole } from '../../model/untrusted.js';
import { outcome, seen } from '../outcome.js';
import type { CheckDefinition, Finding } from '../types.js';

/** CIS EKS 4.1.5 (first part): the `default` ServiceAccount of each application namespace does not mount its token. */
export const rbacDefaultSaAutomount: CheckDefinition = {
  id: 'rbac-default-sa-automount',
  title: 'Default service accounts do not automount their token',
  severity: 'medium',
  family: 'rbac',
  rationale:
    'Every pod that names no service account runs as `default`. If that account mounts a token, every such pod ' +
    'carries API credentials it does not need, and any permission later granted to `default` spreads to all of them.',
  deviation:
    'Looser than Kubescape C-0189, whose second rule also fails a namespace without a ServiceAccount of its own: ' +
    'this check, as the CIS 4.1.5 audit, does not require each namespace to have a ServiceAccount of its own; it ' +
    'judges the default ServiceAccount (and rbac-default-sa-bindings and rbac-default-sa-workloads its use).',
  remediation:
    'Set `automountServiceAccountToken: false` on the default ServiceAccount of each namespace: ' +
    '`kubectl -n NS patch serviceaccount default -p \'{"automountServiceAccountToken": false}\'`.',
  references: { kubescape: ['C-0189'] },
  inputs: kubeInputs('serviceaccounts'),
  evaluate(snapshot) {
    // System namespaces are skipped: EKS manages their default accounts and their pods name dedicated accounts.
    const defaults = itemsOf(snapshot, 'serviceaccounts').filter(
      (sa) => sa.metadata.name === 'default' && !isSystemNamespace(sa.metadata.namespace),
    );
    const failing: Finding[] = defaults
      .filter((sa) => sa.automountServiceAccountToken !== false)
      .map((sa) => ({
        kind: 'ServiceAccount',
        namespace: sa.metadata.namespace ?? null,
        name: 'default',
        message:
          sa.automountServiceAccountToken === undefined
            ? 'automountServiceAccountToken is not set (defaults to true)'
            : `automountServiceAccountToken is ${show(sa.automountServiceAccountToken)}`,
        path: 'automountServiceAccountToken',
      }));
    return outcome({
      evaluated: defaults.map((sa) =>
        seen(
          sa,
          `automountServiceAccountToken: ${showWhole(sa.automountServiceAccountToken, 'not set (defaults to true)')}`,
        ),
      ),
      failing,
      ifNoneEvaluated: 'no default ServiceAccount outside system namespaces',
    });
  },
};
