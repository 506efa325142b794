import { annotationsOf, itemsOf, kubeInputs } from '../../model/namespace-scope.js';
import { showWhole } from '../../model/untrusted.js';
import { outcome, seen } from '../outcome.js';
import type { CheckDefinition, Finding } from '../types.js';

const SA_ANNOTATION = 'kubernetes.io/service-account.name';

/**
 * Risk area 1: long-lived service-account token Secrets. Secret lists are metadata-only, which drops `type`; the
 * `kubernetes.io/service-account.name` annotation, which every such Secret carries, identifies them then.
 */
export const secretsLegacySaTokens: CheckDefinition = {
  id: 'secrets-legacy-sa-tokens',
  title: 'No long-lived service account token Secrets',
  severity: 'medium',
  family: 'secrets',
  rationale:
    'A Secret of type kubernetes.io/service-account-token holds a token that never expires and survives the pod ' +
    "that used it; whoever reads it keeps the service account's access until the Secret is deleted.",
  remediation:
    'Delete the Secret (`kubectl -n NS delete secret NAME`) and let pods use projected, short-lived tokens ' +
    '(the default since Kubernetes 1.24); where an external system needs a token, issue one with ' +
    '`kubectl create token SA --duration=…`.',
  references: {},
  inputs: kubeInputs('secrets'),
  evaluate(snapshot) {
    const secrets = itemsOf(snapshot, 'secrets');
    const failing: Finding[] = [];
    for (const s of secrets) {
      const sa = annotationsOf(s)[SA_ANNOTATION];
      if (s.type !== 'kubernetes.io/service-account-token' && sa === undefined) continue;
      failing.push({
        kind: 'Secret',
        namespace: s.metadata.namespace ?? null,
        name: s.metadata.name,
        message: `long-lived token Secret for ServiceAccount ${sa ?? '(unknown)'}`,
        path: 'type',
      });
    }
    return outcome({
      evaluated: secrets.map((s) => {
        const sa = annotationsOf(s)[SA_ANNOTATION];
        return seen(
          s,
          `type: ${showWhole(s.type, 'not listed')}${sa !== undefined ? `; ${SA_ANNOTATION}: ${showWhole(sa)}` : ''}`,
        );
      }),
      failing,
      ifNoneEvaluated: 'no Secrets',
    });
  },
};
