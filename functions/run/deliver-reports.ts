/**
 * Report: the end of a run, and an aggregation only. Each Map item already rendered its cluster's reports and left a
 * small summary (functions/run/render-cluster.ts); this step reads those summaries and the failure records (never a
 * cluster's results.json), renders the fleet report, sends one email and puts the run's events. Its memory grows
 * with the number of clusters by one summary each (a few kilobytes), whatever the clusters' size.
 *
 * Safe to retry: every write is an overwrite of the same key with the same content, and the email and the events are
 * each claimed (runs/<runId>/email-sent.json, events-sent.json, created only if absent) before they go out, so a
 * retried Report step renders the fleet report again but sends neither twice. A claim is released when nothing
 * went out (SES refused the message, EventBridge took no event), so a retry can send; a crash between a claim and
 * its send costs that delivery, never a duplicate.
 */
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { ReporterConfig } from '../config/types.js';
import type { EmailLinks, LinkIssuer } from '../links/issuer.js';
import { type Bucket, createOnce, deleteObject, getText, putJson, putObject } from '../publish/s3-bucket.js';
import { sendEmail } from '../publish/ses-email.js';
import type { EmailInput, LinkTerms } from '../report/email.js';
import type { ClusterSummary } from '../report/summary.js';
import type { DiscoveryRecord } from './discover-clusters.js';
import {
  assertRunId,
  type ClusterItem,
  clusterLabel,
  clustersKey,
  discoveryKey,
  discoveryProblemLabel,
  emailClaimKey,
  eventsClaimKey,
  failureKey,
  fleetReportKey,
  isClusterItem,
  renderFailureKey,
  reportsRunPrefix,
  summaryKey,
} from './layout.js';
import { type RunLog, redact, silentLog } from './log.js';
import type { StoredSummary } from './render-cluster.js';

export { checkedResults, HISTORY_RUNS, REPORT_FILES } from './render-cluster.js';

export const NO_RESULT_REASON = 'no result was written (the scan did not finish and recorded no failure)';
/** Summaries read at once: S3 latency, not memory, is what this bounds (each is a few kilobytes). */
const READ_CONCURRENCY = 16;

/**
 * Some clusters' reports could not be rendered, or Security Hub or EventBridge refused what was sent, after
 * everything else was delivered and the email sent. Its name is the error type Step Functions sees: the state
 * machine does not retry it, since a retry would meet the same problem.
 */
export class ReportsIncompleteError extends Error {
  override name = 'ReportsIncomplete';
  constructor(
    readonly problems: readonly string[],
    readonly integrationProblems: readonly string[] = [],
  ) {
    const parts = [
      ...(problems.length > 0
        ? [`reports of ${problems.length} cluster(s) could not be rendered: ${problems.join('; ')}`]
        : []),
      ...(integrationProblems.length > 0 ? [`delivery incomplete: ${integrationProblems.join('; ')}`] : []),
    ];
    super(parts.join('; '));
  }
}

export interface DeliverEvent {
  runId: string;
}

export type EmailOutcome = 'sent' | 'already-sent' | 'no-recipients';
export type EventsOutcome = 'sent' | 'already-sent';

export interface DeliverResult {
  runId: string;
  /** Clusters whose reports were rendered (they have a summary). */
  scanned: number;
  failed: number;
  email: EmailOutcome;
  messageId?: string;
  fleetPdfAttached?: boolean;
  /** Findings Security Hub accepted, summed over the Map items' imports (config securityHub). */
  findingsImported?: number;
  /** Events EventBridge accepted (config events); 0 on a retry that found them sent. */
  eventsSent?: number;
  events?: EventsOutcome;
}

export interface DeliverDeps {
  config: ReporterConfig;
  bucket: Bucket;
  ses: SESv2Client;
  /** The email's links to report objects: presigned URLs or links to the link function (config report.links). */
  links: LinkIssuer;
  log?: RunLog;
  now?: () => Date;
  /** The default event bus's client; config events. */
  events?: Pick<EventBridgeClient, 'send'>;
}

interface Failed {
  cluster: string;
  region?: string;
  /** Tells apart same-named clusters of one region in different accounts. */
  account?: string;
  reason: string;
  /** A region whose clusters could not be listed, not a cluster. */
  discovery?: boolean;
}

interface Reported {
  cluster: ClusterItem;
  summary: StoredSummary;
}

export async function deliverReports(event: DeliverEvent, deps: DeliverDeps): Promise<DeliverResult> {
  assertRunId(event.runId);
  const { runId } = event;
  const log = deps.log ?? silentLog;
  const now = deps.now ?? (() => new Date());

  const clusters = await readClusterList(deps.bucket, runId);
  const renderProblems: string[] = [];
  const outcomes = await mapLimit(clusters, READ_CONCURRENCY, (c) => readOutcome(deps.bucket, runId, c));
  const reported: Reported[] = [];
  const failed: Failed[] = [];
  for (const o of outcomes) {
    if ('summary' in o) reported.push(o);
    else {
      failed.push(o);
      if (o.renderProblem) renderProblems.push(`${o.label}: ${o.reason}`);
    }
  }
  failed.push(...(await readDiscoveryProblems(deps.bucket, runId)));
  const summaries = reported.map((r) => r.summary);

  const { buildFleetModel, renderFleetHtml, renderFleetPdf } = await import('../report/fleet.js');
  const fleetModel = buildFleetModel(summaries, failed);
  const fleetPdf = await renderFleetPdf(fleetModel);
  const fleetPdfKey = fleetReportKey(runId, 'pdf');
  await putObject(deps.bucket, fleetReportKey(runId, 'html'), renderFleetHtml(fleetModel), 'text/html; charset=utf-8');
  await putObject(deps.bucket, fleetPdfKey, fleetPdf, 'application/pdf');
  log.info('fleet report written', { runId, reported: reported.length, failed: failed.length });

  const result: DeliverResult = { runId, scanned: reported.length, failed: failed.length, email: 'no-recipients' };
  const { recipients, sender } = deps.config.report;
  if (recipients.length === 0 || !sender) {
    log.info('no recipients configured; reports are in the bucket only', { runId });
  } else {
    const email = await composeEmail(deps, runId, now(), summaries, failed, { key: fleetPdfKey, bytes: fleetPdf });
    const sent = await sendOnce(deps, runId, now, { sender, recipients, ...email });
    Object.assign(result, sent, { fleetPdfAttached: email.attachment !== undefined });
    log.info(sent.email === 'sent' ? 'email sent' : 'email already sent for this run; not sending again', {
      runId,
      recipients: recipients.length,
    });
  }

  const integrationProblems: string[] = [];
  if (deps.config.securityHub) {
    // Each Map item imported its own cluster's findings; its summary says how many and what Security Hub refused.
    result.findingsImported = reported.reduce((n, r) => n + (r.summary.findingsImported ?? 0), 0);
    for (const r of reported) {
      for (const problem of r.summary.deliveryProblems ?? []) {
        integrationProblems.push(`${clusterLabel(r.cluster)}: ${problem}`);
      }
    }
  }
  if (deps.config.events && deps.events) {
    const outcome = await putEventsOnce(deps, runId, now, reported, failed, fleetPdfKey);
    Object.assign(result, { events: outcome.events, eventsSent: outcome.sent });
    integrationProblems.push(...outcome.problems);
    log.info(outcome.events === 'sent' ? 'run events put on the default bus' : 'run events already put for this run', {
      runId,
      sent: outcome.sent,
      refused: outcome.problems.length,
    });
  }
  for (const problem of integrationProblems) log.error('delivery problem', { runId, problem });

  // After the email: what could be delivered was. The error makes the step (and its alarm) show the rest.
  if (renderProblems.length > 0 || integrationProblems.length > 0) {
    throw new ReportsIncompleteError(renderProblems, integrationProblems);
  }
  return result;
}

/** A discovery failure is listed with the others, but names a region, not a cluster. */
function isDiscoveryProblem(f: Failed): boolean {
  return f.discovery === true;
}

/**
 * The run's events, put once: claimed like the email (runs/<runId>/events-sent.json, created only if absent), so a
 * retried Report step puts none again. The claim is released when EventBridge took none of them, so a retry can.
 */
async function putEventsOnce(
  deps: DeliverDeps,
  runId: string,
  now: () => Date,
  reported: readonly Reported[],
  failed: readonly Failed[],
  fleetPdfKey: string,
): Promise<{ events: EventsOutcome; sent: number; problems: string[] }> {
  const { putEvents, runEvents } = await import('../publish/run-events.js');
  const claimKey = eventsClaimKey(runId);
  const claimed = await createOnce(
    deps.bucket,
    claimKey,
    JSON.stringify({ runId, state: 'sending', claimedAt: now().toISOString() }),
  );
  if (!claimed) return { events: 'already-sent', sent: 0, problems: [] };
  const entries = runEvents({
    runId,
    time: now(),
    bucket: deps.bucket.name,
    fleetReports: { html: fleetReportKey(runId, 'html'), pdf: fleetPdfKey },
    scanned: reported.map(({ cluster, summary }) => ({
      name: cluster.name,
      region: cluster.region,
      account: cluster.account,
      score: summary.score,
      previousScore: summary.changes.previous?.score,
      reports: reportKeysOf(summary),
    })),
    notScanned: failed
      .filter((f) => !isDiscoveryProblem(f))
      .map((f) => ({ name: f.cluster, region: f.region, account: f.account, reason: f.reason })),
    discoveryProblems: failed.filter(isDiscoveryProblem).length,
  });
  let outcome: { sent: number; problems: string[] };
  try {
    outcome = await putEvents(deps.events as Pick<EventBridgeClient, 'send'>, entries);
  } catch (err) {
    await deleteObject(deps.bucket, claimKey).catch(() => undefined);
    throw err;
  }
  if (outcome.sent === 0 && entries.length > 0) {
    // None went out: release the claim so a retried (or redriven) step can put them.
    await deleteObject(deps.bucket, claimKey).catch(() => undefined);
  } else {
    await putJson(deps.bucket, claimKey, {
      runId,
      state: 'sent',
      sent: outcome.sent,
      refused: outcome.problems.length,
      sentAt: now().toISOString(),
    });
  }
  return { events: 'sent', ...outcome };
}

/** The four report keys of a summary, when its reports were written (the event schema's `reports`). */
function reportKeysOf(
  summary: ClusterSummary,
): { html: string; pdf: string; csv: string; requirements: string } | undefined {
  const r = summary.reports;
  if (!r.html || !r.pdf || !r.csv) return undefined;
  return { html: r.html, pdf: r.pdf, csv: r.csv, requirements: r.requirements };
}

async function readClusterList(bucket: Bucket, runId: string): Promise<ClusterItem[]> {
  const text = await getText(bucket, clustersKey(runId));
  if (text === undefined) throw new Error(`${clustersKey(runId)} is missing: did the Discover step run for ${runId}?`);
  const list: unknown = JSON.parse(text);
  if (!Array.isArray(list)) throw new Error(`${clustersKey(runId)}: expected a JSON array`);
  return list.filter(isClusterItem);
}

type Outcome = Reported | (Failed & { label: string; renderProblem?: boolean });

/**
 * What became of one cluster, from the small files its Map item left: its summary (reports rendered), else why its
 * reports were not rendered, else why it was not scanned. Never its results.json.
 */
async function readOutcome(bucket: Bucket, runId: string, cluster: ClusterItem): Promise<Outcome> {
  const { parseSummary } = await import('../report/summary.js');
  const where = {
    cluster: cluster.name,
    region: cluster.region,
    ...(cluster.account ? { account: cluster.account } : {}),
    label: clusterLabel(cluster),
  };
  const summaryText = await getText(bucket, summaryKey(runId, cluster));
  if (summaryText !== undefined) {
    const summary = parseSummary(summaryText);
    if (summary) return { cluster, summary };
    return { ...where, reason: 'its summary.json is unreadable', renderProblem: true };
  }
  const renderFailure = await getText(bucket, renderFailureKey(runId, cluster));
  if (renderFailure !== undefined) {
    return {
      ...where,
      reason: `scanned, but its reports were not rendered: ${failureReason(renderFailure)}`,
      renderProblem: true,
    };
  }
  const failure = await getText(bucket, failureKey(runId, cluster));
  return { ...where, reason: failure === undefined ? NO_RESULT_REASON : failureReason(failure) };
}

/**
 * The reason in a failure record. The scan function writes `{reason}`; the state machine's catch writes the
 * whole Map item with `error: {Error, Cause}`, where Cause is often the Lambda's JSON error document.
 */
export function failureReason(text: string): string {
  let record: { reason?: unknown; error?: { Error?: unknown; Cause?: unknown } };
  try {
    record = JSON.parse(text);
  } catch {
    return 'the failure record is unreadable';
  }
  if (typeof record.reason === 'string' && record.reason) return redact(record.reason);
  const error = record.error ?? {};
  let cause = typeof error.Cause === 'string' ? error.Cause : '';
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') cause = parsed.errorMessage;
  } catch {
    // Cause is plain text.
  }
  const parts = [typeof error.Error === 'string' ? error.Error : '', cause].filter(Boolean);
  return parts.length > 0 ? redact(parts.join(': ')) : 'the scan failed without a reason';
}

async function readDiscoveryProblems(bucket: Bucket, runId: string): Promise<Failed[]> {
  const text = await getText(bucket, discoveryKey(runId));
  if (text === undefined) return [];
  const record = JSON.parse(text) as Partial<DiscoveryRecord>;
  return (record.problems ?? []).map((p) => ({
    cluster: `(cluster ${discoveryProblemLabel(p)})`,
    region: p.region,
    reason: p.reason,
    discovery: true,
  }));
}

interface ComposedEmail {
  subject: string;
  html: string;
  text: string;
  attachment?: { fileName: string; bytes: Uint8Array };
}

async function composeEmail(
  deps: DeliverDeps,
  runId: string,
  now: Date,
  summaries: readonly StoredSummary[],
  failed: Failed[],
  fleetPdf: { key: string; bytes: Uint8Array },
): Promise<ComposedEmail> {
  const { renderEmail } = await import('../report/index.js');
  const links = await deps.links(now, deps.config.report.linkExpiryDays);
  const link = (key: string) => links.url(key);

  const clusters: EmailInput['clusters'] = [];
  for (const summary of summaries) {
    const { html, pdf } = summary.reports;
    clusters.push({
      summary,
      reportLinks: html && pdf ? { html: await link(html), pdf: await link(pdf) } : {},
    });
  }
  const attach = fleetPdf.bytes.byteLength <= deps.config.report.attachPdfMaxMb * 1024 * 1024;
  const email = renderEmail({
    runId,
    generatedAt: now.toISOString(),
    clusters,
    failed,
    fleetPdf: attach
      ? { attached: true, sizeBytes: fleetPdf.bytes.byteLength }
      : { attached: false, link: await link(fleetPdf.key), sizeBytes: fleetPdf.bytes.byteLength },
    links: linkTerms(links, `s3://${deps.bucket.name}/${reportsRunPrefix(runId)}`),
  });
  return {
    ...email,
    attachment: attach ? { fileName: `eks-compliance-fleet-${runId}.pdf`, bytes: fleetPdf.bytes } : undefined,
  };
}

function linkTerms(links: EmailLinks, reportsLocation: string): LinkTerms {
  return { expiresAt: links.expiresAt.toISOString(), limit: links.limit, reportsLocation };
}

async function sendOnce(
  deps: DeliverDeps,
  runId: string,
  now: () => Date,
  email: ComposedEmail & { sender: string; recipients: string[] },
): Promise<{ email: EmailOutcome; messageId?: string }> {
  const claimKey = emailClaimKey(runId);
  const claimed = await createOnce(
    deps.bucket,
    claimKey,
    JSON.stringify({ runId, state: 'sending', claimedAt: now().toISOString() }),
  );
  if (!claimed) return { email: 'already-sent' };
  let messageId: string | undefined;
  try {
    messageId = await sendEmail(deps.ses, email);
  } catch (err) {
    // Not sent: release the claim so the retried step can send.
    await deleteObject(deps.bucket, claimKey).catch(() => undefined);
    throw err;
  }
  await putJson(deps.bucket, claimKey, {
    runId,
    state: 'sent',
    messageId: messageId ?? null,
    sentAt: now().toISOString(),
  });
  return { email: 'sent', messageId };
}

/** Runs `fn` over `items` with at most `limit` at a time, keeping the order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
