import type { CheckDefinition } from '../types.js';
import { clusterFinding, clusterSeen, FAMILY, fact, factInputs, missingFact, outcome, showWhole } from './shared.js';

/** CIS EKS 5.4.2 (Security Hub EKS.1): private endpoint on, public endpoint off. */
export const awsEndpointPrivateOnly: CheckDefinition = {
  id: 'aws-endpoint-private-only',
  title: 'The API server endpoint is private only',
  severity: 'medium',
  family: FAMILY,
  rationale:
    'With the public endpoint off the API server cannot be reached from the internet at all, whatever the CIDR list ' +
    'or the state of authentication. Clients come in through the VPC (VPN, Direct Connect, bastion, VPC Lambda).',
  remediation:
    '`aws eks update-cluster-config --name CLUSTER --resources-vpc-config ' +
    'endpointPrivateAccess=true,endpointPublicAccess=false`. Make sure CI and operators reach the VPC first.',
  references: { kubescape: ['C-0228'], securityhub: ['EKS.1'] },
  inputs: factInputs('cluster'),
  evaluate(snapshot) {
    const cluster = fact(snapshot, 'cluster');
    if (!cluster) return missingFact('cluster');
    const vpc = cluster.resourcesVpcConfig ?? {};
    const failing = [];
    if (vpc.endpointPublicAccess !== false) {
      failing.push(clusterFinding(snapshot, 'endpointPublicAccess is true', 'resourcesVpcConfig.endpointPublicAccess'));
    }
    if (vpc.endpointPrivateAccess !== true) {
      failing.push(
        clusterFinding(snapshot, 'endpointPrivateAccess is false', 'resourcesVpcConfig.endpointPrivateAccess'),
      );
    }
    return outcome({
      evaluated: [
        clusterSeen(
          snapshot,
          `resourcesVpcConfig endpointPublicAccess: ${showWhole(vpc.endpointPublicAccess)}, endpointPrivateAccess: ${showWhole(vpc.endpointPrivateAccess)}`,
        ),
      ],
      failing,
      ifNoneEvaluated: 'no cluster',
    });
  },
};
