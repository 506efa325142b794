import { itemsOf, kubeInputs } from '../../model/namespace-scope.js';
import { outcome, seen } from '../outcome.js';
import type { CheckDefinition, Finding, Observation } from '../types.js';
import { isLoadBalancerService, isOpen, SVC, serviceIsInternetFacing, serviceSourceRanges } from './load-balancers.js';

/** Risk area 6: internet-facing load balancers open to every address. */
export const networkLbSourceRanges: CheckDefinition = {
  id: 'network-lb-source-ranges',
  title: 'Internet-facing LoadBalancer Services restrict source ranges',
  severity: 'medium',
  family: 'network',
  rationale:
    'A Service of type LoadBalancer with an internet-facing scheme and no source ranges is reachable by anyone on ' +
    'the internet; often it was meant for a partner, an office or an internal client only.',
  remediation:
    'Set `spec.loadBalancerSourceRanges` to the CIDRs that need access, or make the load balancer internal with the ' +
    `annotation \`${SVC}aws-load-balancer-scheme: internal\`. Front public HTTP with an ALB Ingress and a WAF instead.`,
  references: {},
  inputs: kubeInputs('services'),
  evaluate(snapshot) {
    const lbs = itemsOf(snapshot, 'services').filter(isLoadBalancerService);
    const failing: Finding[] = [];
    const evaluated: Observation[] = [];
    for (const svc of lbs) {
      const ranges = serviceSourceRanges(svc);
      const facing = serviceIsInternetFacing(svc);
      evaluated.push(
        seen(
          svc,
          `${facing ? 'internet-facing' : 'internal'} load balancer; loadBalancerSourceRanges: ${ranges.length > 0 ? ranges.join(', ') : 'not set'}`,
        ),
      );
      if (!facing) continue;
      if (!isOpen(ranges)) continue;
      failing.push({
        kind: 'Service',
        namespace: svc.metadata.namespace ?? null,
        name: svc.metadata.name,
        message: `internet-facing load balancer with ${ranges.length === 0 ? 'no loadBalancerSourceRanges' : `loadBalancerSourceRanges ${ranges.join(', ')}`}`,
        path: 'spec.loadBalancerSourceRanges',
      });
    }
    return outcome({ evaluated, failing, ifNoneEvaluated: 'no LoadBalancer Services' });
  },
};
