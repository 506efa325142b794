import { applicationNamespaces, kubeInputs } from '../../model/namespace-scope.js';
import { outcome, seen } from '../outcome.js';
import type { CheckDefinition, Finding } from '../types.js';
import { coveringPolicies, POLICY_INPUTS, policyCoverage } from './policy-coverage.js';

/**
 * CIS EKS 4.3.2. kube-bench's audit counts `kubectl get networkpolicy -n NS`; clusters on EKS also enforce policy
 * through Cilium (CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy) and Calico (NetworkPolicy,
 * GlobalNetworkPolicy), and a namespace covered by one of those has network policies defined too
 * (policy-coverage.ts says how a cluster-wide policy covers a namespace).
 */
export const networkNamespaceNetworkPolicy: CheckDefinition = {
  id: 'network-namespace-network-policy',
  title: 'Every application namespace has a network policy',
  severity: 'medium',
  family: 'network',
  rationale:
    'Kubernetes lets every pod reach every other pod by default. A namespace that no network policy covers ' +
    '(Kubernetes NetworkPolicy, a Cilium or Calico policy in it, or a cluster-wide Cilium or Calico policy that ' +
    'selects its pods) is open to lateral movement from any compromised pod in the cluster.',
  deviation:
    "Kubescape C-0206 counts only Kubernetes NetworkPolicy objects, as kube-bench's 4.3.2 audit does; a " +
    'namespace covered by a Cilium or Calico policy passes here (docs/verdicts.md).',
  remediation:
    'Add a NetworkPolicy to each namespace, starting with a default-deny (`podSelector: {}`, `policyTypes: ' +
    '[Ingress, Egress]`) and explicit allows for the traffic the application needs, or the equivalent Cilium or ' +
    'Calico policy. The CNI must enforce them (see network-cni-network-policy-support).',
  references: { kubescape: ['C-0206'] },
  inputs: [...kubeInputs('namespaces'), ...POLICY_INPUTS],
  evaluate(snapshot) {
    const namespaces = applicationNamespaces(snapshot);
    const cov = policyCoverage(snapshot);
    const failing: Finding[] = namespaces
      .filter((ns) => coveringPolicies(cov, ns.metadata.name).length === 0)
      .map((ns) => ({
        kind: 'Namespace',
        namespace: null,
        name: ns.metadata.name,
        message: `no NetworkPolicy, Cilium or Calico policy covers namespace ${ns.metadata.name}`,
      }));
    return outcome({
      evaluated: namespaces.map((ns) => {
        const policies = coveringPolicies(cov, ns.metadata.name);
        return seen(ns, `covered by ${policies.length > 0 ? policies.join(', ') : 'no policy'}`);
      }),
      failing,
      ifNoneEvaluated: 'no namespaces outside kube-system, kube-public and kube-node-lease',
    });
  },
};
