/**
 * Whether discovery across an organization fits the Discover function: findClustersToScan with the real discovery
 * clients (SDK v3 over HTTP: Organizations ListAccounts, STS AssumeRole into each account, EKS ListClusters and
 * DescribeCluster, discovery.tags being set), in a child process held to the function's share of a CPU (its memory's,
 * bench/cpu-share.ts), against the fake AWS endpoint on 127.0.0.1 that holds every answer back by a fixed latency:
 * the assumption this row states, since most of the time is waiting.
 * The organization is 1,000 ACTIVE accounts besides the reporter's own (which is listed with its own credentials),
 * a few suspended ones (not listed), and three clusters in each account and Region, two of them carrying the tags.
 * The time is judged against half the function's timeout with other accounts, the peak RSS against its memory.
 * docs/deployment.md ("Every account") quotes these figures.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arnAccount } from '../../functions/run/discover-clusters.js';
import { DISCOVER_MEMORY_MB, DISCOVER_TIMEOUT_MINUTES } from '../../infra/constructs/lambda-bundle.js';
import { fakeAwsEnv } from '../../test/cli/spawn.js';
import {
  FAKE_CALLER_ARN,
  type FakeAwsRequest,
  type FakeEksCluster,
  startFakeAws,
} from '../../test/handlers/support/fake-aws.js';
import { lambdaCpuShare } from '../cpu-share.js';
import type { DiscoverChildReport } from '../discover-child.js';
import { runChild } from '../peak-rss.js';
import { median, round } from '../timing.js';
import type { Benchmark } from './types.js';

/** The assumed round trip of one AWS API request (TLS and the network included). */
const LATENCY_MS = 100;
/** What AWS pages by: ListClusters' default maxResults, ListAccounts' largest MaxResults. */
const LIST_CLUSTERS_PAGE = 100;
const LIST_ACCOUNTS_PAGE = 20;
/** One full run (about 5 minutes): the time is mostly waiting on the fixed latency, so it hardly varies (README). */
const FULL = { accounts: 1_000, suspended: 5, regions: ['eu-west-1', 'us-east-1', 'ap-southeast-2'], runs: 1 };
const QUICK = { accounts: 10, suspended: 1, regions: ['eu-west-1', 'us-east-1'], runs: 1 };
const TAGS = { compliance: 'weekly' };
/** The Discover function's timeout when other accounts are configured, in seconds; the target is half of it. */
export const DISCOVER_TIMEOUT_S = DISCOVER_TIMEOUT_MINUTES.otherAccounts * 60;
/** The Discover function's CPU: Lambda's share for its memory. */
const CPU_SHARE = lambdaCpuShare(DISCOVER_MEMORY_MB);

/** Each account's clusters in every Region: two carry the discovery tags, one a near miss (another value). */
function accountClusters(): FakeEksCluster[] {
  const cluster = (name: string, tags: Record<string, string>) => ({
    name,
    endpoint: 'https://127.0.0.1:9',
    caData: 'bm90LXVzZWQ=',
    tags,
  });
  return [
    cluster('prod', TAGS),
    cluster('staging', { ...TAGS, team: 'data' }),
    cluster('sandbox', { compliance: 'no' }),
  ];
}

export interface DiscoverOrganizationFigures {
  accounts: number;
  regions: number;
  /** Clusters the tags select in one account and Region. */
  taggedPerRegion: number;
  runs: DiscoverChildReport[];
  /** Requests of the last run, by operation. */
  requests: Record<string, number>;
  requestsTotal: number;
}

function operation(r: FakeAwsRequest): string {
  if (r.service === 'eks') return r.path === '/clusters' ? 'ListClusters' : 'DescribeCluster';
  return r.action ?? `${r.service} ${r.path}`;
}

export async function measureDiscoverOrganization(
  accounts: number,
  suspended: number,
  regions: readonly string[],
  runs: number,
): Promise<DiscoverOrganizationFigures> {
  const own = arnAccount(FAKE_CALLER_ARN) as string;
  const others = Array.from({ length: accounts }, (_, i) => String(200_000_000_000 + i));
  const clusters = accountClusters();
  const tagged = clusters.filter((c) => Object.entries(TAGS).every(([k, v]) => c.tags?.[k] === v)).length;
  const fake = await startFakeAws({
    region: regions[0],
    clusters,
    otherAccounts: Object.fromEntries(others.map((a) => [a, clusters])),
    assumableRoles: others.map((a) => `arn:aws:iam::${a}:role/EksComplianceScan`),
    // The management account's list names the reporter's own account too: discovery must not take a role there.
    organization: [
      { Id: own, State: 'ACTIVE' },
      ...others.map((Id) => ({ Id, State: 'ACTIVE' })),
      ...Array.from({ length: suspended }, (_, i) => ({ Id: String(900_000_000_000 + i), State: 'SUSPENDED' })),
    ],
    pageSize: LIST_CLUSTERS_PAGE,
    organizationPageSize: LIST_ACCOUNTS_PAGE,
    latencyMs: LATENCY_MS,
  });
  const dir = await mkdtemp(join(tmpdir(), 'bench-discover-'));
  try {
    const config = join(dir, 'config.yaml');
    await writeFile(
      config,
      [
        'discovery:',
        `  regions: [${regions.join(', ')}]`,
        '  organization: true',
        `  tags: { ${Object.entries(TAGS)
          .map(([k, v]) => `${k}: ${v}`)
          .join(', ')} }`,
        '',
      ].join('\n'),
    );
    const env = { ...fakeAwsEnv(fake.url), AWS_REGION: regions[0] };
    const reports: DiscoverChildReport[] = [];
    let from = 0;
    for (let i = 0; i < runs; i++) {
      from = fake.requests.length;
      reports.push(
        await runChild<DiscoverChildReport>('discover-child.ts', [config, own], [], { env, cpuShare: CPU_SHARE }),
      );
    }
    const requests: Record<string, number> = {};
    for (const r of fake.requests.slice(from)) requests[operation(r)] = (requests[operation(r)] ?? 0) + 1;
    return {
      accounts,
      regions: regions.length,
      taggedPerRegion: tagged,
      runs: reports,
      requests,
      requestsTotal: fake.requests.length - from,
    };
  } finally {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export const discoverOrganization: Benchmark = {
  id: 'discover-organization',
  description:
    "Discover across an organization of 1,000 accounts × 3 Regions (real SDK clients at the function's CPU share, fake AWS with 100 ms per request)",
  async run({ quick }) {
    const size = quick ? QUICK : FULL;
    const f = await measureDiscoverOrganization(size.accounts, size.suspended, size.regions, size.runs);
    const seconds = median(f.runs.map((r) => r.ms)) / 1000;
    // The process's own CPU time while it discovered (the rest is waiting): a 256 MB function has a fraction of a vCPU.
    const cpuSeconds = median(f.runs.map((r) => r.cpuMs)) / 1000;
    const peakMiB = Math.max(...f.runs.map((r) => r.maxRssKiB)) / 1024;
    // Every tagged cluster of every account (the own one's too), each other account's through its role.
    const expected = (f.accounts + 1) * f.regions * f.taggedPerRegion;
    const complete = f.runs.every(
      (r) =>
        r.clusters === expected &&
        r.throughRoles === f.accounts * f.regions * f.taggedPerRegion &&
        r.accounts === f.accounts &&
        r.problems === 0,
    );
    const limitS = DISCOVER_TIMEOUT_S / 2;
    const last = f.runs[f.runs.length - 1];
    const byOperation = Object.entries(f.requests)
      .map(([op, n]) => `${n} ${op}`)
      .join(', ');
    return {
      value: round(seconds, 1),
      unit: 's',
      baseline: null,
      ratio: null,
      target: `≤ ${limitS} s (half the ${DISCOVER_TIMEOUT_S} s timeout); ≤ ${DISCOVER_MEMORY_MB} MiB`,
      met: quick ? null : seconds <= limitS && peakMiB <= DISCOVER_MEMORY_MB && complete,
      notes:
        `${f.accounts} accounts (+ own) × ${f.regions} Regions, ${LATENCY_MS} ms/request, ` +
        `${round(CPU_SHARE * 100, 1)}% of a CPU (${DISCOVER_MEMORY_MB} MB's), ` +
        `${f.runs.length === 1 ? '1 run' : `median of ${f.runs.length} (${f.runs.map((r) => round(r.ms / 1000, 1)).join(', ')} s)`}; ` +
        `${last.clusters} of ${expected} tagged clusters found, ${last.problems} problems` +
        `${last.firstProblem ? ` (${last.firstProblem})` : ''}; ` +
        `${f.requestsTotal} requests (${byOperation}); CPU ${round(cpuSeconds, 1)} s; peak RSS ${round(peakMiB, 1)} MiB` +
        (quick ? ' (quick: not judged)' : ''),
    };
  },
};
