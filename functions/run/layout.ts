/**
 * Where a run keeps things in the reporter bucket. The state machine builds two of these keys itself
 * (infra/reporter-stack.ts: the clusters list it reads and the failure record it writes on a failed scan), so the
 * shapes here must stay in step with it.
 */

/** One item of runs/<runId>/clusters.json: what the Distributed Map hands each Scan invocation. */
export interface ClusterItem {
  name: string;
  region: string;
  account?: string;
  roleArn?: string;
  network?: string;
}

// Step Functions execution names (the run id) may hold letters of any script and a few punctuation marks, never
// '/', whitespace or wildcards; the first character is kept alphanumeric so '.' and '..' cannot occur.
const RUN_ID = /^[\p{L}\p{N}_][\p{L}\p{N}_.:@+=!()'-]{0,127}$/u;
const CLUSTER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;
const REGION = /^[a-z]{2}(-[a-z0-9]+)+-\d$/;

/** Run ids and cluster names become key segments: reject anything that could step out of its prefix. */
export function assertRunId(runId: unknown): asserts runId is string {
  if (typeof runId !== 'string' || !RUN_ID.test(runId)) {
    throw new Error(
      `invalid runId ${JSON.stringify(runId)}: expected a Step Functions execution name without '/' (at most 128 characters)`,
    );
  }
}

export function isClusterItem(value: unknown): value is ClusterItem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const optional = (k: string) => v[k] === undefined || typeof v[k] === 'string';
  return (
    typeof v.name === 'string' &&
    CLUSTER_NAME.test(v.name) &&
    typeof v.region === 'string' &&
    REGION.test(v.region) &&
    optional('account') &&
    optional('roleArn') &&
    optional('network')
  );
}

export const runPrefix = (runId: string) => `runs/${runId}/`;
export const clustersKey = (runId: string) => `runs/${runId}/clusters.json`;
export const discoveryKey = (runId: string) => `runs/${runId}/discovery.json`;
export const clusterRunPrefix = (runId: string, c: ClusterItem) => `runs/${runId}/clusters/${c.region}/${c.name}/`;
export const resultsKey = (runId: string, c: ClusterItem) => `${clusterRunPrefix(runId, c)}results.json`;
export const snapshotKey = (runId: string, c: ClusterItem) => `${clusterRunPrefix(runId, c)}snapshot.json.gz`;
/** Same form as the state machine's "Record failed scan" step writes. */
export const failureKey = (runId: string, c: ClusterItem) => `runs/${runId}/failures/${c.region}-${c.name}.json`;
export const emailClaimKey = (runId: string) => `runs/${runId}/email-sent.json`;
/** Every report of a run, cluster and fleet. */
export const reportsRunPrefix = (runId: string) => `reports/${runId}/`;
export const reportPrefix = (runId: string, c: ClusterItem) => `${reportsRunPrefix(runId)}${c.region}/${c.name}/`;
export const fleetPrefix = (runId: string) => `${reportsRunPrefix(runId)}fleet/`;
export const historyPrefix = (c: ClusterItem) => `history/${c.region}/${c.name}/`;
export const historyKey = (c: ClusterItem, generatedAt: string) => `${historyPrefix(c)}${generatedAt}.json`;

export const clusterLabel = (c: ClusterItem) => `${c.region}/${c.name}`;
