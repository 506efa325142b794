import type { CheckDefinition } from '../types.js';
import { clusterFinding, FAMILY, fact, factInputs } from './shared.js';

/** Risk area 8 (Security Hub EKS.2): a control plane past the end of all support gets no security patches. */
export const awsVersionSupported: CheckDefinition = {
  id: 'aws-version-supported',
  title: 'The cluster runs a Kubernetes version EKS still supports',
  severity: 'high',
  family: FAMILY,
  rationale:
    'After the end of extended support EKS no longer patches the version and will upgrade the control plane on its ' +
    'own schedule, with no regard for deprecated APIs your workloads still use.',
  remediation:
    'Upgrade one minor version at a time: check `aws eks list-insights --cluster-name CLUSTER` for blockers, then ' +
    '`aws eks update-cluster-version --name CLUSTER --kubernetes-version NEXT`, then node groups and add-ons.',
  references: { securityhub: ['EKS.2'], prowler: ['eks_cluster_uses_a_supported_version'], nsa: ['Upgrading'] },
  riskAreas: [8],
  inputs: factInputs('clusterVersion'),
  evaluate(snapshot) {
    const info = fact(snapshot, 'clusterVersion');
    if (!info) {
      return {
        status: 'not-assessed',
        evaluatedCount: 0,
        failing: [],
        reason: 'DescribeClusterVersions did not list the cluster version',
      };
    }
    if (info.versionStatus === 'UNSUPPORTED') {
      return {
        status: 'fail',
        evaluatedCount: 1,
        failing: [
          clusterFinding(
            snapshot,
            `Kubernetes ${info.clusterVersion} is UNSUPPORTED (extended support ended ${info.endOfExtendedSupportDate ?? 'already'})`,
            'version',
          ),
        ],
      };
    }
    return {
      status: 'pass',
      evaluatedCount: 1,
      failing: [],
      reason: `${info.clusterVersion} is ${info.versionStatus}`,
    };
  },
};
