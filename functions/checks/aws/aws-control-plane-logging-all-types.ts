import type { CheckDefinition } from '../types.js';
import { CONTROL_PLANE_LOG_TYPES, enabledLogTypes, showLogTypes } from './logging.js';
import { clusterFinding, clusterSeen, FAMILY, fact, factInputs, missingFact, outcome } from './shared.js';

/** CIS EKS 2.1.1 as its remediation reads it (and Prowler): all five control-plane log types. */
export const awsControlPlaneLoggingAllTypes: CheckDefinition = {
  id: 'aws-control-plane-logging-all-types',
  title: 'All five EKS control-plane log types are enabled',
  severity: 'medium',
  family: FAMILY,
  rationale:
    'Besides the audit log, the api, authenticator, controllerManager and scheduler logs show failed logins (which ' +
    'IAM principal mapped to which user), API server errors and scheduling decisions, all needed to investigate.',
  deviation:
    'Stricter than the rule of Kubescape C-0067, which passes when any of the api, audit or authenticator ' +
    'types is enabled: every one of the five types must be on here, as the CIS 2.1.1 remediation and ' +
    'Prowler ask.',
  remediation:
    'Enable every type: `aws eks update-cluster-config --name CLUSTER --logging ' +
    '\'{"clusterLogging":[{"types":["api","audit","authenticator","controllerManager","scheduler"],"enabled":true}]}\'`.',
  references: {
    kubescape: ['C-0067'],
    prowler: ['eks_control_plane_logging_all_types_enabled'],
  },
  inputs: factInputs('cluster'),
  evaluate(snapshot) {
    const cluster = fact(snapshot, 'cluster');
    if (!cluster) return missingFact('cluster');
    const enabled = enabledLogTypes(cluster);
    const missing = CONTROL_PLANE_LOG_TYPES.filter((t) => !enabled.has(t));
    const failing =
      missing.length > 0
        ? [clusterFinding(snapshot, `log types not enabled: ${missing.join(', ')}`, 'logging.clusterLogging')]
        : [];
    // One setting per log type; together they are one observation of the cluster's logging configuration.
    const read = `logging.clusterLogging enabled types: ${showLogTypes(enabled)}`;
    return outcome({
      evaluated: CONTROL_PLANE_LOG_TYPES.map(() => clusterSeen(snapshot, read)),
      failing,
      ifNoneEvaluated: 'no log types',
      passReason: 'all five log types are enabled',
    });
  },
};
