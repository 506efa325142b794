/**
 * Facts written by hand (the demo, saved snapshots from other tools) sometimes keep the whole API response where the
 * collector keeps a part of it. These readers accept both shapes so a check never misreads a fact as "unset".
 */

import type { ImageFindingsFact, RegistryScanningFact } from './aws-facts.js';
import { isRecord, safeText } from './untrusted.js';

/** `.scanningConfiguration` (the collector's shape) or the whole GetRegistryScanningConfiguration response. */
export function registryScanningOf(value: unknown): RegistryScanningFact {
  if (!isRecord(value)) return {};
  if (isRecord(value.scanningConfiguration)) {
    const out: RegistryScanningFact = { ...(value.scanningConfiguration as RegistryScanningFact) };
    if (typeof value.registryId === 'string') out.registryId = value.registryId;
    return out;
  }
  return value as RegistryScanningFact;
}

/** The collector's summary, or a whole DescribeImageScanFindings response. */
export function imageFindingsOf(value: unknown): ImageFindingsFact {
  const v = isRecord(value) ? value : {};
  const counts =
    isRecord(v.imageScanFindings) && isRecord(v.imageScanFindings.findingSeverityCounts)
      ? v.imageScanFindings.findingSeverityCounts
      : {};
  const imageId = isRecord(v.imageId) ? v.imageId : {};
  const count = (own: unknown, key: string) => (typeof own === 'number' ? own : Number(counts[key]) || 0);
  const repositoryName = safeText(v.repositoryName ?? '');
  const digest = v.imageDigest ?? imageId.imageDigest;
  const tag = v.imageTag ?? imageId.imageTag;
  const fallbackUri = `${repositoryName}${digest ? `@${safeText(digest)}` : tag ? `:${safeText(tag)}` : ''}`;
  const out: ImageFindingsFact = {
    ...v,
    imageUri: typeof v.imageUri === 'string' ? v.imageUri : fallbackUri,
    repositoryName,
    critical: count(v.critical, 'CRITICAL'),
    high: count(v.high, 'HIGH'),
  };
  if (typeof digest === 'string') out.imageDigest = digest;
  const status = v.scanStatus ?? (isRecord(v.imageScanStatus) ? v.imageScanStatus.status : undefined);
  if (typeof status === 'string') out.scanStatus = status;
  return out;
}
