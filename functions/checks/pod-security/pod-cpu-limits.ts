import { resourceCheck } from './resource-factory.js';

export const podCpuLimits = resourceCheck('limits', 'cpu', {
  id: 'pod-cpu-limits',
  title: 'Containers declare CPU limits',
  severity: 'low',
  rationale:
    'A container without a CPU limit can use every idle core on its node. A runaway or compromised process ' +
    '(a crypto miner is the usual case) then slows every other workload there.',
  remediation:
    'Set resources.limits.cpu on every container and init container, or give the namespace a LimitRange with ' +
    'a default limit and a ResourceQuota.',
  references: { kubescape: ['C-0270'], polaris: ['cpuLimitsMissing'] },
});
