import type { CheckDefinition } from '../types.js';
import {
  clusterFinding,
  clusterSeen,
  FAMILY,
  fact,
  factInputs,
  missingFact,
  outcome,
  show,
  showWhole,
} from './shared.js';

const ALLOWED = new Set(['API', 'API_AND_CONFIG_MAP']);

/** CIS EKS 4.1.7: cluster access is managed with the Cluster Access Manager API, not only aws-auth. */
export const awsAuthenticationModeApi: CheckDefinition = {
  id: 'aws-authentication-mode-api',
  title: 'Cluster access is managed through the Cluster Access Manager API',
  severity: 'medium',
  family: FAMILY,
  rationale:
    'With CONFIG_MAP only, who may use the cluster lives in the kube-system/aws-auth ConfigMap: editable by anyone ' +
    'who can edit that ConfigMap, unaudited by IAM, and one typo away from locking everyone out. Access entries are ' +
    'managed, audited in CloudTrail and can be scoped with access policies.',
  remediation:
    'Switch to access entries: `aws eks update-cluster-config --name CLUSTER --access-config ' +
    'authenticationMode=API_AND_CONFIG_MAP`, migrate the aws-auth mappings to access entries, then move to API.',
  references: { kubescape: ['C-0285'] },
  inputs: factInputs('cluster'),
  evaluate(snapshot) {
    const cluster = fact(snapshot, 'cluster');
    if (!cluster) return missingFact('cluster');
    const mode = cluster.accessConfig?.authenticationMode;
    const failing =
      typeof mode === 'string' && ALLOWED.has(mode)
        ? []
        : [clusterFinding(snapshot, `authenticationMode is ${show(mode)}`, 'accessConfig.authenticationMode')];
    return outcome({
      evaluated: [clusterSeen(snapshot, `accessConfig.authenticationMode: ${showWhole(mode)}`)],
      failing,
      ifNoneEvaluated: 'no cluster',
      passReason: `authenticationMode is ${show(mode)}`,
    });
  },
};
