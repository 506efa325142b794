/**
 * Render: the second step of a run's Map item, after Scan, for one cluster. Reads the results.json its scan left in
 * runs/<runId>/, the cluster's history, renders its reports (HTML, PDF, findings and requirements CSV), seals them
 * with the signed manifest, files the results into history/, imports its findings into Security Hub (config
 * securityHub), and writes its summary (functions/report/summary.ts) for the Report step, which reads nothing else of
 * the cluster.
 *
 * Safe to retry: a retried item renders its own cluster again, overwriting the same keys; nothing of another cluster
 * is read or written. A cluster whose reports cannot be rendered gets a render-failure.json instead of a summary, and
 * the function returns normally so the Map goes on; the Report step lists it.
 */
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { ReporterConfig } from '../config/types.js';
import type { Signer } from '../integrity/keys.js';
import type { LinkIssuer } from '../links/issuer.js';
import { type Bucket, getText, listKeys, putJson, putObject } from '../publish/s3-bucket.js';
import type { ClusterSummary } from '../report/summary.js';
import type { ScanResults } from '../scoring/results.js';
import { validateResults } from '../scoring/validate-results.js';
import { clusterEvidence } from './evidence.js';
import {
  type ClusterItem,
  clusterLabel,
  historyKey,
  historyPrefix,
  type ItemEvent,
  renderFailureKey,
  reportPrefix,
  resultsKey,
  summaryKey,
} from './layout.js';
import { type RunLog, reasonOf, silentLog } from './log.js';

/** Earlier runs read per cluster for its trend and changes: about a quarter of weekly runs. */
export const HISTORY_RUNS = 12;
/** The per-cluster report files; the same names as the CLI's (test/handlers/deliver.test.ts). */
export const REPORT_FILES = {
  html: 'report.html',
  pdf: 'report.pdf',
  csv: 'findings.csv',
  requirements: 'requirements.csv',
} as const;
export type ReportKeys = { [K in keyof typeof REPORT_FILES]: string };

export interface RenderDeps {
  config: ReporterConfig;
  bucket: Bucket;
  /** Signs the cluster's manifest.json (the stack's KMS key); unsigned without one. */
  signer?: Signer;
  log?: RunLog;
  now?: () => Date;
  /** Security Hub and the product ARN's account, region and partition (this function's); config securityHub. */
  securityHub?: {
    client: Pick<SecurityHubClient, 'send'>;
    importTo: { partition: string; region: string; accountId: string };
    /** Links to the cluster's HTML report for each finding's SourceUrl. */
    links: LinkIssuer;
  };
}

export type RenderOutcome =
  | {
      status: 'rendered';
      runId: string;
      cluster: string;
      score: number;
      summaryKey: string;
      findingsImported?: number;
      /** What Security Hub refused; also in the summary, for the Report step to report. */
      problems?: string[];
    }
  /** The scan left no results (it failed, and says why in its own record): nothing to render. */
  | { status: 'skipped'; runId: string; cluster: string }
  | { status: 'failed'; runId: string; cluster: string; reason: string; failureKey: string };

/** What a render failure record holds when this function writes it (the state machine writes the Map item's shape). */
export interface RenderFailureRecord {
  runId: string;
  cluster: ClusterItem;
  reason: string;
  failedAt: string;
}

/** The summary as the bucket holds it: the pure summary plus what delivering it met (Security Hub's refusals). */
export type StoredSummary = ClusterSummary & { findingsImported?: number; deliveryProblems?: string[] };

export async function renderCluster(event: ItemEvent, deps: RenderDeps): Promise<RenderOutcome> {
  const { runId, cluster } = event;
  const log = deps.log ?? silentLog;
  const now = deps.now ?? (() => new Date());
  const label = clusterLabel(cluster);

  const text = await getText(deps.bucket, resultsKey(runId, cluster));
  if (text === undefined) return { status: 'skipped', runId, cluster: label };

  try {
    const checked = checkedResults(text);
    if ('problem' in checked) throw new Error(checked.problem);
    const scanned = { cluster, results: checked.results, resultsJson: text };
    const history = await readHistory(deps.bucket, scanned, log);
    const reports = await renderClusterReports(deps, runId, scanned, history);
    await putObject(deps.bucket, historyKey(cluster, checked.results.generatedAt), text, 'application/json');

    let imported: { imported: number; problems: string[] } | undefined;
    if (deps.config.securityHub && deps.securityHub) {
      imported = await importToSecurityHub(deps.securityHub, deps.config, checked.results, reports.html, now());
      log.info('findings imported into Security Hub', {
        cluster: label,
        imported: imported.imported,
        refused: imported.problems.length,
      });
    }

    const { summarizeCluster } = await import('../report/summary.js');
    const summary: StoredSummary = summarizeCluster(checked.results, history, reports);
    if (imported) summary.findingsImported = imported.imported;
    if (imported && imported.problems.length > 0) summary.deliveryProblems = imported.problems;
    const key = summaryKey(runId, cluster);
    // Last: a summary in the bucket means every report it names is there.
    await putJson(deps.bucket, key, summary);
    log.info('cluster reports rendered', { cluster: label, score: summary.score });
    return {
      status: 'rendered',
      runId,
      cluster: label,
      score: summary.score,
      summaryKey: key,
      ...(imported ? { findingsImported: imported.imported } : {}),
      ...(imported && imported.problems.length > 0 ? { problems: imported.problems } : {}),
    };
  } catch (err) {
    const reason = reasonOf(err);
    const record: RenderFailureRecord = { runId, cluster, reason, failedAt: now().toISOString() };
    const key = renderFailureKey(runId, cluster);
    await putJson(deps.bucket, key, record);
    log.error('cluster report not rendered', { cluster: label, reason });
    return { status: 'failed', runId, cluster: label, reason, failureKey: key };
  }
}

/**
 * A results file as the render step may use it: JSON that schema/results.schema.json accepts. Anything else is
 * neither rendered nor filed into history (where it would feed every later report's trend), and the cluster is
 * reported as not rendered with the first problems the schema names.
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

interface Scanned {
  cluster: ClusterItem;
  results: ScanResults;
  resultsJson: string;
}

/**
 * Up to HISTORY_RUNS earlier results of the cluster, oldest first; this run's own copy is left out. The latest is
 * kept whole (the changes since last week compare its findings); each older one is reduced as soon as it is read to
 * what the trend and "failing since" read of it (scores and check statuses), so the step holds two whole results at
 * most, however large the cluster.
 */
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
      if (checked.results.runId !== s.results.runId)
        runs.push(runs.length === 0 ? checked.results : statusesOf(checked.results));
    } else {
      log.warn('unreadable history entry skipped', { key, reason: checked.problem });
    }
  }
  return runs.sort((a, b) => a.generatedAt.localeCompare(b.generatedAt));
}

/** An earlier run as the trend and failingSince (report/history.ts) read it: no findings, evidence or inventories. */
export function statusesOf(run: ScanResults): ScanResults {
  return {
    schemaVersion: run.schemaVersion,
    tool: run.tool,
    runId: run.runId,
    generatedAt: run.generatedAt,
    cluster: run.cluster,
    summary: run.summary,
    frameworks: run.frameworks,
    checks: run.checks.map((c) => ({
      id: c.id,
      title: c.title,
      severity: c.severity,
      status: c.status,
      references: c.references,
      riskAreas: c.riskAreas,
      evaluatedCount: c.evaluatedCount,
      failing: [],
      waived: [],
    })),
    gaps: [],
  };
}

async function renderClusterReports(
  deps: RenderDeps,
  runId: string,
  s: Scanned,
  history: ScanResults[],
): Promise<ReportKeys & { manifest?: string }> {
  const { renderCsv, renderHtml, renderPdf, renderRequirementsCsv } = await import('../report/index.js');
  const { bucket } = deps;
  const prefix = reportPrefix(runId, s.cluster);
  const keys: ReportKeys = {
    html: `${prefix}${REPORT_FILES.html}`,
    pdf: `${prefix}${REPORT_FILES.pdf}`,
    csv: `${prefix}${REPORT_FILES.csv}`,
    requirements: `${prefix}${REPORT_FILES.requirements}`,
  };
  const evidence = await clusterEvidence(bucket, runId, s.cluster, s, deps.config, deps.signer);
  const { classification, distribution, recipients } = deps.config.report;
  const input = { results: s.results, history, documentControl: { classification, distribution, recipients } };
  // Each file is written and let go before the next is rendered: the step holds one report at a time.
  const html = renderHtml(input);
  await putObject(bucket, keys.html, html, 'text/html; charset=utf-8');
  const pdf = await renderPdf({ ...input, resultsJson: s.resultsJson, evidence: evidence?.pdf });
  await putObject(bucket, keys.pdf, pdf, 'application/pdf');
  const csv = renderCsv(s.results);
  await putObject(bucket, keys.csv, csv, 'text/csv; charset=utf-8');
  const requirements = renderRequirementsCsv(s.results);
  await putObject(bucket, keys.requirements, requirements, 'text/csv; charset=utf-8');
  if (!evidence) return keys;
  await evidence.seal([
    { name: REPORT_FILES.html, bytes: html },
    { name: REPORT_FILES.pdf, bytes: pdf },
    { name: REPORT_FILES.csv, bytes: csv },
    { name: REPORT_FILES.requirements, bytes: requirements },
  ]);
  return { ...keys, manifest: `${prefix}manifest.json` };
}

/** The cluster's requirements as ASFF findings, linked to its HTML report, imported into Security Hub. */
async function importToSecurityHub(
  hub: NonNullable<RenderDeps['securityHub']>,
  config: ReporterConfig,
  results: ScanResults,
  htmlKey: string,
  now: Date,
): Promise<{ imported: number; problems: string[] }> {
  const { AsffError, asffFindings } = await import('../report/asff.js');
  const { importFindings } = await import('../publish/security-hub.js');
  try {
    const links = await hub.links(now, config.report.linkExpiryDays);
    const reportUrl = await links.url(htmlKey);
    const findings = asffFindings(results, { importTo: hub.importTo, reportUrl });
    return await importFindings(hub.client, findings);
  } catch (err) {
    if (err instanceof AsffError) return { imported: 0, problems: [err.message] };
    return { imported: 0, problems: [`Security Hub: ${reasonOf(err)}`] };
  }
}
