import { kubeInputs } from '../../model/namespace-scope.js';
import { evaluateNamespacesHave } from '../namespaces/per-namespace-object.js';
import type { CheckDefinition } from '../types.js';

/**
 * CIS EKS 4.3.2. Calico and Cilium CRD policies are custom resources the collector does not list, so a namespace
 * protected only by them fails here and is settled by a waiver that says so.
 */
export const networkNamespaceNetworkPolicy: CheckDefinition = {
  id: 'network-namespace-network-policy',
  title: 'Every application namespace has a NetworkPolicy',
  severity: 'medium',
  family: 'network',
  rationale:
    'Kubernetes lets every pod reach every other pod by default. A namespace without any NetworkPolicy is open to ' +
    'lateral movement from any compromised pod in the cluster.',
  remediation:
    'Add a NetworkPolicy to each namespace, starting with a default-deny (`podSelector: {}`, `policyTypes: ' +
    '[Ingress, Egress]`) and explicit allows for the traffic the application needs. The CNI must enforce them ' +
    '(see network-cni-network-policy-support).',
  references: { kubescape: ['C-0206'] },
  inputs: kubeInputs('namespaces', 'networkpolicies'),
  evaluate: (snapshot) => evaluateNamespacesHave(snapshot, 'networkpolicies', 'NetworkPolicy'),
};
