import { isRecord, itemsOf, kubeInputs } from '../../model/namespace-scope.js';
import { showWhole } from '../../model/untrusted.js';
import { outcome, seen } from '../outcome.js';
import type { CheckDefinition, Finding } from '../types.js';
import { servicePorts } from './load-balancers.js';

/** Risk area 6: NodePort Services open a port on every node. */
export const networkNodePortServices: CheckDefinition = {
  id: 'network-nodeport-services',
  title: 'No Services of type NodePort',
  severity: 'low',
  family: 'network',
  rationale:
    'A NodePort Service listens on every node, bypassing the load balancer and anything in front of it; whether it ' +
    'is reachable then depends only on the node security groups.',
  remediation:
    'Use `type: ClusterIP` behind an Ingress, or `type: LoadBalancer` with source ranges; keep node security groups ' +
    'closed to the NodePort range (30000-32767).',
  references: {},
  inputs: kubeInputs('services'),
  evaluate(snapshot) {
    const services = itemsOf(snapshot, 'services');
    const failing: Finding[] = services
      .filter((s) => isRecord(s.spec) && s.spec.type === 'NodePort')
      .map((s) => {
        const ports = servicePorts(s)
          .map((p) => p.nodePort)
          .filter((p) => typeof p === 'number');
        return {
          kind: 'Service',
          namespace: s.metadata.namespace ?? null,
          name: s.metadata.name,
          message: `type is NodePort${ports.length > 0 ? ` (node ports ${ports.join(', ')})` : ''}`,
          path: 'spec.type',
        };
      });
    return outcome({
      evaluated: services.map((s) =>
        seen(s, `spec.type: ${isRecord(s.spec) ? showWhole(s.spec.type, 'not set (ClusterIP)') : 'no spec'}`),
      ),
      failing,
      ifNoneEvaluated: 'no Services',
    });
  },
};
