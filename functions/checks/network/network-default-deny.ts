import { applicationNamespaces, kubeInputs } from '../../model/namespace-scope.js';
import { outcome, seen } from '../outcome.js';
import type { CheckDefinition, Finding, Observation } from '../types.js';
import { coveringPolicies, deniedIn, POLICY_INPUTS, policyCoverage } from './policy-coverage.js';

/**
 * Risk area 6 (and the stricter reading of CIS EKS 4.3.2): a default-deny for both directions per namespace, from a
 * Kubernetes, Cilium or Calico policy in it or a cluster-wide one (each engine's semantics: policy-coverage.ts).
 */
export const networkDefaultDeny: CheckDefinition = {
  id: 'network-default-deny',
  title: 'Every application namespace has a default-deny network policy for ingress and egress',
  severity: 'medium',
  family: 'network',
  rationale:
    'A NetworkPolicy only restricts the pods it selects. Without a default-deny, any pod that no policy selects ' +
    '(a new deployment, a debug pod) can still send and receive anything.',
  remediation:
    'Apply a policy with `podSelector: {}`, `policyTypes: [Ingress, Egress]` and no rules to each namespace, then ' +
    'allow the needed flows (including DNS egress to kube-system) with further policies; or a Cilium or Calico ' +
    'policy (cluster-wide or per namespace) that selects every pod for both directions.',
  references: {},
  inputs: [...kubeInputs('namespaces'), ...POLICY_INPUTS],
  evaluate(snapshot) {
    const namespaces = applicationNamespaces(snapshot);
    const cov = policyCoverage(snapshot);
    const failing: Finding[] = [];
    const evaluated: Observation[] = [];
    for (const ns of namespaces) {
      const have = deniedIn(cov, ns.metadata.name);
      const missing = (['Ingress', 'Egress'] as const).filter((d) => !have.has(d));
      const policies = coveringPolicies(cov, ns.metadata.name);
      evaluated.push(
        seen(
          ns,
          `default deny for ${have.size > 0 ? [...have].sort().join(' and ').toLowerCase() : 'no direction'}; ` +
            `policies: ${policies.length > 0 ? policies.join(', ') : 'none'}`,
        ),
      );
      if (missing.length === 0) continue;
      failing.push({
        kind: 'Namespace',
        namespace: null,
        name: ns.metadata.name,
        message: `no default-deny network policy for ${missing.join(' and ').toLowerCase()}`,
      });
    }
    return outcome({
      evaluated,
      failing,
      ifNoneEvaluated: 'no namespaces outside kube-system, kube-public and kube-node-lease',
    });
  },
};
