import type { CheckDefinition } from '../types.js';
import { describeDetector, featureEnabled } from './guardduty.js';
import { awsFinding, awsSeen, FAMILY, fact, factInputs, outcome, show, text } from './shared.js';

/** Evidence for CIS EKS 2.1.2 and risk area 7: someone (GuardDuty) actually reads the audit log. */
export const awsGuardDutyEksAuditLogs: CheckDefinition = {
  id: 'aws-guardduty-eks-audit-logs',
  title: 'GuardDuty EKS Protection analyses the cluster audit logs',
  severity: 'medium',
  family: FAMILY,
  rationale:
    'Collected audit logs only help if someone looks at them. GuardDuty EKS Protection reads the audit log stream ' +
    'without touching the cluster and raises findings for anonymous access, credential misuse and known attack tools.',
  remediation:
    'Enable GuardDuty in the region and its EKS audit log monitoring: `aws guardduty update-detector --detector-id ID ' +
    '--features \'[{"Name":"EKS_AUDIT_LOGS","Status":"ENABLED"}]\'` (or through your organization\'s delegated admin).',
  references: {},
  inputs: factInputs('guardDuty'),
  evaluate(snapshot) {
    const detector = fact(snapshot, 'guardDuty');
    if (!detector) {
      return outcome({
        evaluated: [awsSeen('GuardDutyDetector', 'none', 'no detector in this region')],
        failing: [awsFinding('GuardDutyDetector', 'none', 'GuardDuty has no detector in this region')],
        ifNoneEvaluated: 'no detector',
      });
    }
    const id = text(detector.detectorId, 'unknown');
    const failing = [];
    if (detector.status !== 'ENABLED') {
      failing.push(awsFinding('GuardDutyDetector', id, `the detector status is ${show(detector.status)}`, 'status'));
    } else if (!featureEnabled(detector, 'EKS_AUDIT_LOGS')) {
      failing.push(awsFinding('GuardDutyDetector', id, 'feature EKS_AUDIT_LOGS is not ENABLED', 'features'));
    }
    return outcome({
      evaluated: [awsSeen('GuardDutyDetector', id, describeDetector(detector))],
      failing,
      ifNoneEvaluated: 'no detector',
      passReason: 'EKS_AUDIT_LOGS is enabled',
    });
  },
};
