/**
 * `eks-compliance run --config FILE`: the weekly run of the deployed reporter, on this machine. The same config, the
 * same discovery (configured clusters plus eks:ListClusters in the configured regions, filtered by tags), the same
 * collectors and scoring; reports go to a local folder instead of S3 and email: OUT/<name>-<region>[-<account>]/ per
 * cluster (clusterFolder), so the same name in two regions or accounts gets two folders. Each cluster's results are
 * also kept in its folder's history/, so the next local run shows the trend and what changed.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EKSClient } from '@aws-sdk/client-eks';
import type { ReporterConfig } from '../config/types.js';
import type { Signer } from '../integrity/keys.js';
import type { Snapshot } from '../model/snapshot.js';
import type { OutputFormat, ScanConfig } from '../pipeline.js';
import { clusterFolder } from '../publish/local-folder.js';
import type { ClusterSummary } from '../report/summary.js';
import { type ClusterItem, clusterLabel, discoveryProblemLabel } from '../run/layout.js';
import type { ScanResults } from '../scoring/results.js';
import { InputError } from '../snapshot/io.js';

/** Earlier results kept per cluster for the trend; the report shows at most 12. */
const HISTORY_KEPT = 12;

export interface FleetRunRequest {
  config: ReporterConfig;
  scan: ScanConfig;
  frameworks?: string[];
  formats: readonly OutputFormat[];
  outDir: string;
  failUnder?: number;
  kubeletConfig?: boolean;
  /** --secret-metadata; otherwise the config's scan.secretMetadata. */
  secretMetadata?: boolean;
  /** Signs each cluster's manifest.json; unsigned when absent. */
  signer?: Signer;
  /** One line per cluster and file written; silent with --quiet. */
  say: (line: string) => void;
  /** Injected in tests. */
  collect?: (cluster: ClusterItem) => Promise<Snapshot>;
  eksClient?: (region: string, roleArn?: string) => EKSClient;
  organizationAccounts?: (organizationRoleArn?: string) => Promise<string[]>;
  /** The caller's account and partition (sts:GetCallerIdentity), asked only when other accounts are discovered. */
  callerAccount?: () => Promise<{ account: string; partition: string } | undefined>;
}

export interface FleetRunOutcome {
  /** Each scanned cluster's summary (what the fleet report is built from), not its whole results. */
  scanned: { cluster: ClusterItem; summary: ClusterSummary; folder: string }[];
  /** Clusters not scanned, and discovery problems (`discovery: true`), each with its reason. */
  failed: { cluster: string; reason: string; discovery?: boolean }[];
  fleetFolder: string;
  belowThreshold: boolean;
}

async function readHistory(folder: string): Promise<ScanResults[]> {
  let names: string[];
  try {
    names = (await readdir(folder)).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return [];
  }
  const out: ScanResults[] = [];
  for (const name of names.slice(-HISTORY_KEPT)) {
    try {
      out.push(JSON.parse(await readFile(join(folder, name), 'utf8')) as ScanResults);
    } catch {
      // A damaged history file costs one point of the trend, not the run.
    }
  }
  return out;
}

/** The caller's 12-digit account and partition, from sts:GetCallerIdentity; undefined when it cannot be read. */
async function callerAccount(): Promise<{ account: string; partition: string } | undefined> {
  const { awsCallerIdentity } = await import('../eks/caller-identity.js');
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const caller = await awsCallerIdentity({ region, credentials: fromNodeProviderChain() });
  const m = caller.arn ? /^arn:(aws[\w-]*):[^:]*::(\d{12}):/.exec(caller.arn) : null;
  return m ? { partition: m[1], account: m[2] } : undefined;
}

export async function runFleet(req: FleetRunRequest): Promise<FleetRunOutcome> {
  const { findClustersToScan } = await import('../run/discover-clusters.js');
  const { discoveryClients } = await import('../aws/discovery-clients.js');
  const { collectLive } = await import('./sources.js');
  const { runScan } = await import('../pipeline.js');
  const { renderResultsJson, buildFleetModel, renderFleetHtml, renderFleetPdf } = await import('../report/index.js');
  const { summarizeCluster } = await import('../report/summary.js');

  const { discovery } = req.config;
  const clients = discoveryClients({ roleSessionName: 'eks-compliance-cli', region: discovery.regions[0] });
  const otherAccounts = discovery.accounts.length > 0 || discovery.organization;
  // Other accounts are listed through their role; the caller's own is listed with its own credentials, never twice.
  const caller = otherAccounts ? await (req.callerAccount ?? callerAccount)() : undefined;
  const failed: FleetRunOutcome['failed'] = [];
  const listed = await findClustersToScan(req.config, {
    eksClient: req.eksClient ?? clients.eksClient,
    organizationAccounts: req.organizationAccounts ?? clients.organizationAccounts,
    ...(caller ? { ownAccount: caller.account, partition: caller.partition, ownAccountOnItems: false } : {}),
  });
  const clusters: ClusterItem[] = listed.clusters;
  for (const p of listed.problems) {
    failed.push({
      cluster: discoveryProblemLabel(p),
      reason: p.reason,
      discovery: true,
    });
  }
  if (clusters.length === 0 && failed.length === 0) {
    throw new InputError('--config', 'lists no clusters and discovers none (set clusters or discovery.regions)');
  }

  const collect =
    req.collect ??
    ((c: ClusterItem) =>
      collectLive(
        { kind: 'live', cluster: c.name, region: c.region, roleArn: c.roleArn },
        {
          kubeletConfig: req.kubeletConfig ?? req.config.scan.kubeletConfig,
          secretMetadata: req.secretMetadata ?? req.config.scan.secretMetadata,
        },
      ));

  const scanned: FleetRunOutcome['scanned'] = [];
  let belowThreshold = false;
  // One cluster at a time: a laptop's bandwidth and the API servers' rate limits are the bottleneck, not CPU.
  for (const cluster of clusters) {
    const label = clusterLabel(cluster);
    let snapshot: Snapshot;
    try {
      snapshot = await collect(cluster);
    } catch (err) {
      const reason = err instanceof InputError ? err.problem : err instanceof Error ? err.message : String(err);
      failed.push({ cluster: label, reason });
      req.say(`not scanned: ${label}: ${reason}`);
      continue;
    }
    const folderName = clusterFolder(cluster);
    const historyFolder = join(req.outDir, folderName, 'history');
    const history = await readHistory(historyFolder);
    const outcome = await runScan({
      snapshot,
      history,
      frameworks: req.frameworks,
      formats: req.formats,
      outDir: req.outDir,
      folderName,
      failUnder: req.failUnder,
      config: req.scan,
      evidence: { signer: req.signer },
    });
    belowThreshold ||= outcome.belowThreshold;
    await mkdir(historyFolder, { recursive: true });
    const stamp = outcome.results.generatedAt.replace(/[:.]/g, '-');
    await writeFile(join(historyFolder, `${stamp}.json`), renderResultsJson(outcome.results));
    // The summary is kept and the results let go: the fleet report needs no more, whatever the fleet's size.
    scanned.push({ cluster, summary: summarizeCluster(outcome.results, history), folder: outcome.folder });
    req.say(`scanned ${label}: score ${outcome.results.summary.score.toFixed(1)} → ${outcome.folder}/`);
  }

  const fleetFolder = join(req.outDir, 'fleet');
  await mkdir(fleetFolder, { recursive: true });
  const model = buildFleetModel(
    scanned.map((s) => s.summary),
    failed,
  );
  await writeFile(join(fleetFolder, 'fleet.html'), renderFleetHtml(model));
  await writeFile(join(fleetFolder, 'fleet.pdf'), await renderFleetPdf(model));
  await writeFile(join(fleetFolder, 'not-scanned.json'), `${JSON.stringify(failed, null, 2)}\n`);
  req.say(`fleet report: ${scanned.length} scanned, ${failed.length} not scanned → ${fleetFolder}/`);
  return { scanned, failed, fleetFolder, belowThreshold };
}
