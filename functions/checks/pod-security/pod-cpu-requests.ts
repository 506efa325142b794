import { resourceCheck } from './resource-factory.js';

export const podCpuRequests = resourceCheck('requests', 'cpu', {
  id: 'pod-cpu-requests',
  title: 'Containers declare CPU requests',
  severity: 'low',
  rationale:
    'The scheduler places pods by their requests. A container without a CPU request is scheduled as if it needed ' +
    'nothing, lands on crowded nodes, and is the first to be starved when its neighbours are busy.',
  remediation:
    'Set resources.requests.cpu on every container and init container from observed usage, or give the namespace ' +
    'a LimitRange with a default request.',
  references: { kubescape: ['C-0268'], polaris: ['cpuRequestsMissing'] },
});
