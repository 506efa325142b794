/**
 * Discover: the clusters a run scans. The configured clusters, plus every cluster `eks:ListClusters` finds in the
 * discovery regions that carries all the discovery tags. Written to runs/<runId>/clusters.json, which the state
 * machine's Distributed Map reads item by item.
 *
 * Every item carries the cluster's account, which every key of the cluster includes: a configured cluster's
 * `account`, else the account of its `roleArn`, else the reporter's own; a discovered cluster is in the account it was
 * listed in: the reporter's own (ListClusters with the reporter's credentials), or another account of
 * discovery.accounts or the organization, listed through discovery.roleName there, which the scan then takes too.
 * The handler takes the reporter's account from its function ARN, so no STS call is needed for it.
 */
import type { EKSClient } from '@aws-sdk/client-eks';
import { clusterTags, listClusterNames } from '../aws/eks-clusters.js';
import { accountRoleArn, LIST_ACCOUNTS_ACTION } from '../config/cross-account.js';
import type { ReporterConfig } from '../config/types.js';
import { mapBounded } from '../kube/pool.js';
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
  /** Regions (of an account) whose listing failed; the run goes on with what was found, and the report names them. */
  problems: Array<{ region: string; reason: string; account?: string }>;
  /** The other accounts discovery listed clusters in (discovery.accounts, the organization's). */
  accounts?: string[];
}

export interface DiscoverDeps {
  config: ReporterConfig;
  /** The reporter's own 12-digit account: the account of discovered clusters and of configured ones that name none. */
  account: string;
  bucket: Bucket;
  /**
   * An EKS client for a region, with the reporter's credentials or, given a role ARN, that role's (sts:AssumeRole,
   * one session per role shared by its Regions: functions/aws/discovery-clients.ts). Destroyed after each listing.
   */
  eksClient: (region: string, roleArn?: string) => EKSClient;
  /** Every ACTIVE account of the organization (discovery.organization), read through organizationRoleArn if set. */
  organizationAccounts?: (organizationRoleArn?: string) => Promise<string[]>;
  /** The partition of the reporter's account (aws, aws-cn, aws-us-gov), for the role ARNs it builds. */
  partition?: string;
  log?: RunLog;
}

/** The region text of a discovery problem that is not about one region (the organization's account list). */
export const EVERY_REGION = 'every region';

/**
 * The other accounts to discover clusters in: discovery.accounts, plus every ACTIVE account of the organization with
 * discovery.organization; never the reporter's own (its clusters are listed with its own role). An organization that
 * cannot be read is a problem, and discovery goes on with the listed accounts.
 */
export async function discoveryAccounts(
  config: ReporterConfig,
  ownAccount: string | undefined,
  organizationAccounts?: DiscoverDeps['organizationAccounts'],
): Promise<{ accounts: string[]; problems: DiscoveryRecord['problems'] }> {
  const { accounts, organization, organizationRoleArn } = config.discovery;
  const all = [...accounts];
  const problems: DiscoveryRecord['problems'] = [];
  if (organization) {
    try {
      if (!organizationAccounts) throw new Error('no Organizations client was given');
      all.push(...(await organizationAccounts(organizationRoleArn)));
    } catch (err) {
      const through = organizationRoleArn ? ` through ${organizationRoleArn}` : '';
      problems.push({
        region: EVERY_REGION,
        reason: `the organization's accounts were not listed (${LIST_ACCOUNTS_ACTION}${through}): ${reasonOf(err)}`,
      });
    }
  }
  return { accounts: [...new Set(all)].filter((a) => a !== ownAccount).sort(), problems };
}

/** What to check when another account's role could not be taken (STS answers AccessDenied). */
function roleHint(err: unknown): string {
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'AccessDenied' || name === 'AccessDeniedException'
    ? '. Check that the target role exists there and trusts the reporter\'s Discover role (-c reporterDiscoverRoleArn; docs/deployment.md, "Every account")'
    : '';
}

/**
 * How many accounts discovery lists at once (each lists its regions one after another, so each account sees one
 * caller; sts:AssumeRole, counted in the reporter's account, averages under 20 a second). Measured by
 * `discover-organization` at the Discover function's CPU share: 1,000 accounts took 287 s 8 at a time and 174 s 16 at
 * a time (170 s once each account's role session was shared by its Regions); the CPU, about 21 s that the share
 * alone stretches to some 140 s, is most of that, so more at once would gain little.
 */
const ACCOUNTS_AT_ONCE = 16;

/**
 * discoveryAccounts then listClustersToScan: what the Discover function and `eks-compliance run` both do. `accounts`
 * is the other accounts listed (for the record).
 */
export async function findClustersToScan(
  config: ReporterConfig,
  deps: Pick<DiscoverDeps, 'eksClient' | 'organizationAccounts' | 'partition' | 'log'> & {
    /** The caller's account: never listed through a target role. */
    ownAccount?: string;
    /**
     * Whether the caller's own clusters carry its account (the Lambda functions: every key includes it). The CLI
     * leaves it out, so a local folder (OUT/<name>-<region>/) stays where it was when other accounts are added.
     */
    ownAccountOnItems?: boolean;
  },
): Promise<{ clusters: ClusterItem[]; problems: DiscoveryRecord['problems']; accounts: string[] }> {
  const found = await discoveryAccounts(config, deps.ownAccount, deps.organizationAccounts);
  const itemsAccount = deps.ownAccountOnItems === false ? undefined : deps.ownAccount;
  const listed = await listClustersToScan(config, deps.eksClient, deps.log, itemsAccount, {
    accounts: found.accounts,
    partition: deps.partition,
  });
  return { clusters: listed.clusters, problems: [...found.problems, ...listed.problems], accounts: found.accounts };
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
  roleArn?: string,
) {
  const item = (name: string): ClusterItem => ({
    name,
    region,
    ...(account ? { account } : {}),
    ...(roleArn ? { roleArn } : {}),
  });
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
    // Found in another account through its role: the scan reads it through the same role.
    if (c.roleArn) item.roleArn = c.roleArn;
    // Among discovered clusters the account is always known: "prod" in eu-west-1 of two accounts is two clusters.
    if (out.some((o, i) => (i < listed ? sameCluster(o, item) : sameCluster(o, item) && o.account === item.account))) {
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
  eksClient: (region: string, roleArn?: string) => EKSClient,
  log: RunLog = silentLog,
  ownAccount?: string,
  others: { accounts?: readonly string[]; partition?: string } = {},
): Promise<{ clusters: ClusterItem[]; problems: DiscoveryRecord['problems'] }> {
  const { regions, tags, roleName } = config.discovery;
  const discovered: ClusterItem[] = [];
  const problems: DiscoveryRecord['problems'] = [];
  // The reporter's own account with its own role, then each other account through the role there.
  const where = [
    { account: ownAccount, roleArn: undefined as string | undefined },
    ...(others.accounts ?? []).map((account) => ({
      account,
      roleArn: accountRoleArn(account, roleName, others.partition),
    })),
  ];
  // Accounts a few at a time (an organization has hundreds); results keep the order of `where`.
  const perAccount = await mapBounded(where, ACCOUNTS_AT_ONCE, async ({ account, roleArn }) => {
    const found: ClusterItem[] = [];
    const failed: DiscoveryRecord['problems'] = [];
    for (const region of [...new Set(regions)]) {
      const eks = eksClient(region, roleArn);
      try {
        found.push(...(await clustersInRegion(eks, region, tags, account, roleArn)));
      } catch (err) {
        const reason = roleArn
          ? `account ${account} (through ${roleArn}): ${reasonOf(err)}${roleHint(err)}`
          : reasonOf(err);
        failed.push({ region, reason, ...(roleArn ? { account } : {}) });
        log.warn('cluster discovery failed in a region; the run goes on without it', { region, account, reason });
      } finally {
        eks.destroy();
      }
    }
    return { found, failed };
  });
  for (const { found, failed } of perAccount) {
    discovered.push(...found);
    problems.push(...failed);
  }
  return { clusters: mergeClusters(config.clusters, discovered, ownAccount), problems };
}

export async function discoverClusters(event: DiscoverEvent, deps: DiscoverDeps): Promise<DiscoverResult> {
  assertRunId(event.runId);
  if (!ACCOUNT.test(deps.account)) {
    throw new Error(`invalid reporter account ${JSON.stringify(deps.account)}: expected 12 digits`);
  }
  const log = deps.log ?? silentLog;
  const { clusters, problems, accounts } = await findClustersToScan(deps.config, {
    ...deps,
    log,
    ownAccount: deps.account,
  });
  const key = clustersKey(event.runId);
  await putJson(deps.bucket, key, clusters);
  const record: DiscoveryRecord = {
    runId: event.runId,
    startedAt: event.startedAt ?? null,
    count: clusters.length,
    problems,
    ...(accounts.length > 0 ? { accounts } : {}),
  };
  await putJson(deps.bucket, discoveryKey(event.runId), record);
  log.info('clusters to scan', { runId: event.runId, count: clusters.length, clusters: clusters.map(clusterLabel) });
  return { runId: event.runId, clustersKey: key, count: clusters.length };
}
