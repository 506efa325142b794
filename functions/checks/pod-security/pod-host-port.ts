import { containersOf, describeContainer } from '../../model/workloads.js';
import { definePodCheck, isRecord, type Violation } from './shared.js';

export const podHostPort = definePodCheck(
  {
    id: 'pod-host-port',
    title: 'Containers do not bind host ports',
    severity: 'medium',
    rationale:
      "A hostPort opens the container on that port of its node's address: anything that reaches the node reaches it, " +
      'outside Services, and depending on the CNI outside NetworkPolicies too. The baseline Pod Security Standard forbids it.',
    remediation: 'Remove ports[].hostPort and expose the workload through a Service.',
    references: { kubescape: ['C-0044'], polaris: ['hostPortSet'], pss: ['baseline'] },
  },
  (template) => {
    const out: Violation[] = [];
    for (const ref of containersOf(template)) {
      const ports = Array.isArray(ref.container.ports) ? ref.container.ports : [];
      ports.forEach((port: unknown, i: number) => {
        if (isRecord(port) && typeof port.hostPort === 'number' && port.hostPort > 0) {
          out.push({
            message: `hostPort ${port.hostPort} in ${describeContainer(ref)}`,
            path: `${ref.path}.ports[${i}].hostPort`,
          });
        }
      });
    }
    return out;
  },
);
