/**
 * The weekly email: a fleet summary people read on Monday, with links to each cluster's reports. HTML and text
 * parts come from handlebars templates over one view model built here. Email clients strip <style> and scripts and
 * block remote images, so the HTML uses tables and inline styles only.
 *
 * It opens with what needs action (new critical and high failures, waivers and attestations expired or expiring
 * within 30 days, clusters not scanned, coverage gaps), then the fleet summary. Every count is phrased by `plural`.
 *
 * Everything derived from a cluster (names, reasons, titles from results.json) is made single-line before it reaches
 * a template: the subject is a mail header (CR/LF would inject headers), the text part has no escaping at all, and
 * bidi overrides would let a name display as another. Nothing in the body is cut: long names wrap (the HTML breaks
 * them anywhere). Only the subject is capped (SUBJECT_MAX_LENGTH), as mail clients show no more of it.
 *
 * A pure function of its input, each cluster's summary (functions/report/summary.ts): the Report step (a fleet, from
 * the summaries its Map items wrote) and `--format email` (one cluster) render the same way.
 */

import Handlebars from 'handlebars';
import { severityRank } from '../checks/types.js';
import { revealInvisibleIn } from '../model/visible-text.js';
import type { ScanResults } from '../scoring/results.js';
import { scoreBand } from '../scoring/score.js';
import {
  type ActionCluster,
  type ActionGroupView,
  actionGroups,
  MUTED,
  SEVERITY_COLOR,
  SEVERITY_LABEL,
} from './email-actions.js';
import { singleLine } from './escape.js';
import { formatTimestamp } from './model.js';
import { plural } from './plural.js';
import { type ClusterSummary, SUMMARY_LIST_LIMIT, summarizeCluster } from './summary.js';
import { loadEmailTemplates } from './templates.js';

/** Top new failures listed across the fleet: as many as each cluster's summary keeps, so they are all among them. */
export const EMAIL_TOP_NEW_FAILURES = SUMMARY_LIST_LIMIT;
/** Mail clients show about this much of a subject; RFC 5322 allows more, but a longer one is never read. */
export const SUBJECT_MAX_LENGTH = 150;

export interface ReportLinks {
  html?: string;
  pdf?: string;
}

/**
 * What ends the presigned links. 'requested': the configured lifetime, since the credentials that signed them last
 * longer (or do not expire). 'credentials': the signing credentials expire first, at a known time, and the links
 * with them. 'temporary-credentials': temporary credentials whose expiration is unknown signed them, so the
 * configured lifetime is only an upper bound (the usual case in Lambda). 'redirect': not presigned at all; the
 * links go to the link function, which checks their signature and presigns on each click, so the configured
 * lifetime holds exactly.
 */
export type LinkExpiryLimit = 'requested' | 'credentials' | 'temporary-credentials' | 'redirect';

/** The terms of every presigned link in one email: they are signed in one batch, with one lifetime. */
export interface LinkTerms {
  /** When the links stop working (ISO 8601); an upper bound when `limit` is 'temporary-credentials'. */
  expiresAt: string;
  limit: LinkExpiryLimit;
  /** Where the reports stay once the links stop working, e.g. s3://bucket/reports/<runId>/. */
  reportsLocation: string;
}

export interface EmailClusterInput {
  /** The cluster's summary: its score, the change since its previous run, its new failures, registers, coverage. */
  summary: ClusterSummary;
  reportLinks: ReportLinks;
}

export interface EmailInput {
  runId: string;
  generatedAt: string;
  clusters: EmailClusterInput[];
  /** Clusters the run could not scan, with why; `account` tells apart clusters of one name and region. */
  failed: Array<{ cluster: string; region?: string; account?: string; reason: string }>;
  /** The fleet PDF: attached to the email while under the size limit, linked otherwise. */
  fleetPdf?: { attached: boolean; link?: string; sizeBytes: number };
  /** How long the links work; unset when nothing was presigned. */
  links?: LinkTerms;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

interface LinkView {
  label: string;
  href: string;
}

interface ClusterRowView {
  name: string;
  region: string;
  scoreText: string;
  scoreColor: string;
  deltaText: string;
  /** "▼ 5 since last week", "first run". */
  deltaSentence: string;
  deltaColor: string;
  newFailures: number;
  /** "1 new failure", "3 new failures". */
  newFailuresText: string;
  links: LinkView[];
  linksText: string;
}

interface NewFailureView {
  cluster: string;
  checkId: string;
  title: string;
  severityLabel: string;
  severityColor: string;
  objects: number;
  /** "1 object", "3 objects". */
  objectsText: string;
}

export interface EmailModel {
  runId: string;
  generatedAtText: string;
  clusterCount: number;
  /** "1 cluster scanned", "12 clusters scanned". */
  clusterCountText: string;
  /** What needs a person this week, most urgent first; empty when nothing does. */
  actions: ActionGroupView[];
  clusters: ClusterRowView[];
  newFailures: NewFailureView[];
  newFailuresMore: number;
  /** "… and 26 more new failures in the cluster reports." or "". */
  newFailuresMoreText: string;
  failed: { cluster: string; region: string; reason: string }[];
  /** The closing statement on how long the links work and where the reports stay; empty without links. */
  linkNote: string;
  fleetPdf: { attached: boolean; sizeText: string; link: string; note: string } | null;
}

const GOOD = '#116329';
const BAD = '#a40e26';
const FAIR = '#7a4100';

function scoreColor(score: number): string {
  return { good: GOOD, fair: FAIR, poor: BAD }[scoreBand(score)];
}

// A file beside the email (`report.html` in a `--format email` preview): no scheme, no folder, nothing to escape.
const SIBLING_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Only web links: a presigned S3 URL is https; anything else (javascript:, data:) is dropped, not escaped. A plain
 * file name is kept too: the preview links to the reports written beside it.
 */
export function safeLink(url: string | undefined): string | undefined {
  if (!url) return undefined;
  if (SIBLING_FILE.test(url)) return url;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

function name(text: string): string {
  return singleLine(text) || '(unnamed)';
}

function deltaView(summary: ClusterSummary): { text: string; color: string } {
  const delta = summary.changes.scoreDelta;
  if (summary.changes.previous === null || delta === null) return { text: 'first run', color: MUTED };
  if (delta > 0) return { text: `▲ ${delta}`, color: GOOD };
  if (delta < 0) return { text: `▼ ${-delta}`, color: BAD };
  return { text: '= 0', color: MUTED };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** "2026-12-03 06:05 UTC", or "2026-12-03 06:05 UTC at the latest" when the links may stop earlier. */
function expiryText(terms: LinkTerms): string {
  const at = formatTimestamp(terms.expiresAt);
  return terms.limit === 'temporary-credentials' ? `${at} at the latest` : at;
}

/**
 * The email's statement on the links: exact, unless temporary credentials of unknown expiration signed them; then
 * an upper bound, a warning, and where the reports can still be read.
 */
function linkNote(terms: LinkTerms): string {
  const at = formatTimestamp(terms.expiresAt);
  const stay = `The reports stay in ${singleLine(terms.reportsLocation)} until the bucket's retention ends.`;
  switch (terms.limit) {
    case 'requested':
      return `The report links are presigned and stop working on ${at}. ${stay}`;
    case 'redirect':
      return `The report links stop working on ${at}. ${stay}`;
    case 'credentials':
      return (
        `The report links are presigned and stop working on ${at}, when the credentials that signed them ` +
        `expire. ${stay}`
      );
    case 'temporary-credentials':
      return (
        `The report links are presigned to stop working on ${at} at the latest. They are signed with temporary ` +
        `credentials and may stop working earlier, when those credentials expire. ${stay}`
      );
  }
}

function linksText(links: LinkView[], terms: LinkTerms | undefined): string {
  if (links.length === 0) return 'no report links';
  return terms ? `links expire ${expiryText(terms)}` : '';
}

function fleetPdfView(input: EmailInput): EmailModel['fleetPdf'] {
  const pdf = input.fleetPdf;
  if (!pdf) return null;
  const sizeText = formatBytes(pdf.sizeBytes);
  const link = pdf.attached ? '' : (safeLink(pdf.link) ?? '');
  const expiry = input.links ? ` (the link expires ${expiryText(input.links)})` : '';
  let note: string;
  if (pdf.attached) note = `The fleet report PDF (${sizeText}) is attached to this email.`;
  else if (link)
    note = `The fleet report PDF (${sizeText}) is too large to attach; download it from the link below${expiry}.`;
  else note = `The fleet report PDF (${sizeText}) is too large to attach and no link is available.`;
  return { attached: pdf.attached, sizeText, link, note };
}

interface Placed {
  name: string;
  region: string;
  account: string;
}

/**
 * What the email shows under each cluster's name: its region, and its account too where another cluster of the
 * email, scanned or not, has the same name and region (the same name in several accounts is common: `prod`).
 */
function whereTexts(placed: Placed[]): string[] {
  const key = (p: Placed) => JSON.stringify([p.name, p.region]);
  const counts = new Map<string, number>();
  for (const p of placed) counts.set(key(p), (counts.get(key(p)) ?? 0) + 1);
  return placed.map((p) => {
    const account = (counts.get(key(p)) ?? 0) > 1 && p.account ? `account ${p.account}` : '';
    return [p.region, account].filter(Boolean).join(', ');
  });
}

export function buildEmailModel(input: EmailInput): EmailModel {
  const placed: Placed[] = [
    ...input.clusters.map(({ summary }) => ({
      name: name(summary.cluster.name),
      region: singleLine(summary.cluster.region ?? ''),
      account: singleLine(summary.cluster.accountId ?? ''),
    })),
    ...input.failed.map((f) => ({
      name: name(f.cluster),
      region: singleLine(f.region ?? ''),
      account: singleLine(f.account ?? ''),
    })),
  ];
  const where = whereTexts(placed);
  const scannedNames = placed.slice(0, input.clusters.length).map((p) => p.name);
  const newFailures: (NewFailureView & { rank: number })[] = [];
  const label = (i: number) => (where[i] ? `${placed[i].name} (${where[i]})` : placed[i].name);
  const actionClusters: ActionCluster[] = [];
  let newFailureCount = 0;
  const clusters: ClusterRowView[] = input.clusters.map(({ summary, reportLinks }, i) => {
    const clusterName = placed[i].name;
    // The new-failures list names the cluster in one cell: with where it is when another has the same name.
    const shared = scannedNames.filter((n) => n === clusterName).length > 1 && where[i];
    const failureCluster = shared ? `${clusterName} (${where[i]})` : clusterName;
    actionClusters.push({ label: label(i), summary });
    // The summary keeps each cluster's most severe new failures, as many as the email lists across the fleet, so
    // the fleet's top ones are among them; the count is of them all.
    newFailureCount += summary.changes.newFailing;
    for (const change of summary.changes.newFailures) {
      const { objects } = change;
      newFailures.push({
        cluster: failureCluster,
        checkId: name(change.id),
        title: singleLine(change.title),
        severityLabel: SEVERITY_LABEL[change.severity] ?? change.severity,
        severityColor: SEVERITY_COLOR[change.severity] ?? MUTED,
        objects,
        objectsText: plural(objects, 'object'),
        rank: severityRank(change.severity),
      });
    }
    const links: LinkView[] = [];
    const html = safeLink(reportLinks.html);
    const pdf = safeLink(reportLinks.pdf);
    if (html) links.push({ label: 'HTML report', href: html });
    if (pdf) links.push({ label: 'PDF report', href: pdf });
    const delta = deltaView(summary);
    const newFailing = summary.changes.newFailing;
    return {
      name: clusterName,
      region: where[i],
      scoreText: `${summary.score}`,
      scoreColor: scoreColor(summary.score),
      deltaText: delta.text,
      deltaSentence: summary.changes.previous ? `${delta.text} since last week` : delta.text,
      deltaColor: delta.color,
      newFailures: newFailing,
      newFailuresText: plural(newFailing, 'new failure'),
      links,
      linksText: linksText(links, input.links),
    };
  });
  newFailures.sort(
    (a, b) =>
      a.rank - b.rank ||
      b.objects - a.objects ||
      a.cluster.localeCompare(b.cluster) ||
      a.checkId.localeCompare(b.checkId),
  );
  const fleetPdf = fleetPdfView(input);
  const top = newFailures.slice(0, EMAIL_TOP_NEW_FAILURES).map(({ rank: _rank, ...view }) => view);
  const more = Math.max(0, newFailureCount - top.length);
  const failed = input.failed.map((f, i) => ({
    cluster: name(f.cluster),
    region: where[input.clusters.length + i],
    reason: singleLine(f.reason) || 'no reason recorded',
  }));
  const failedLabels = failed.map((f, i) => ({ label: label(input.clusters.length + i), reason: f.reason }));
  return {
    runId: singleLine(input.runId),
    generatedAtText: formatTimestamp(input.generatedAt),
    clusterCount: input.clusters.length,
    clusterCountText: plural(input.clusters.length, 'cluster scanned', 'clusters scanned'),
    actions: actionGroups(actionClusters, failedLabels, placed.length === 1),
    clusters,
    newFailures: top,
    newFailuresMore: more,
    newFailuresMoreText: more > 0 ? `… and ${plural(more, 'more new failure')} in the cluster reports.` : '',
    failed,
    linkNote: input.links && hasLinks(clusters, fleetPdf) ? linkNote(input.links) : '',
    fleetPdf,
  };
}

function hasLinks(clusters: ClusterRowView[], fleetPdf: EmailModel['fleetPdf']): boolean {
  return clusters.some((c) => c.links.length > 0) || Boolean(fleetPdf?.link);
}

/** The subject line: counts and the weakest cluster, one line, no control characters, at most SUBJECT_MAX_LENGTH. */
export function emailSubject(model: EmailModel): string {
  const parts = [`EKS compliance: ${plural(model.clusterCount, 'cluster')}`];
  const lowest = [...model.clusters].sort((a, b) => Number(a.scoreText) - Number(b.scoreText))[0];
  if (lowest) parts.push(`lowest score ${lowest.scoreText} (${singleLine(lowest.name, 40)})`);
  const newCount = model.clusters.reduce((n, c) => n + c.newFailures, 0);
  parts.push(plural(newCount, 'new failure'));
  if (model.failed.length > 0) parts.push(`${model.failed.length} not scanned`);
  return singleLine(parts.join(' · '), SUBJECT_MAX_LENGTH);
}

/**
 * The weekly email of one scanned cluster, as `--format email` writes it for a local preview: this run against the
 * latest earlier run in `history`, linking to the report files written beside it (plain file names).
 */
export function emailPreview(
  results: ScanResults,
  history: readonly ScanResults[],
  reportFiles: { html?: string; pdf?: string },
): RenderedEmail {
  return renderEmail({
    runId: results.runId,
    generatedAt: results.generatedAt,
    clusters: [{ summary: summarizeCluster(results, history), reportLinks: reportFiles }],
    failed: [],
  });
}

type Template = (context: unknown) => string;
let compiled: { html: Template; text: Template } | undefined;

function templates(): { html: Template; text: Template } {
  if (compiled) return compiled;
  const sources = loadEmailTemplates();
  const hbs = Handlebars.create();
  compiled = {
    html: hbs.compile(sources.html, { strict: false }),
    // The text part is not HTML: no entity escaping. Its values are already single-line and control-free.
    text: hbs.compile(sources.text, { strict: false, noEscape: true }),
  };
  return compiled;
}

export function renderEmail(input: EmailInput): RenderedEmail {
  const model = revealInvisibleIn(buildEmailModel(input));
  const { html, text } = templates();
  const context = { model, subject: emailSubject(model) };
  return { subject: context.subject, html: html(context), text: text(context) };
}
