import { hostNamespaceCheck } from './host-namespace-factory.js';

export const podHostPid = hostNamespaceCheck('hostPID', "the pod shares the node's process namespace", {
  id: 'pod-host-pid',
  title: "Pods do not share the node's process ID namespace",
  severity: 'high',
  rationale:
    'With hostPID a container sees every process on the node, can read their environment and command lines ' +
    '(which often hold credentials), send them signals, and, running as root, enter their namespaces through /proc.',
  remediation:
    'Remove spec.hostPID (or set it to false). Node agents that truly need it belong in a dedicated namespace ' +
    'with a narrowly scoped admission exception; enforce the baseline Pod Security Standard elsewhere.',
  references: {
    kubescape: ['C-0038', 'C-0194', 'C-0275'],
    polaris: ['hostPIDSet'],
    pss: ['baseline'],
  },
});
