import { hostNamespaceCheck } from './host-namespace-factory.js';

export const podHostNetwork = hostNamespaceCheck('hostNetwork', "the pod uses the node's network namespace", {
  id: 'pod-host-network',
  title: "Pods do not use the node's network namespace",
  severity: 'high',
  rationale:
    "With hostNetwork a container binds the node's interfaces: it can reach services listening on the node's " +
    'loopback (kubelet, node-local agents), sniff traffic of other pods on the node, and bypass NetworkPolicies, ' +
    'which do not apply to host-network pods. On EKS it also reaches the instance metadata service with the ' +
    "node's IAM role regardless of the IMDS hop limit.",
  remediation:
    'Remove spec.hostNetwork (or set it to false) and expose the workload through a Service. Keep host-network ' +
    'pods to CNI and node agents in system namespaces, and enforce the baseline Pod Security Standard elsewhere.',
  references: {
    kubescape: ['C-0041', 'C-0196'],
    polaris: ['hostNetworkSet'],
    pss: ['baseline'],
  },
});
