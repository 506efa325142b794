import { resourceCheck } from './resource-factory.js';

export const podMemoryLimits = resourceCheck('limits', 'memory', {
  id: 'pod-memory-limits',
  title: 'Containers declare memory limits',
  severity: 'low',
  rationale:
    'A container without a memory limit can consume all memory on its node; the kernel OOM killer and kubelet ' +
    'evictions then take down other pods, which makes a memory leak or a deliberate exhaustion a node-wide outage.',
  remediation:
    'Set resources.limits.memory on every container and init container, or give the namespace a LimitRange with ' +
    'a default limit and a ResourceQuota.',
  references: { kubescape: ['C-0271'], polaris: ['memoryLimitsMissing'] },
});
