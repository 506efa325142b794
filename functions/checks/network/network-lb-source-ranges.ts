import { itemsOf, kubeInputs } from '../../model/namespace-scope.js';
import type { CheckDefinition, Finding } from '../types.js';
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
    if (lbs.length === 0)
      return { status: 'not-applicable', evaluatedCount: 0, failing: [], reason: 'no LoadBalancer Services' };
    const failing: Finding[] = [];
    for (const svc of lbs) {
      if (!serviceIsInternetFacing(svc)) continue;
      const ranges = serviceSourceRanges(svc);
      if (!isOpen(ranges)) continue;
      failing.push({
        kind: 'Service',
        namespace: svc.metadata.namespace ?? null,
        name: svc.metadata.name,
        message: `internet-facing load balancer with ${ranges.length === 0 ? 'no loadBalancerSourceRanges' : `loadBalancerSourceRanges ${ranges.join(', ')}`}`,
        path: 'spec.loadBalancerSourceRanges',
      });
    }
    return { status: failing.length > 0 ? 'fail' : 'pass', evaluatedCount: lbs.length, failing };
  },
};
