import { hostNamespaceCheck } from './host-namespace-factory.js';

export const podHostIpc = hostNamespaceCheck('hostIPC', "the pod shares the node's IPC namespace", {
  id: 'pod-host-ipc',
  title: "Pods do not share the node's IPC namespace",
  severity: 'high',
  rationale:
    'With hostIPC a container can read and write the shared memory segments and message queues of every process ' +
    'on the node, which exposes the data other workloads and node daemons exchange that way.',
  remediation:
    'Remove spec.hostIPC (or set it to false), and enforce the baseline Pod Security Standard on the namespace.',
  references: {
    kubescape: ['C-0038', 'C-0195', 'C-0276'],
    polaris: ['hostIPCSet'],
    pss: ['baseline'],
  },
});
