import type { CheckDefinition } from '../types.js';
import { clusterFinding, clusterSeen, FAMILY, notAssessed, outcome } from './shared.js';
import { versionSupport } from './version-support.js';

/**
 * Risk area 8 (Security Hub EKS.2): a control plane past the end of all support gets no security patches. The
 * status comes from DescribeClusterVersions, or from the release calendar in code when that call was not collected.
 */
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
  references: { securityhub: ['EKS.2'], prowler: ['eks_cluster_uses_a_supported_version'] },
  inputs: [{ kind: 'aws', fact: 'clusterVersion', optional: true }],
  evaluate(snapshot) {
    const lookup = versionSupport(snapshot);
    if (!lookup.ok) return notAssessed(lookup.reason);
    const info = lookup.support;
    const source = `source: ${info.source}`;
    const failing =
      info.versionStatus === 'UNSUPPORTED'
        ? [
            clusterFinding(
              snapshot,
              `Kubernetes ${info.version} is UNSUPPORTED (extended support ended ${info.endOfExtendedSupportDate ?? 'already'}; ${source})`,
              'version',
            ),
          ]
        : [];
    return outcome({
      evaluated: [
        clusterSeen(
          snapshot,
          `version ${info.version}: ${info.versionStatus ?? 'status not listed'}, end of extended support ` +
            `${info.endOfExtendedSupportDate ?? 'unknown'} (${source})`,
        ),
      ],
      failing,
      ifNoneEvaluated: 'no cluster version',
      reason: source,
      passReason: `${info.version} is ${info.versionStatus ?? 'listed'} (${source})`,
    });
  },
};
