/** Reading GuardDuty detector features; names follow GetDetector (`EKS_AUDIT_LOGS`, `RUNTIME_MONITORING`, …). */
import type { GuardDutyFact } from '../../model/aws-facts.js';
import { asArray, isRecord } from './shared.js';

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
