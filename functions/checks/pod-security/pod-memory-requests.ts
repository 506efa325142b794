import { resourceCheck } from './resource-factory.js';

export const podMemoryRequests = resourceCheck('requests', 'memory', {
  id: 'pod-memory-requests',
  title: 'Containers declare memory requests',
  severity: 'low',
  rationale:
    'Without a memory request the scheduler can overcommit the node, and under memory pressure the kubelet evicts ' +
    'pods that exceed their requests first: an unrequested container is always over its request.',
  remediation:
    'Set resources.requests.memory on every container and init container from observed usage, or give the ' +
    'namespace a LimitRange with a default request.',
  references: { kubescape: ['C-0269'], polaris: ['memoryRequestsMissing'] },
});
