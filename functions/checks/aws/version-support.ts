/**
 * The support state of the cluster's Kubernetes version, for the aws-version-* checks: from DescribeClusterVersions
 * when the collector got it, else from the release calendar in code. `source` says which, for the check's reason.
 */
import { awsFact } from '../../model/aws-facts.js';
import { isArnOf } from '../../model/aws-partition.js';
import type { Snapshot } from '../../model/snapshot.js';
import { EKS_CALENDAR_CHECKED_ON, lookUpVersion, statusOn } from './eks-version-calendar.js';

export interface VersionSupport {
  version: string;
  versionStatus: string | undefined;
  endOfStandardSupportDate: string | undefined;
  endOfExtendedSupportDate: string | undefined;
  /** "DescribeClusterVersions" or "the EKS release calendar in code (checked on …)". */
  source: string;
}

export type VersionSupportLookup = { ok: true; support: VersionSupport } | { ok: false; reason: string };

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Whether the scanned cluster is an EKS cluster (a kubeconfig scan may point at any Kubernetes). */
function isEks(snapshot: Snapshot): boolean {
  const c = snapshot.cluster;
  if (c.source === 'eks' || c.source === 'demo') return true;
  if (isArnOf('eks', c.arn)) return true;
  return typeof c.kubernetesVersion === 'string' && /-eks-/.test(c.kubernetesVersion);
}

export function versionSupport(snapshot: Snapshot): VersionSupportLookup {
  const fact = awsFact(snapshot, 'clusterVersion');
  if (fact && typeof fact === 'object' && typeof fact.clusterVersion === 'string') {
    return {
      ok: true,
      support: {
        version: fact.clusterVersion,
        versionStatus: str(fact.versionStatus) ?? str(fact.status),
        endOfStandardSupportDate: str(fact.endOfStandardSupportDate),
        endOfExtendedSupportDate: str(fact.endOfExtendedSupportDate),
        source: 'DescribeClusterVersions',
      },
    };
  }
  const why =
    snapshot.aws.clusterVersion?.status === 'collected'
      ? 'DescribeClusterVersions did not list the cluster version'
      : 'DescribeClusterVersions was not collected';
  if (!isEks(snapshot)) {
    return { ok: false, reason: `${why}, and the cluster is not known to be EKS, so the EKS calendar does not apply` };
  }
  const calendar = `the EKS release calendar in code (checked on ${EKS_CALENDAR_CHECKED_ON}; ${why})`;
  const row = lookUpVersion(snapshot.cluster.kubernetesVersion);
  if (row.kind === 'unknown') return { ok: false, reason: `${why}, and the cluster version is unknown` };
  if (row.kind === 'newer') {
    return {
      ok: false,
      reason: `${why}, and Kubernetes ${row.version} is newer than the EKS release calendar in code (checked on ${EKS_CALENDAR_CHECKED_ON})`,
    };
  }
  if (row.kind === 'older') {
    return {
      ok: true,
      support: {
        version: row.version,
        versionStatus: 'UNSUPPORTED',
        endOfStandardSupportDate: undefined,
        endOfExtendedSupportDate: undefined,
        source: `${calendar}: older than every version in it`,
      },
    };
  }
  return {
    ok: true,
    support: {
      version: row.version,
      versionStatus: statusOn(row.dates, snapshot.collectedAt),
      endOfStandardSupportDate: row.dates.endOfStandardSupport,
      endOfExtendedSupportDate: row.dates.endOfExtendedSupport,
      source: calendar,
    },
  };
}
