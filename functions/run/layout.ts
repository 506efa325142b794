/**
 * Where a run keeps things in the reporter bucket. The state machine builds two of these keys itself
 * (infra/reporter-stack.ts: the clusters list it reads and the failure record it writes on a failed scan), so the
 * shapes here must stay in step with it.
 */

/** One item of runs/<runId>/clusters.json: what the Distributed Map hands each Scan invocation. */
export interface ClusterItem {
  name: string;
  region: string;
  /**
   * The 12-digit account the cluster is in. Discover always sets it: a cluster name is unique only within an account
   * and region, so every key of a cluster carries it. An item without it (written by a Discover from before accounts
   * were part of the keys, in a run that was in flight during an upgrade) keeps the old keys, without the account.
   */
  account?: string;
  roleArn?: string;
  network?: string;
}

// Step Functions execution names (the run id) may hold letters of any script and a few punctuation marks, never
// '/', whitespace or wildcards; the first character is kept alphanumeric so '.' and '..' cannot occur.
const RUN_ID = /^[\p{L}\p{N}_][\p{L}\p{N}_.:@+=!()'-]{0,127}$/u;
const CLUSTER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;
const REGION = /^[a-z]{2}(-[a-z0-9]+)+-\d$/;
const ACCOUNT = /^\d{12}$/;

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
    (v.account === undefined || (typeof v.account === 'string' && ACCOUNT.test(v.account))) &&
    optional('roleArn') &&
    optional('network')
  );
}

/** What the Distributed Map hands each of an item's steps (Scan, then Render): {cluster: <item>, runId}. */
export interface ItemEvent {
  runId: string;
  cluster: ClusterItem;
}

export function parseItemEvent(event: unknown): ItemEvent {
  const e = event as { runId?: unknown; cluster?: unknown } | null;
  assertRunId(e?.runId);
  if (!isClusterItem(e?.cluster)) {
    throw new Error(`invalid cluster item ${JSON.stringify(e?.cluster)}: expected {name, region, roleArn?, …}`);
  }
  return { runId: e.runId, cluster: e.cluster };
}

/**
 * A cluster's key segment: `<account>/<region>/<name>`. Clusters of the same name and region in two accounts are
 * two clusters, and get two segments. An item without an account (see ClusterItem.account) keeps the old
 * `<region>/<name>`, so a run started before an upgrade finds what its scans wrote.
 */
export const clusterSegment = (c: ClusterItem) =>
  c.account ? `${c.account}/${c.region}/${c.name}` : `${c.region}/${c.name}`;

export const runPrefix = (runId: string) => `runs/${runId}/`;
export const clustersKey = (runId: string) => `runs/${runId}/clusters.json`;
export const discoveryKey = (runId: string) => `runs/${runId}/discovery.json`;
export const clusterRunPrefix = (runId: string, c: ClusterItem) => `runs/${runId}/clusters/${clusterSegment(c)}/`;
export const resultsKey = (runId: string, c: ClusterItem) => `${clusterRunPrefix(runId, c)}results.json`;
export const snapshotKey = (runId: string, c: ClusterItem) => `${clusterRunPrefix(runId, c)}snapshot.json.gz`;
/**
 * What the Map item's render step leaves for the Report step: the cluster's small summary (report/summary.ts). Outside
 * clusters/, which the scan writes, so neither step can write the other's keys.
 */
export const summaryKey = (runId: string, c: ClusterItem) => `runs/${runId}/summaries/${clusterSegment(c)}.json`;
/**
 * Why the cluster's reports were not rendered: written by the render step, or by the state machine's catch when the
 * render function itself failed (a timeout, out of memory). The form of failureKey, as the state machine builds it.
 */
export const renderFailureKey = (runId: string, c: ClusterItem) =>
  `runs/${runId}/render-failures/${clusterSegment(c).replaceAll('/', '-')}.json`;
/**
 * runs/<runId>/failures/<account>-<region>-<name>.json (the old <region>-<name>.json for an item without an
 * account). Same form as the state machine's "Record failed scan" step writes.
 */
export const failureKey = (runId: string, c: ClusterItem) =>
  `runs/${runId}/failures/${clusterSegment(c).replaceAll('/', '-')}.json`;
export const emailClaimKey = (runId: string) => `runs/${runId}/email-sent.json`;
/** The claim on the run's EventBridge events, taken as the email's is, so a retried Report step puts them once. */
export const eventsClaimKey = (runId: string) => `runs/${runId}/events-sent.json`;
/** Every report of a run, cluster and fleet. */
export const reportsRunPrefix = (runId: string) => `reports/${runId}/`;
export const reportPrefix = (runId: string, c: ClusterItem) => `${reportsRunPrefix(runId)}${clusterSegment(c)}/`;
export const fleetPrefix = (runId: string) => `${reportsRunPrefix(runId)}fleet/`;
/** The fleet report's files, under fleetPrefix: no cluster's report has these names. */
export const FLEET_FILES = { html: 'fleet.html', pdf: 'fleet.pdf' } as const;
export const fleetReportKey = (runId: string, file: keyof typeof FLEET_FILES) =>
  `${fleetPrefix(runId)}${FLEET_FILES[file]}`;
export const historyPrefix = (c: ClusterItem) => `history/${clusterSegment(c)}/`;
export const historyKey = (c: ClusterItem, generatedAt: string) => `${historyPrefix(c)}${generatedAt}.json`;

/**
 * A cluster in log lines, errors and CLI messages: `<account>/<region>/<name>`, or `<region>/<name>` when the account
 * is not known. The account is always there when known, not only when another cluster of the run shares region and
 * name: a label is made from one item, without the rest of the run, and must be the same in every run's logs. The
 * email and fleet report name clusters from the whole run and add the account only where needed.
 */
export const clusterLabel = (c: ClusterItem) => clusterSegment(c);

/** Where a discovery problem was, as the reports and the CLI name it: "discovery in account 444455556666, eu-west-1". */
export const discoveryProblemLabel = (p: { region: string; account?: string }) =>
  `discovery in ${p.account ? `account ${p.account}, ` : ''}${p.region}`;

/**
 * The IAM resource patterns (object keys relative to the bucket, `*` for any characters) each writer may put to,
 * built from the key functions above so the stack's grants and the keys the functions write cannot drift apart
 * (test/infra/stacks.test.ts checks every key against them). Each run id is one `*`.
 */
const ANY_RUN = '*';
/** A cluster segment of at least two parts (`*` matches across '/'): <region>/<name> or <account>/<region>/<name>. */
const ANY_CLUSTER: ClusterItem = { name: '*', region: '*' };
export const WRITE_PATTERNS = {
  /** Discover: the run's cluster list and discovery record. */
  discover: [clustersKey(ANY_RUN), discoveryKey(ANY_RUN)],
  /** Scan: a cluster's results and snapshot, or its failure record (also the state machine's). */
  scan: [`${runPrefix(ANY_RUN)}clusters/*`, `${runPrefix(ANY_RUN)}failures/*`],
  /**
   * Render (the Map item's second step): one cluster's reports, its history entry, its summary, or why it could not
   * render them (also the state machine's).
   */
  render: [
    // <run>/<account>/<region>/<name>/<file> (or the older <run>/<region>/<name>/<file>): never <run>/fleet/<file>.
    `${reportPrefix(ANY_RUN, ANY_CLUSTER)}*`,
    'history/*',
    `${runPrefix(ANY_RUN)}summaries/*`,
    `${runPrefix(ANY_RUN)}render-failures/*`,
  ],
  /** Report: the fleet reports and the email and events claims (the keys it may also delete). */
  // The fleet files by name: `reports/*/fleet/*` would also match the folder of a cluster named "fleet"
  // (reports/<run>/<account>/<region>/fleet/…), whose files are never named fleet.html or fleet.pdf.
  report: [
    fleetReportKey(ANY_RUN, 'html'),
    fleetReportKey(ANY_RUN, 'pdf'),
    emailClaimKey(ANY_RUN),
    eventsClaimKey(ANY_RUN),
  ],
  emailClaim: emailClaimKey(ANY_RUN),
  eventsClaim: eventsClaimKey(ANY_RUN),
} as const;
