/** Reading GuardDuty detector features; names follow GetDetector (`EKS_AUDIT_LOGS`, `RUNTIME_MONITORING`, …). */
import type { GuardDutyFact } from '../../model/aws-facts.js';
import { asArray, isRecord, text } from './shared.js';

export function featureEnabled(detector: GuardDutyFact, name: string): boolean {
  return asArray(detector.features).some((f) => isRecord(f) && f.name === name && f.status === 'ENABLED');
}

export function additionalConfigurationEnabled(detector: GuardDutyFact, feature: string, name: string): boolean {
  return asArray(detector.features).some(
    (f) =>
      isRecord(f) &&
      f.name === feature &&
      f.status === 'ENABLED' &&
      asArray(f.additionalConfiguration).some((a) => isRecord(a) && a.name === name && a.status === 'ENABLED'),
  );
}

/** The detector as read, for evidence: "status ENABLED; features: EKS_AUDIT_LOGS ENABLED, RUNTIME_MONITORING DISABLED". */
export function describeDetector(detector: GuardDutyFact): string {
  const features = asArray(detector.features)
    .filter(isRecord)
    .map((f) => {
      const extra = asArray(f.additionalConfiguration)
        .filter(isRecord)
        .map((a) => `${text(a.name, '?')} ${text(a.status, '?')}`);
      return `${text(f.name, '?')} ${text(f.status, '?')}${extra.length > 0 ? ` (${extra.join(', ')})` : ''}`;
    });
  return `status ${text(detector.status, 'unknown')}; features: ${features.length > 0 ? features.join(', ') : 'none listed'}`;
}
