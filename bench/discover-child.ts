/**
 * The measured process of `discover-organization`: what the Discover function does before it writes the run's
 * cluster list (findClustersToScan with the real discovery clients: SDK v3 EKS, STS and Organizations clients over
 * HTTP), against the fake AWS endpoint the parent serves (AWS_ENDPOINT_URL and static credentials in the
 * environment), then its time, what it found and its own peak RSS as one JSON line.
 *
 * Usage: node --import tsx bench/discover-child.ts CONFIG_FILE OWN_ACCOUNT
 */
import { discoveryClients } from '../functions/aws/discovery-clients.js';
import { loadConfig } from '../functions/config/load.js';
import { findClustersToScan } from '../functions/run/discover-clusters.js';
import { type PeakRssReport, writeChildReport } from './peak-rss.js';

export interface DiscoverChildReport extends PeakRssReport {
  ms: number;
  /** CPU time (user and system) this process spent in those `ms`. */
  cpuMs: number;
  /** Clusters to scan (the tagged ones). */
  clusters: number;
  /** Clusters found in another account, through its role. */
  throughRoles: number;
  /** Other accounts listed. */
  accounts: number;
  problems: number;
  /** The first problem's reason, to say why a run found less than it should. */
  firstProblem?: string;
}

async function main(): Promise<void> {
  const [file, ownAccount] = process.argv.slice(2);
  const config = loadConfig(file);
  // As the Discover handler builds them (functions/handlers/discover.ts), without its tracing wrapper.
  const clients = discoveryClients({ roleSessionName: 'eks-compliance-discover' });
  const cpu = process.cpuUsage();
  const started = performance.now();
  const found = await findClustersToScan(config, {
    eksClient: clients.eksClient,
    organizationAccounts: clients.organizationAccounts,
    partition: 'aws',
    ownAccount,
  });
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  writeChildReport<DiscoverChildReport>({
    ms,
    cpuMs: (used.user + used.system) / 1000,
    clusters: found.clusters.length,
    throughRoles: found.clusters.filter((c) => c.roleArn !== undefined).length,
    accounts: found.accounts.length,
    problems: found.problems.length,
    ...(found.problems.length > 0 ? { firstProblem: found.problems[0].reason } : {}),
  });
}

await main();
