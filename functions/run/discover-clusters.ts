/**
 * Discover: the clusters a run scans. The configured clusters, plus every cluster `eks:ListClusters` finds in the
 * discovery regions that carries all the discovery tags. Written to runs/<runId>/clusters.json, which the state
 * machine's Distributed Map reads item by item.
 *
 * Every item carries the cluster's account, which every key of the cluster includes: a configured cluster's
 * `account`, else the account of its `roleArn`, else the reporter's own; a discovered cluster is in the reporter's own
 * account (ListClusters runs with the reporter's credentials). The handler takes the reporter's account from its
 * function ARN, so no STS call and no extra permission are needed.
 */
import type { EKSClient } from '@aws-sdk/client-eks';
import { clusterTags, listClusterNames } from '../aws/eks-clusters.js';
import type { ReporterConfig } from '../config/types.js';
import { type Bucket, putJson } from '../publish/s3-bucket.js';
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
  /** The reporter's own 12-digit account: the account of discovered clusters and of configured ones that name none. */
  account: string;
  bucket: Bucket;
  /** An EKS client for a region (the handler caches one per region). */
  eksClient: (region: string) => EKSClient;
  log?: RunLog;
}

function hasTags(tags: Record<string, string> | undefined, wanted: Record<string, string>): boolean {
  return Object.entries(wanted).every(([k, v]) => tags?.[k] === v);
}

const ACCOUNT = /^\d{12}$/;

/** The account field of an ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:…`: a role's, a function's), if it has one. */
export function arnAccount(arn: unknown): string | undefined {
  if (typeof arn !== 'string') return undefined;
  const account = arn.split(':')[4];
  return arn.startsWith('arn:') && account !== undefined && ACCOUNT.test(account) ? account : undefined;
}

/**
 * The reporter's own account, from the Lambda context: invokedFunctionArn is arn:aws:lambda:REGION:ACCOUNT:function:NAME.
 * Without it the run cannot key its clusters, so Discover fails rather than write items without an account.
 */
export function reporterAccount(context: unknown): string {
  const arn = (context as { invokedFunctionArn?: unknown } | null | undefined)?.invokedFunctionArn;
  const account = arnAccount(arn);
  if (!account) {
    throw new Error(`cannot tell the reporter's account: no account in the function ARN ${JSON.stringify(arn)}`);
  }
  return account;
}

async function clustersInRegion(
  eks: EKSClient,
  region: string,
  wantedTags: Record<string, string>,
  account: string | undefined,
) {
  const item = (name: string): ClusterItem => (account ? { name, region, account } : { name, region });
  const names = await listClusterNames(eks);
  if (Object.keys(wantedTags).length === 0) return names.map(item);
  const found: ClusterItem[] = [];
  // Tags are only on DescribeCluster; one call per cluster, in order, keeps within the EKS API rate.
  for (const name of names) {
    if (hasTags(await clusterTags(eks, name), wantedTags)) found.push(item(name));
  }
  return found;
}

/** Same region and name, and the same account where both accounts are known. */
function sameCluster(a: ClusterItem, b: ClusterItem): boolean {
  return a.region === b.region && a.name === b.name && (!a.account || !b.account || a.account === b.account);
}

/**
 * Configured clusters first (they carry role and network), then discovered ones not already listed. Each configured
 * cluster gets its account (its own, its role's, else `ownAccount`); discovered ones are in `ownAccount`. A
 * discovered cluster is a duplicate of a configured one with the same account, region and name; when an account is
 * not known (`ownAccount` unset: the CLI, which does not ask STS), of any configured one with the same region and name.
 */
export function mergeClusters(
  configured: readonly ClusterItem[],
  discovered: readonly ClusterItem[],
  ownAccount?: string,
): ClusterItem[] {
  const out: ClusterItem[] = [];
  for (const c of configured) {
    const item = pick(c, ownAccount);
    // Listed twice: the config refuses an exact repeat, but `account: A` and a `roleArn` in A name one cluster.
    if (out.some((o) => o.region === item.region && o.name === item.name && o.account === item.account)) continue;
    out.push(item);
  }
  const listed = out.length;
  for (const c of discovered) {
    const item: ClusterItem = { name: c.name, region: c.region };
    const account = c.account ?? ownAccount;
    if (account) item.account = account;
    if (out.some((o, i) => (i < listed ? sameCluster(o, item) : o.region === item.region && o.name === item.name))) {
      continue;
    }
    out.push(item);
  }
  return out;
}

function pick(c: ClusterItem, ownAccount: string | undefined): ClusterItem {
  const item: ClusterItem = { name: c.name, region: c.region };
  const account = c.account ?? arnAccount(c.roleArn) ?? ownAccount;
  if (account) item.account = account;
  if (c.roleArn) item.roleArn = c.roleArn;
  if (c.network) item.network = c.network;
  return item;
}

/**
 * The clusters a run scans: the configured ones, then those discovery finds; a failing region is a problem, not an
 * error. `ownAccount` is the account the credentials are in, when known (see mergeClusters).
 */
export async function listClustersToScan(
  config: ReporterConfig,
  eksClient: (region: string) => EKSClient,
  log: RunLog = silentLog,
  ownAccount?: string,
): Promise<{ clusters: ClusterItem[]; problems: DiscoveryRecord['problems'] }> {
  const { regions, tags } = config.discovery;
  const discovered: ClusterItem[] = [];
  const problems: DiscoveryRecord['problems'] = [];
  for (const region of [...new Set(regions)]) {
    try {
      discovered.push(...(await clustersInRegion(eksClient(region), region, tags, ownAccount)));
    } catch (err) {
      const reason = reasonOf(err);
      problems.push({ region, reason });
      log.warn('cluster discovery failed in a region; the run goes on without it', { region, reason });
    }
  }
  return { clusters: mergeClusters(config.clusters, discovered, ownAccount), problems };
}

export async function discoverClusters(event: DiscoverEvent, deps: DiscoverDeps): Promise<DiscoverResult> {
  assertRunId(event.runId);
  if (!ACCOUNT.test(deps.account)) {
    throw new Error(`invalid reporter account ${JSON.stringify(deps.account)}: expected 12 digits`);
  }
  const log = deps.log ?? silentLog;
  const { clusters, problems } = await listClustersToScan(deps.config, deps.eksClient, log, deps.account);
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
