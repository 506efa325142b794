/**
 * Scan: one cluster of a run. Authenticate (assuming the configured role when there is one), collect the Kubernetes
 * and AWS sides, evaluate with the config's frameworks, waivers and attestations, and write results.json with the
 * gzipped snapshot beside it as evidence.
 *
 * A cluster that cannot be scanned (unreachable, access denied, deleted) is a finding about the fleet, not an
 * error of the run: the reason goes to runs/<runId>/failures/<account>-<region>-<name>.json and the function returns
 * normally, so the Map goes on and the report lists the cluster. Only a failure to write to the bucket throws;
 * the state machine then records the failure itself.
 */
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { configuredChecks } from '../checks/registry.js';
import type { ReporterConfig } from '../config/types.js';
import { resolveAwsCredentials } from '../eks/token.js';
import {
  type CollectSnapshotOptions,
  type CollectTarget,
  collectSnapshot,
  type SnapshotCollection,
} from '../kube/collect-snapshot.js';
import type { Snapshot } from '../model/snapshot.js';
import { type Bucket, putJson, putObject } from '../publish/s3-bucket.js';
import { renderResultsJson } from '../report/json.js';
import { evaluate } from '../scoring/evaluate.js';
import type { ScanResults } from '../scoring/results.js';
import { validateResults } from '../scoring/validate-results.js';
import { type CollectAws, imageUrisOf, instanceIdsOf, withAwsSide } from './aws-side.js';
import { gzipJson } from './gzip-json.js';
import {
  type ClusterItem,
  clusterLabel,
  failureKey,
  type ItemEvent,
  parseItemEvent,
  resultsKey,
  snapshotKey,
} from './layout.js';
import { type RunLog, reasonOf, silentLog } from './log.js';

export type ScanEvent = ItemEvent;

export type ScanOutcome =
  | { status: 'scanned'; runId: string; cluster: string; score: number; resultsKey: string }
  | { status: 'failed'; runId: string; cluster: string; stage: ScanStage; reason: string; failureKey: string };

export type ScanStage = 'collect' | 'evaluate';

/** What a failure record holds when the scan function writes it (the state machine writes its own shape). */
export interface ScanFailureRecord {
  runId: string;
  cluster: ClusterItem;
  stage: ScanStage;
  reason: string;
  failedAt: string;
}

export interface ScanDeps {
  config: ReporterConfig;
  bucket: Bucket;
  log?: RunLog;
  /** Defaults to the real collector. */
  collect?: (target: CollectTarget, options: CollectSnapshotOptions) => Promise<SnapshotCollection>;
  /** Defaults to the SDK provider chain, then AssumeRole into the cluster's roleArn. */
  credentials?: (cluster: ClusterItem) => AwsCredentialIdentityProvider;
  /** The AWS-side collectors; without them the snapshot has DescribeCluster only and the rest is a gap. */
  collectAws?: CollectAws;
  now?: () => Date;
}

export const parseScanEvent = parseItemEvent;

export async function scanCluster(event: ScanEvent, deps: ScanDeps): Promise<ScanOutcome> {
  const { runId, cluster } = event;
  const log = deps.log ?? silentLog;
  const now = deps.now ?? (() => new Date());
  const label = clusterLabel(cluster);

  const fail = async (stage: ScanStage, err: unknown): Promise<ScanOutcome> => {
    const reason = reasonOf(err);
    const record: ScanFailureRecord = { runId, cluster, stage, reason, failedAt: now().toISOString() };
    const key = failureKey(runId, cluster);
    await putJson(deps.bucket, key, record);
    log.warn('cluster not scanned; the run goes on', { cluster: label, stage, reason });
    return { status: 'failed', runId, cluster: label, stage, reason, failureKey: key };
  };

  let snapshot: Snapshot;
  try {
    snapshot = await collect(cluster, deps, now);
  } catch (err) {
    return fail('collect', err);
  }

  let results: ScanResults;
  try {
    results = evaluate(snapshot, {
      checks: configuredChecks({ approvedRegistries: deps.config.scan.approvedRegistries }),
      frameworks: deps.config.frameworks,
      waivers: deps.config.waivers,
      attestations: deps.config.attestations,
      runId,
      generatedAt: now().toISOString(),
    });
    const validation = validateResults(results);
    if (!validation.valid) {
      throw new Error(`results do not match the results.json schema: ${validation.errors.slice(0, 3).join('; ')}`);
    }
  } catch (err) {
    return fail('evaluate', err);
  }

  // Evidence first: a results.json in the bucket always has its snapshot beside it.
  await putObject(deps.bucket, snapshotKey(runId, cluster), await gzipJson(snapshot), 'application/gzip');
  const key = resultsKey(runId, cluster);
  await putObject(deps.bucket, key, renderResultsJson(results), 'application/json');
  log.info('cluster scanned', {
    cluster: label,
    score: results.summary.score,
    counts: results.summary.counts,
    gaps: results.gaps.length,
  });
  return { status: 'scanned', runId, cluster: label, score: results.summary.score, resultsKey: key };
}

async function collect(cluster: ClusterItem, deps: ScanDeps, now: () => Date): Promise<Snapshot> {
  const credentials = (deps.credentials ?? defaultCredentials)(cluster);
  const target: CollectTarget = {
    kind: 'eks',
    clusterName: cluster.name,
    region: cluster.region,
    roleArn: cluster.roleArn,
  };
  const { snapshot } = await (deps.collect ?? collectSnapshot)(target, {
    credentials,
    kubeletConfig: deps.config.scan.kubeletConfig,
    secretMetadata: deps.config.scan.secretMetadata,
    now,
  });
  if (!deps.collectAws) return snapshot;
  const more = await deps.collectAws({
    clusterName: cluster.name,
    region: cluster.region,
    credentials,
    imageUris: imageUrisOf(snapshot),
    instanceIds: instanceIdsOf(snapshot),
  });
  return withAwsSide(snapshot, more);
}

function defaultCredentials(cluster: ClusterItem): AwsCredentialIdentityProvider {
  return resolveAwsCredentials({
    region: cluster.region,
    roleArn: cluster.roleArn,
    roleSessionName: `eks-compliance-${cluster.name}`.slice(0, 64),
  });
}
