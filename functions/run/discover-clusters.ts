/**
 * Discover: the clusters a run scans. The configured clusters, plus every cluster `eks:ListClusters` finds in the
 * discovery regions that carries all the discovery tags. Written to runs/<runId>/clusters.json, which the state
 * machine's Distributed Map reads item by item.
 */
import { DescribeClusterCommand, type EKSClient, paginateListClusters } from '@aws-sdk/client-eks';
import type { ReporterConfig } from '../config/types.js';
import { type Bucket, putJson } from './bucket.js';
import { assertRunId, type ClusterItem, clusterLabel, clustersKey, discoveryKey } from './layout.js';
import { type RunLog, reasonOf, silentLog } from './log.js';

export interface DiscoverEvent {
  runId: string;
  startedAt?: string;
}

export interface DiscoverResult {
  runId: string;
  clustersKey: string;
  count: number;
}

export interface DiscoveryRecord {
  runId: string;
  startedAt: string | null;
  count: number;
  /** Regions whose listing failed; the run goes on with what was found, and the report names them. */
  problems: Array<{ region: string; reason: string }>;
}

export interface DiscoverDeps {
  config: ReporterConfig;
  bucket: Bucket;
  /** An EKS client for a region (the handler caches one per region). */
  eksClient: (region: string) => EKSClient;
  log?: RunLog;
}

function hasTags(tags: Record<string, string> | undefined, wanted: Record<string, string>): boolean {
  return Object.entries(wanted).every(([k, v]) => tags?.[k] === v);
}

async function clustersInRegion(eks: EKSClient, region: string, wantedTags: Record<string, string>) {
  const names: string[] = [];
  for await (const page of paginateListClusters({ client: eks }, {})) names.push(...(page.clusters ?? []));
  if (Object.keys(wantedTags).length === 0) return names.map((name): ClusterItem => ({ name, region }));
  const found: ClusterItem[] = [];
  // Tags are only on DescribeCluster; one call per cluster, in order, keeps within the EKS API rate.
  for (const name of names) {
    const { cluster } = await eks.send(new DescribeClusterCommand({ name }));
    if (hasTags(cluster?.tags, wantedTags)) found.push({ name, region });
  }
  return found;
}

/**
 * Configured clusters first (they carry role and network), then discovered ones not already listed. Discovery only
 * sees this account, so a discovered cluster is a duplicate of any configured one with the same region and name.
 */
export function mergeClusters(configured: readonly ClusterItem[], discovered: readonly ClusterItem[]): ClusterItem[] {
  const out: ClusterItem[] = [];
  const configuredKeys = new Set<string>();
  for (const c of configured) {
    const key = `${c.account ?? ''}|${clusterLabel(c)}`;
    if (configuredKeys.has(key)) continue;
    configuredKeys.add(key);
    out.push(pick(c));
  }
  const labels = new Set(configured.map(clusterLabel));
  for (const c of discovered) {
    if (labels.has(clusterLabel(c))) continue;
    labels.add(clusterLabel(c));
    out.push({ name: c.name, region: c.region });
  }
  return out;
}

function pick(c: ClusterItem): ClusterItem {
  const item: ClusterItem = { name: c.name, region: c.region };
  if (c.account) item.account = c.account;
  if (c.roleArn) item.roleArn = c.roleArn;
  if (c.network) item.network = c.network;
  return item;
}

/** The clusters a run scans: the configured ones, then those discovery finds; a failing region is a problem, not an error. */
export async function listClustersToScan(
  config: ReporterConfig,
  eksClient: (region: string) => EKSClient,
  log: RunLog = silentLog,
): Promise<{ clusters: ClusterItem[]; problems: DiscoveryRecord['problems'] }> {
  const { regions, tags } = config.discovery;
  const discovered: ClusterItem[] = [];
  const problems: DiscoveryRecord['problems'] = [];
  for (const region of [...new Set(regions)]) {
    try {
      discovered.push(...(await clustersInRegion(eksClient(region), region, tags)));
    } catch (err) {
      const reason = reasonOf(err);
      problems.push({ region, reason });
      log.warn('cluster discovery failed in a region; the run goes on without it', { region, reason });
    }
  }
  return { clusters: mergeClusters(config.clusters, discovered), problems };
}

export async function discoverClusters(event: DiscoverEvent, deps: DiscoverDeps): Promise<DiscoverResult> {
  assertRunId(event.runId);
  const log = deps.log ?? silentLog;
  const { clusters, problems } = await listClustersToScan(deps.config, deps.eksClient, log);
  const key = clustersKey(event.runId);
  await putJson(deps.bucket, key, clusters);
  const record: DiscoveryRecord = {
    runId: event.runId,
    startedAt: event.startedAt ?? null,
    count: clusters.length,
    problems,
  };
  await putJson(deps.bucket, discoveryKey(event.runId), record);
  log.info('clusters to scan', { runId: event.runId, count: clusters.length, clusters: clusters.map(clusterLabel) });
  return { runId: event.runId, clustersKey: key, count: clusters.length };
}
