/**
 * The run's events on the account's default EventBridge bus, so rules can forward them (to SNS, AWS Chatbot, a
 * ticket system): one `Compliance Run Completed` with the fleet summary, each cluster's score and change and the
 * report keys, and one `Cluster Scan Failed` per cluster that was not scanned. Building them is pure; putEvents
 * sends them in as few PutEvents calls as the API's limits allow.
 *
 * EventBridge refuses an entry over 256 KB. A fleet large enough to pass that (about a thousand clusters) gets the
 * worst-scoring clusters that fit, and the event says how many were left out and where all of them are listed.
 */
import { type EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { DETAIL_TYPE, EVENT_SOURCE } from '../model/aws-integrations.js';
import { reasonOf } from '../run/log.js';

export { DETAIL_TYPE, EVENT_SOURCE };

/** EventBridge's limits: 256 KB per entry and per PutEvents call, 10 entries per call. */
export const MAX_EVENT_BYTES = 256 * 1024;
export const MAX_ENTRIES_PER_CALL = 10;

export interface ClusterEventInput {
  name: string;
  region: string;
  account?: string;
  score: number;
  /** The previous run's score, when there is one. */
  previousScore?: number;
  /** Report object keys; absent when the cluster's reports could not be rendered. */
  reports?: { html: string; pdf: string; csv: string; requirements?: string };
}

export interface FailedClusterInput {
  name: string;
  region?: string;
  account?: string;
  reason: string;
}

export interface RunEventsInput {
  runId: string;
  /** When the run's reports were delivered. */
  time: Date;
  bucket: string;
  fleetReports: { html: string; pdf: string };
  scanned: readonly ClusterEventInput[];
  notScanned: readonly FailedClusterInput[];
  /** Regions where discovery failed (their clusters are unknown, so no Cluster Scan Failed names them). */
  discoveryProblems: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** What EventBridge counts against the 256 KB: Time (14 bytes), Source, DetailType, Detail and Resources. */
export function entryBytes(entry: PutEventsRequestEntry): number {
  const utf8 = (s: string | undefined) => Buffer.byteLength(s ?? '', 'utf8');
  return (
    (entry.Time ? 14 : 0) +
    utf8(entry.Source) +
    utf8(entry.DetailType) +
    utf8(entry.Detail) +
    (entry.Resources ?? []).reduce((n, r) => n + utf8(r), 0)
  );
}

function clusterDetail(c: ClusterEventInput) {
  const change = c.previousScore === undefined ? null : round1(c.score - c.previousScore);
  return {
    name: c.name,
    region: c.region,
    account: c.account ?? null,
    score: c.score,
    previousScore: c.previousScore ?? null,
    change,
    reports: c.reports ?? null,
  };
}

function completedEntry(input: RunEventsInput, clusters: ReturnType<typeof clusterDetail>[], omitted: number) {
  const scores = input.scanned.map((c) => c.score);
  const detail = {
    runId: input.runId,
    fleet: {
      clusters: input.scanned.length + input.notScanned.length,
      scanned: input.scanned.length,
      notScanned: input.notScanned.length,
      discoveryProblems: input.discoveryProblems,
      averageScore: scores.length > 0 ? round1(scores.reduce((a, b) => a + b, 0) / scores.length) : null,
      lowestScore: scores.length > 0 ? Math.min(...scores) : null,
    },
    clusters,
    ...(omitted > 0
      ? {
          clustersOmitted: omitted,
          clustersOmittedReason: `the ${omitted} best-scoring clusters are left out to keep the event under EventBridge's 256 KB; the fleet report lists every cluster`,
        }
      : {}),
    reports: { bucket: input.bucket, fleet: input.fleetReports },
  };
  return {
    Time: input.time,
    Source: EVENT_SOURCE,
    DetailType: DETAIL_TYPE.completed,
    Detail: JSON.stringify(detail),
  } satisfies PutEventsRequestEntry;
}

/** The run's entries: the completed event first, then one per cluster not scanned. */
export function runEvents(input: RunEventsInput): PutEventsRequestEntry[] {
  // Worst first: when the list must be cut, the clusters that need attention stay.
  const clusters = [...input.scanned].sort((a, b) => a.score - b.score).map(clusterDetail);
  let kept = clusters.length;
  let completed = completedEntry(input, clusters, 0);
  while (entryBytes(completed) > MAX_EVENT_BYTES && kept > 0) {
    // Cut in proportion to the excess, at least one, so a huge fleet takes a few steps, not thousands.
    const excess = entryBytes(completed) / MAX_EVENT_BYTES;
    kept = Math.min(kept - 1, Math.floor(kept / excess));
    completed = completedEntry(input, clusters.slice(0, Math.max(kept, 0)), clusters.length - Math.max(kept, 0));
  }
  const failed = input.notScanned.map((f) => ({
    Time: input.time,
    Source: EVENT_SOURCE,
    DetailType: DETAIL_TYPE.failed,
    Detail: JSON.stringify({
      runId: input.runId,
      cluster: f.name,
      region: f.region ?? null,
      account: f.account ?? null,
      reason: f.reason,
    }),
  }));
  return [completed, ...failed];
}

/** Groups entries into PutEvents calls: at most 10 entries and 256 KB each. */
export function putEventsBatches(entries: readonly PutEventsRequestEntry[]): PutEventsRequestEntry[][] {
  const batches: PutEventsRequestEntry[][] = [];
  let current: PutEventsRequestEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = entryBytes(entry);
    if (current.length === MAX_ENTRIES_PER_CALL || (current.length > 0 && bytes + size > MAX_EVENT_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export interface PutOutcome {
  sent: number;
  problems: string[];
}

export async function putEvents(
  client: Pick<EventBridgeClient, 'send'>,
  entries: readonly PutEventsRequestEntry[],
): Promise<PutOutcome> {
  const outcome: PutOutcome = { sent: 0, problems: [] };
  for (const batch of putEventsBatches(entries)) {
    try {
      const out = await client.send(new PutEventsCommand({ Entries: batch }));
      (out.Entries ?? []).forEach((e, i) => {
        if (e.ErrorCode) {
          outcome.problems.push(`EventBridge refused ${batch[i]?.DetailType}: ${e.ErrorCode}: ${e.ErrorMessage}`);
        } else outcome.sent++;
      });
    } catch (err) {
      outcome.problems.push(`EventBridge PutEvents failed for ${batch.length} events: ${reasonOf(err)}`);
    }
  }
  return outcome;
}
