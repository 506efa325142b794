import type { CheckDefinition } from '../types.js';
import { enabledLogTypes, showLogTypes } from './logging.js';
import { clusterFinding, clusterSeen, FAMILY, fact, factInputs, missingFact, outcome } from './shared.js';

/** CIS EKS 2.1.1, the part that matters most: without the audit log nobody can say who did what. */
export const awsAuditLoggingEnabled: CheckDefinition = {
  id: 'aws-audit-logging-enabled',
  title: 'EKS control-plane audit logging is enabled',
  severity: 'high',
  family: FAMILY,
  rationale:
    'The Kubernetes audit log records every request to the API server: who read a Secret, who created a privileged ' +
    'pod, who changed a binding. Without it an incident cannot be reconstructed and a compliance audit has no evidence.',
  deviation:
    'Stricter than Kubescape C-0067, which passes when any of the api, audit or authenticator types is ' +
    'enabled: this check needs the audit type itself, the log the CIS 2.1.1 title names.',
  remediation:
    'Enable the audit log type: `aws eks update-cluster-config --name CLUSTER --logging ' +
    '\'{"clusterLogging":[{"types":["audit"],"enabled":true}]}\'` (or `logging.clusterLogging` in your IaC).',
  references: {
    kubescape: ['C-0067'],
    securityhub: ['EKS.8'],
  },
  inputs: factInputs('cluster'),
  evaluate(snapshot) {
    const cluster = fact(snapshot, 'cluster');
    if (!cluster) return missingFact('cluster');
    const enabled = enabledLogTypes(cluster);
    const failing = enabled.has('audit')
      ? []
      : [clusterFinding(snapshot, 'the audit log type is not enabled', 'logging.clusterLogging')];
    return outcome({
      evaluated: [clusterSeen(snapshot, `logging.clusterLogging enabled types: ${showLogTypes(enabled)}`)],
      failing,
      ifNoneEvaluated: 'no cluster',
      passReason: 'audit logging is enabled',
    });
  },
};
