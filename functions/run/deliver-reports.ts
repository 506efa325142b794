/**
 * Report: the end of a run. Reads what the scans left in runs/<runId>/, renders each cluster's report (HTML, PDF,
 * CSV) against its history, files the results into history/, renders the fleet report and sends one email.
 *
 * Safe to retry: every write is an overwrite of the same key with the same content, the run's own results are
 * never moved or deleted, and the email is claimed (runs/<runId>/email-sent.json, created only if absent) before it
 * is sent, so a retried Report step renders again but does not email twice. The claim is released when SES refuses
 * the message, so a retry can send it; a crash between the claim and the send costs the email, never a duplicate.
 */
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { ReporterConfig } from '../config/types.js';
import type { Signer } from '../integrity/keys.js';
import type { EmailLinks, LinkIssuer } from '../links/issuer.js';
import { type Bucket, createOnce, deleteObject, getText, listKeys, putJson, putObject } from '../publish/s3-bucket.js';
import { sendEmail } from '../publish/ses-email.js';
import type { EmailInput, LinkTerms, PreviousRun } from '../report/email.js';
import type { ScanResults } from '../scoring/results.js';
import { validateResults } from '../scoring/validate-results.js';
import type { DiscoveryRecord } from './discover-clusters.js';
import { clusterEvidence } from './evidence.js';
import {
  assertRunId,
  type ClusterItem,
  clusterLabel,
  clustersKey,
  discoveryKey,
  emailClaimKey,
  failureKey,
  fleetPrefix,
  historyKey,
  historyPrefix,
  isClusterItem,
  reportPrefix,
  reportsRunPrefix,
  resultsKey,
} from './layout.js';
import { type RunLog, reasonOf, redact, silentLog } from './log.js';

/** Earlier runs read per cluster for its trend and changes: about a quarter of weekly runs. */
export const HISTORY_RUNS = 12;
export const NO_RESULT_REASON = 'no result was written (the scan did not finish and recorded no failure)';
/** The per-cluster files of the Report step; the same names as the CLI's (test/handlers/deliver.test.ts). */
export const REPORT_FILES = {
  html: 'report.html',
  pdf: 'report.pdf',
  csv: 'findings.csv',
  requirements: 'requirements.csv',
} as const;
export const FLEET_FILES = { html: 'fleet.html', pdf: 'fleet.pdf' } as const;
const RENDER_CONCURRENCY = 2;

/**
 * Some cluster reports could not be rendered, or Security Hub or EventBridge refused what was sent, after
 * everything else was delivered and the email sent. Its name is the error type Step Functions sees: the state
 * machine does not retry it, since a retry would render the whole fleet again and meet the same problem.
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

export interface DeliverResult {
  runId: string;
  scanned: number;
  failed: number;
  email: EmailOutcome;
  messageId?: string;
  fleetPdfAttached?: boolean;
  /** Findings Security Hub accepted (config securityHub). */
  findingsImported?: number;
  /** Events EventBridge accepted (config events). */
  eventsSent?: number;
}

export interface DeliverDeps {
  config: ReporterConfig;
  bucket: Bucket;
  ses: SESv2Client;
  /** The email's links to report objects: presigned URLs or links to the link function (config report.links). */
  links: LinkIssuer;
  /** Signs each cluster's manifest.json (the stack's KMS key); the manifests are unsigned without one. */
  signer?: Signer;
  log?: RunLog;
  now?: () => Date;
  /** Security Hub and the product ARN's account, region and partition (the Report function's); config securityHub. */
  securityHub?: {
    client: Pick<SecurityHubClient, 'send'>;
    importTo: { partition: string; region: string; accountId: string };
  };
  /** The default event bus's client; config events. */
  events?: Pick<EventBridgeClient, 'send'>;
}

interface Scanned {
  cluster: ClusterItem;
  results: ScanResults;
  resultsJson: string;
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

/**
 * What is kept of a cluster once its reports are written: the results (for the fleet report and the email) and the
 * previous run's score and statuses. Its results.json text and its history are let go, so the step's memory grows
 * with one parsed results per cluster, not fourteen.
 */
interface Rendered {
  cluster: ClusterItem;
  results: ScanResults;
  previous?: PreviousRun;
  /** Undefined when the cluster's reports could not be rendered. */
  reportKeys?: { html: string; pdf: string; csv: string; requirements: string };
}

export async function deliverReports(event: DeliverEvent, deps: DeliverDeps): Promise<DeliverResult> {
  assertRunId(event.runId);
  const { runId } = event;
  const log = deps.log ?? silentLog;
  const now = deps.now ?? (() => new Date());

  const clusters = await readClusterList(deps.bucket, runId);
  const { previousRunOf } = await import('../report/email.js');
  const { earlierRuns } = await import('../report/index.js');
  const renderProblems: string[] = [];
  // One cluster at a time per worker, read, rendered and reduced before the next: the step holds at most
  // RENDER_CONCURRENCY results texts and histories at once, whatever the size of the fleet.
  const outcomes = await mapLimit(clusters, RENDER_CONCURRENCY, async (c): Promise<Rendered | Failed> => {
    const s = await readOutcome(deps.bucket, runId, c);
    if ('reason' in s) return s;
    const history = await readHistory(deps.bucket, s, log);
    const last = earlierRuns(s.results, history).at(-1);
    const kept: Rendered = { cluster: s.cluster, results: s.results, previous: last && previousRunOf(last) };
    try {
      kept.reportKeys = await renderClusterReports(deps, runId, s, history);
      await putObject(deps.bucket, historyKey(s.cluster, s.results.generatedAt), s.resultsJson, 'application/json');
    } catch (err) {
      const reason = reasonOf(err);
      renderProblems.push(`${clusterLabel(s.cluster)}: ${reason}`);
      log.error('cluster report not rendered', { cluster: clusterLabel(s.cluster), reason });
    }
    return kept;
  });
  const rendered = outcomes.flatMap((o) => ('results' in o ? [o] : []));
  const failed = outcomes.flatMap((o) => ('reason' in o ? [o] : []));
  failed.push(...(await readDiscoveryProblems(deps.bucket, runId)));

  const { buildFleetModel, renderFleetHtml, renderFleetPdf } = await import('../report/fleet.js');
  const fleetModel = buildFleetModel(rendered.map((s) => s.results));
  const fleetPdf = await renderFleetPdf(fleetModel);
  const fleetPdfKey = `${fleetPrefix(runId)}${FLEET_FILES.pdf}`;
  await putObject(
    deps.bucket,
    `${fleetPrefix(runId)}${FLEET_FILES.html}`,
    renderFleetHtml(fleetModel),
    'text/html; charset=utf-8',
  );
  await putObject(deps.bucket, fleetPdfKey, fleetPdf, 'application/pdf');
  log.info('reports written', { runId, scanned: rendered.length, failed: failed.length });

  const result: DeliverResult = { runId, scanned: rendered.length, failed: failed.length, email: 'no-recipients' };
  const { recipients, sender } = deps.config.report;
  if (recipients.length === 0 || !sender) {
    log.info('no recipients configured; reports are in the bucket only', { runId });
  } else {
    const email = await composeEmail(deps, runId, now(), rendered, failed, { key: fleetPdfKey, bytes: fleetPdf });
    const sent = await sendOnce(deps, runId, now, { sender, recipients, ...email });
    Object.assign(result, sent, { fleetPdfAttached: email.attachment !== undefined });
    log.info(sent.email === 'sent' ? 'email sent' : 'email already sent for this run; not sending again', {
      runId,
      recipients: recipients.length,
    });
  }

  const integrationProblems: string[] = [];
  if (deps.config.securityHub && deps.securityHub) {
    const outcome = await importToSecurityHub(deps, rendered, now());
    result.findingsImported = outcome.imported;
    integrationProblems.push(...outcome.problems);
    log.info('findings imported into Security Hub', {
      runId,
      imported: outcome.imported,
      refused: outcome.problems.length,
    });
  }
  if (deps.config.events && deps.events) {
    const { putEvents, runEvents } = await import('../publish/run-events.js');
    const entries = runEvents({
      runId,
      time: now(),
      bucket: deps.bucket.name,
      fleetReports: { html: `${fleetPrefix(runId)}${FLEET_FILES.html}`, pdf: fleetPdfKey },
      scanned: rendered.map((r) => ({
        name: r.cluster.name,
        region: r.cluster.region,
        account: r.cluster.account,
        score: r.results.summary.score,
        previousScore: r.previous?.summary.score,
        reports: r.reportKeys,
      })),
      notScanned: failed
        .filter((f) => !isDiscoveryProblem(f))
        .map((f) => ({ name: f.cluster, region: f.region, account: f.account, reason: f.reason })),
      discoveryProblems: failed.filter(isDiscoveryProblem).length,
    });
    const outcome = await putEvents(deps.events, entries);
    result.eventsSent = outcome.sent;
    integrationProblems.push(...outcome.problems);
    log.info('run events put on the default bus', { runId, sent: outcome.sent, refused: outcome.problems.length });
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

/** Each rendered cluster's requirements as ASFF findings, linked to its HTML report, imported into Security Hub. */
async function importToSecurityHub(
  deps: DeliverDeps,
  rendered: readonly Rendered[],
  now: Date,
): Promise<{ imported: number; problems: string[] }> {
  if (!deps.securityHub) return { imported: 0, problems: [] };
  const { AsffError, asffFindings } = await import('../report/asff.js');
  const { importFindings } = await import('../publish/security-hub.js');
  const links = await deps.links(now, deps.config.report.linkExpiryDays);
  const findings = [];
  const problems: string[] = [];
  for (const r of rendered) {
    try {
      const reportUrl = r.reportKeys ? await links.url(r.reportKeys.html) : undefined;
      findings.push(...asffFindings(r.results, { importTo: deps.securityHub.importTo, reportUrl }));
    } catch (err) {
      if (!(err instanceof AsffError)) throw err;
      problems.push(err.message);
    }
  }
  const outcome = await importFindings(deps.securityHub.client, findings);
  return { imported: outcome.imported, problems: [...problems, ...outcome.problems] };
}

async function readClusterList(bucket: Bucket, runId: string): Promise<ClusterItem[]> {
  const text = await getText(bucket, clustersKey(runId));
  if (text === undefined) throw new Error(`${clustersKey(runId)} is missing: did the Discover step run for ${runId}?`);
  const list: unknown = JSON.parse(text);
  if (!Array.isArray(list)) throw new Error(`${clustersKey(runId)}: expected a JSON array`);
  return list.filter(isClusterItem);
}

async function readOutcome(bucket: Bucket, runId: string, cluster: ClusterItem): Promise<Scanned | Failed> {
  const resultsJson = await getText(bucket, resultsKey(runId, cluster));
  let reason: string;
  if (resultsJson !== undefined) {
    const checked = checkedResults(resultsJson);
    if ('results' in checked) return { cluster, results: checked.results, resultsJson };
    reason = checked.problem;
  } else {
    const failure = await getText(bucket, failureKey(runId, cluster));
    reason = failure === undefined ? NO_RESULT_REASON : failureReason(failure);
  }
  return {
    cluster: cluster.name,
    region: cluster.region,
    ...(cluster.account ? { account: cluster.account } : {}),
    reason,
  };
}

/**
 * A results file as the Report step may use it: JSON that schema/results.schema.json accepts. Anything else is
 * neither rendered nor filed into history (where it would feed every later report's trend), and the cluster is
 * reported as failed with the first problems the schema names.
 */
export function checkedResults(text: string): { results: ScanResults } | { problem: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { problem: 'its results.json is not valid JSON' };
  }
  const validation = validateResults(doc);
  if (validation.valid) return { results: doc as ScanResults };
  // The paths name the document's own keys: cut each, so a hostile file cannot fill the email.
  const shown = validation.errors.slice(0, 3).map((e) => (e.length > 160 ? `${e.slice(0, 157)}...` : e));
  const more = validation.errors.length > shown.length ? ` (and ${validation.errors.length - shown.length} more)` : '';
  return { problem: `its results.json does not match the results schema: ${shown.join('; ')}${more}` };
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
    cluster: `(cluster discovery in ${p.region})`,
    region: p.region,
    reason: p.reason,
    discovery: true,
  }));
}

/** Up to HISTORY_RUNS earlier results of the cluster, oldest first; this run's own copy is left out. */
async function readHistory(bucket: Bucket, s: Scanned, log: RunLog): Promise<ScanResults[]> {
  const own = historyKey(s.cluster, s.results.generatedAt);
  // ISO timestamps in the key sort by time.
  const keys = (await listKeys(bucket, historyPrefix(s.cluster)))
    .filter((k) => k !== own && k.endsWith('.json'))
    .sort()
    .reverse()
    .slice(0, HISTORY_RUNS);
  const runs: ScanResults[] = [];
  for (const key of keys) {
    const text = await getText(bucket, key);
    if (text === undefined) continue;
    const checked = checkedResults(text);
    if ('results' in checked) {
      if (checked.results.runId !== s.results.runId) runs.push(checked.results);
    } else {
      log.warn('unreadable history entry skipped', { key, reason: checked.problem });
    }
  }
  return runs.sort((a, b) => a.generatedAt.localeCompare(b.generatedAt));
}

async function renderClusterReports(
  deps: DeliverDeps,
  runId: string,
  s: Scanned,
  history: ScanResults[],
): Promise<{ html: string; pdf: string; csv: string; requirements: string }> {
  const { renderCsv, renderHtml, renderPdf, renderRequirementsCsv } = await import('../report/index.js');
  const { bucket } = deps;
  const prefix = reportPrefix(runId, s.cluster);
  const keys = {
    html: `${prefix}${REPORT_FILES.html}`,
    pdf: `${prefix}${REPORT_FILES.pdf}`,
    csv: `${prefix}${REPORT_FILES.csv}`,
    requirements: `${prefix}${REPORT_FILES.requirements}`,
  };
  const evidence = await clusterEvidence(bucket, runId, s.cluster, s, deps.config, deps.signer);
  const { classification, distribution, recipients } = deps.config.report;
  const input = { results: s.results, history, documentControl: { classification, distribution, recipients } };
  const html = renderHtml(input);
  await putObject(bucket, keys.html, html, 'text/html; charset=utf-8');
  const pdf = await renderPdf({ ...input, resultsJson: s.resultsJson, evidence: evidence?.pdf });
  await putObject(bucket, keys.pdf, pdf, 'application/pdf');
  const csv = renderCsv(s.results);
  await putObject(bucket, keys.csv, csv, 'text/csv; charset=utf-8');
  const requirements = renderRequirementsCsv(s.results);
  await putObject(bucket, keys.requirements, requirements, 'text/csv; charset=utf-8');
  await evidence?.seal([
    { name: REPORT_FILES.html, bytes: html },
    { name: REPORT_FILES.pdf, bytes: pdf },
    { name: REPORT_FILES.csv, bytes: csv },
    { name: REPORT_FILES.requirements, bytes: requirements },
  ]);
  return keys;
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
  rendered: Rendered[],
  failed: Failed[],
  fleetPdf: { key: string; bytes: Uint8Array },
): Promise<ComposedEmail> {
  const { renderEmail } = await import('../report/index.js');
  const links = await deps.links(now, deps.config.report.linkExpiryDays);
  const link = (key: string) => links.url(key);

  const clusters: EmailInput['clusters'] = [];
  for (const r of rendered) {
    clusters.push({
      results: r.results,
      previous: r.previous,
      reportLinks: r.reportKeys ? { html: await link(r.reportKeys.html), pdf: await link(r.reportKeys.pdf) } : {},
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
