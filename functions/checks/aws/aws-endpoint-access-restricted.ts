import type { CheckDefinition } from '../types.js';
import {
  asArray,
  clusterFinding,
  clusterSeen,
  FAMILY,
  fact,
  factInputs,
  missingFact,
  outcome,
  showWhole,
} from './shared.js';

export const OPEN_CIDRS = new Set(['0.0.0.0/0', '::/0']);

/**
 * CIS EKS 5.4.1. The API reports `publicAccessCidrs: ["0.0.0.0/0"]` when nothing was set, so the benchmark's
 * "not null" test is meaningless; a public endpoint open to the internet fails.
 */
export const awsEndpointAccessRestricted: CheckDefinition = {
  id: 'aws-endpoint-access-restricted',
  title: 'The API server endpoint is private, or public only to known CIDRs',
  severity: 'high',
  family: FAMILY,
  rationale:
    'An API server reachable from the whole internet is exposed to credential stuffing, token replay and every ' +
    'future authentication bug. Private access keeps node and in-VPC traffic off the internet.',
  deviation:
    'Stricter than Kubescape C-0227, which fails only a disabled private endpoint: a public endpoint open ' +
    'to 0.0.0.0/0 fails here too, as the CIS 5.4.1 audit restricts publicAccessCidrs.',
  remediation:
    'Enable the private endpoint and restrict or disable the public one: `aws eks update-cluster-config --name ' +
    'CLUSTER --resources-vpc-config endpointPrivateAccess=true,endpointPublicAccess=true,publicAccessCidrs=' +
    '"203.0.113.0/24"` (or endpointPublicAccess=false).',
  references: { kubescape: ['C-0227'] },
  inputs: factInputs('cluster'),
  evaluate(snapshot) {
    const cluster = fact(snapshot, 'cluster');
    if (!cluster) return missingFact('cluster');
    const vpc = cluster.resourcesVpcConfig ?? {};
    const failing = [];
    if (vpc.endpointPrivateAccess !== true) {
      failing.push(
        clusterFinding(snapshot, 'endpointPrivateAccess is false', 'resourcesVpcConfig.endpointPrivateAccess'),
      );
    }
    const cidrs = asArray<string>(vpc.publicAccessCidrs);
    // The API omits the CIDRs only when the public endpoint is off; an absent list with a public endpoint is open.
    const open = cidrs.length === 0 ? ['0.0.0.0/0'] : cidrs.filter((c) => OPEN_CIDRS.has(c));
    if (vpc.endpointPublicAccess !== false && open.length > 0) {
      failing.push(
        clusterFinding(
          snapshot,
          `the public endpoint is open to ${open.join(', ')}`,
          'resourcesVpcConfig.publicAccessCidrs',
        ),
      );
    }
    return outcome({
      evaluated: [
        clusterSeen(
          snapshot,
          `resourcesVpcConfig endpointPrivateAccess: ${showWhole(vpc.endpointPrivateAccess)}, endpointPublicAccess: ` +
            `${showWhole(vpc.endpointPublicAccess)}, publicAccessCidrs: ${cidrs.length > 0 ? cidrs.map((c) => showWhole(c)).join(', ') : 'not set'}`,
        ),
      ],
      failing,
      ifNoneEvaluated: 'no cluster',
    });
  },
};
