import type { CheckDefinition } from '../types.js';
import { additionalConfigurationEnabled, describeDetector, featureEnabled } from './guardduty.js';
import { awsFinding, awsSeen, FAMILY, fact, factInputs, outcome, show, text } from './shared.js';

/** Risk area 3: runtime threat detection that AWS runs, so the reporter stays agentless. */
export const awsGuardDutyEksRuntimeMonitoring: CheckDefinition = {
  id: 'aws-guardduty-eks-runtime-monitoring',
  title: 'GuardDuty Runtime Monitoring covers EKS',
  severity: 'medium',
  family: FAMILY,
  rationale:
    'Misconfiguration checks say what could happen; runtime monitoring says what is happening: crypto miners, ' +
    'reverse shells, container escapes and credential theft inside running pods.',
  remediation:
    'Enable Runtime Monitoring with EKS add-on management: `aws guardduty update-detector --detector-id ID --features ' +
    '\'[{"Name":"RUNTIME_MONITORING","Status":"ENABLED","AdditionalConfiguration":[{"Name":"EKS_ADDON_MANAGEMENT",' +
    '"Status":"ENABLED"}]}]\'`, or install the aws-guardduty-agent add-on yourself.',
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
    // RUNTIME_MONITORING superseded EKS_RUNTIME_MONITORING; either one, enabled, covers EKS.
    const covered =
      detector.status === 'ENABLED' &&
      (featureEnabled(detector, 'EKS_RUNTIME_MONITORING') || featureEnabled(detector, 'RUNTIME_MONITORING'));
    const failing = covered
      ? []
      : [
          awsFinding(
            'GuardDutyDetector',
            id,
            detector.status !== 'ENABLED'
              ? `the detector status is ${show(detector.status)}`
              : 'neither RUNTIME_MONITORING nor EKS_RUNTIME_MONITORING is ENABLED',
            'features',
          ),
        ];
    const managed = additionalConfigurationEnabled(detector, 'RUNTIME_MONITORING', 'EKS_ADDON_MANAGEMENT');
    return outcome({
      evaluated: [awsSeen('GuardDutyDetector', id, describeDetector(detector))],
      failing,
      ifNoneEvaluated: 'no detector',
      passReason: managed ? 'runtime monitoring with managed EKS agent' : 'runtime monitoring enabled',
    });
  },
};
