/**
 * The Amazon EKS Kubernetes release calendar, in code, for scans that could not call DescribeClusterVersions
 * (no eks:DescribeClusterVersions permission, a kubeconfig-only scan, a saved snapshot). DescribeClusterVersions
 * wins whenever it answered: it is current, this table is only as current as the release of this tool.
 *
 * Source: "Understand the Kubernetes version lifecycle on EKS", Amazon EKS User Guide, release calendar
 * (docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html), with 1.23–1.28 from its earlier revisions.
 * Dates are UTC days; extended-support billing starts at 00:00 UTC on the end-of-standard-support day.
 * Refresh it when EKS releases a version (roughly every four months).
 */
import { minorVersion } from './versions.js';

/** The day this table was last checked against the EKS documentation. */
export const EKS_CALENDAR_CHECKED_ON = '2026-04-24';

export interface EksVersionDates {
  /** Amazon EKS release (not the upstream release). */
  eksRelease: string;
  endOfStandardSupport: string;
  endOfExtendedSupport: string;
}

export const EKS_VERSION_CALENDAR: Readonly<Record<string, EksVersionDates>> = {
  '1.23': { eksRelease: '2022-08-11', endOfStandardSupport: '2023-10-11', endOfExtendedSupport: '2024-10-11' },
  '1.24': { eksRelease: '2022-11-15', endOfStandardSupport: '2024-01-31', endOfExtendedSupport: '2025-01-31' },
  '1.25': { eksRelease: '2023-02-22', endOfStandardSupport: '2024-05-01', endOfExtendedSupport: '2025-05-01' },
  '1.26': { eksRelease: '2023-04-11', endOfStandardSupport: '2024-06-11', endOfExtendedSupport: '2025-06-11' },
  '1.27': { eksRelease: '2023-05-24', endOfStandardSupport: '2024-07-24', endOfExtendedSupport: '2025-07-24' },
  '1.28': { eksRelease: '2023-09-26', endOfStandardSupport: '2024-11-26', endOfExtendedSupport: '2025-11-26' },
  '1.29': { eksRelease: '2024-01-23', endOfStandardSupport: '2025-03-23', endOfExtendedSupport: '2026-03-23' },
  '1.30': { eksRelease: '2024-05-23', endOfStandardSupport: '2025-07-23', endOfExtendedSupport: '2026-07-23' },
  '1.31': { eksRelease: '2024-09-26', endOfStandardSupport: '2025-11-26', endOfExtendedSupport: '2026-11-26' },
  '1.32': { eksRelease: '2025-01-23', endOfStandardSupport: '2026-03-23', endOfExtendedSupport: '2027-03-23' },
  '1.33': { eksRelease: '2025-05-29', endOfStandardSupport: '2026-07-29', endOfExtendedSupport: '2027-07-29' },
  '1.34': { eksRelease: '2025-10-02', endOfStandardSupport: '2026-12-02', endOfExtendedSupport: '2027-12-02' },
  '1.35': { eksRelease: '2026-01-27', endOfStandardSupport: '2027-03-27', endOfExtendedSupport: '2028-03-27' },
};

const OLDEST = { major: 1, minor: 23 };

export type CalendarLookup =
  | { kind: 'listed'; version: string; dates: EksVersionDates }
  | { kind: 'older'; version: string }
  | { kind: 'newer'; version: string }
  | { kind: 'unknown' };

/** The calendar row of a version string ("1.31", "v1.31.4-eks-a737599"). */
export function lookUpVersion(version: unknown): CalendarLookup {
  const v = minorVersion(version);
  if (!v) return { kind: 'unknown' };
  const key = `${v.major}.${v.minor}`;
  const dates = Object.hasOwn(EKS_VERSION_CALENDAR, key) ? EKS_VERSION_CALENDAR[key] : undefined;
  if (dates) return { kind: 'listed', version: key, dates };
  const older = v.major < OLDEST.major || (v.major === OLDEST.major && v.minor < OLDEST.minor);
  return { kind: older ? 'older' : 'newer', version: key };
}

/** DescribeClusterVersions' `versionStatus` as of `at`, from the calendar dates. */
export function statusOn(
  dates: EksVersionDates,
  at: string,
): 'STANDARD_SUPPORT' | 'EXTENDED_SUPPORT' | 'UNSUPPORTED' | undefined {
  const t = Date.parse(at);
  if (Number.isNaN(t)) return undefined;
  if (t < Date.parse(`${dates.endOfStandardSupport}T00:00:00Z`)) return 'STANDARD_SUPPORT';
  if (t < Date.parse(`${dates.endOfExtendedSupport}T00:00:00Z`)) return 'EXTENDED_SUPPORT';
  return 'UNSUPPORTED';
}
