import type { CheckDefinition } from '../types.js';
import { networkAlbInboundCidrs } from './network-alb-inbound-cidrs.js';
import { networkCniNetworkPolicySupport } from './network-cni-network-policy-support.js';
import { networkDefaultDeny } from './network-default-deny.js';
import { networkIngressTls } from './network-ingress-tls.js';
import { networkLbSourceRanges } from './network-lb-source-ranges.js';
import { networkLoadBalancerTls } from './network-load-balancer-tls.js';
import { networkNamespaceNetworkPolicy } from './network-namespace-network-policy.js';
import { networkNodePortServices } from './network-nodeport-services.js';

export const networkChecks: CheckDefinition[] = [
  networkCniNetworkPolicySupport,
  networkNamespaceNetworkPolicy,
  networkDefaultDeny,
  networkLbSourceRanges,
  networkAlbInboundCidrs,
  networkNodePortServices,
  networkIngressTls,
  networkLoadBalancerTls,
];
