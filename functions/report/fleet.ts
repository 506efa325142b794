/**
 * The fleet report: every cluster of one run side by side. Scores and counts per cluster, the requirements that fail
 * in the most clusters, and a cluster × CIS section heat map (pass ratio per section). One view model, rendered as a
 * self-contained HTML page (no script) and as a PDF with the same primitives as the cluster report.
 */

import Handlebars from 'handlebars';
import { CIS_EKS_1_8_0 } from '../frameworks/cis-eks-1.8.0.js';
import { revealInvisibleIn } from '../model/visible-text.js';
import type { RequirementStatus, StatusCounts } from '../scoring/results.js';
import { scoreBand } from '../scoring/score.js';
import { singleLine } from './escape.js';
import { type CountItem, formatTimestamp } from './model.js';
import {
  COLOR,
  contentWidth,
  createPdfDocument,
  PdfWriter,
  pdfDate,
  STATUS_COLOR,
  type TableCell,
  writeFooters,
} from './pdf.js';
import { countText, plural } from './plural.js';
import { type ClusterSummary, cisSection, compareSection, isAssessed } from './summary.js';
import { loadFleetTemplate } from './templates.js';

export { cisSection };

export const CIS_FRAMEWORK_ID = CIS_EKS_1_8_0.id;
/** Requirements listed in "worst across the fleet". */
export const FLEET_WORST_LIMIT = 15;
/** Clusters named beside each of those requirements; the rest are counted ("and 12 more"). */
export const FLEET_NAMED_CLUSTERS = 20;

export interface FleetCluster {
  name: string;
  region: string;
  accountId: string;
  runId: string;
  generatedAtText: string;
  score: number;
  scoreText: string;
  scoreColor: string;
  /** Width of the score bar in the HTML, 0–100. */
  scoreBar: number;
  counts: CountItem[];
  failingChecks: number;
  findings: number;
}

export interface WorstRequirement {
  frameworkId: string;
  frameworkTitle: string;
  id: string;
  title: string;
  failingClusters: number;
  /** Clusters in which the requirement was assessed (pass, fail or waived). */
  assessedClusters: number;
  clusters: string;
}

export interface HeatCell {
  section: string;
  passed: number;
  assessed: number;
  /** passed ÷ assessed, null when nothing in the section was assessed. */
  ratio: number | null;
  text: string;
  fill: string;
}

export interface HeatRow {
  cluster: string;
  cells: HeatCell[];
}

/** A cluster the run could not scan or render, or a discovery that failed: listed whole, never dropped. */
export interface NotScannedInput {
  cluster: string;
  region?: string;
  account?: string;
  reason: string;
  /** A Region (or account, or the organization) whose clusters could not be listed, not one cluster. */
  discovery?: boolean;
}

export interface NotScannedRow {
  name: string;
  /** "eu-west-1 · 444455556666", or '' when neither is known. */
  where: string;
  reason: string;
  discovery: boolean;
}

export interface FleetModel {
  title: string;
  /** The latest generatedAt of the runs (ISO 8601); the PDF's date. */
  generatedAt: string;
  /** "eks-compliance-reporter 0.1.0" */
  toolText: string;
  generatedAtText: string;
  generatedDate: string;
  runIds: string;
  /** Clusters scanned (and so in the tables and the average). */
  clusterCount: number;
  /** "2 clusters scanned · 1 not scanned · 1 discovery problem": what the run covered, and what it did not. */
  coverageText: string;
  notScanned: NotScannedRow[];
  averageScoreText: string;
  clusters: FleetCluster[];
  worstRequirements: WorstRequirement[];
  heatmap: { sections: { id: string; title: string }[]; rows: HeatRow[]; legend: { text: string; fill: string }[] };
}

const STATUS_ORDER: { key: keyof StatusCounts; status: RequirementStatus; label: string }[] = [
  { key: 'pass', status: 'pass', label: 'Pass' },
  { key: 'fail', status: 'fail', label: 'Fail' },
  { key: 'manual', status: 'manual', label: 'Manual' },
  { key: 'waived', status: 'waived', label: 'Waived' },
  { key: 'notApplicable', status: 'not-applicable', label: 'Not applicable' },
  { key: 'notAssessed', status: 'not-assessed', label: 'Not assessed' },
];

function scoreColor(score: number): string {
  return { good: STATUS_COLOR.pass, fair: STATUS_COLOR['not-assessed'], poor: STATUS_COLOR.fail }[scoreBand(score)];
}

// Light fills (dark text stays readable on every one): red at 0 %, amber at 50 %, green at 100 %.
const HEAT_STOPS: [number, number, number][] = [
  [0xf4, 0xc7, 0xcc],
  [0xfb, 0xe7, 0xb0],
  [0xc5, 0xe8, 0xcb],
];
const HEAT_NONE = '#eaeef2';

export function heatFill(ratio: number | null): string {
  if (ratio === null) return HEAT_NONE;
  const r = Math.max(0, Math.min(1, ratio));
  const [from, to, t] = r < 0.5 ? [HEAT_STOPS[0], HEAT_STOPS[1], r * 2] : [HEAT_STOPS[1], HEAT_STOPS[2], (r - 0.5) * 2];
  const mix = from.map((c, i) => Math.round(c + (to[i] - c) * t));
  return `#${mix.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** Display names: single-line, capped, and told apart by region (then account) when two clusters share a name. */
function clusterLabels(summaries: readonly ClusterSummary[]): string[] {
  const base = summaries.map((r) => singleLine(r.cluster.name) || '(unnamed)');
  const count = (list: string[]) => {
    const counts = new Map<string, number>();
    for (const n of list) counts.set(n, (counts.get(n) ?? 0) + 1);
    return counts;
  };
  const baseCounts = count(base);
  const labels = base.map((name, i) => {
    const region = summaries[i].cluster.region;
    return (baseCounts.get(name) ?? 0) > 1 && region ? `${name} (${singleLine(region)})` : name;
  });
  const labelCounts = count(labels);
  return labels.map((label, i) => {
    const account = summaries[i].cluster.accountId;
    return (labelCounts.get(label) ?? 0) > 1 && account ? `${label} [${account}]` : label;
  });
}

/** "a, b, c and 12 more": the clusters a requirement fails in, named up to FLEET_NAMED_CLUSTERS. */
function namedClusters(names: readonly string[]): string {
  if (names.length <= FLEET_NAMED_CLUSTERS) return names.join(', ');
  return `${names.slice(0, FLEET_NAMED_CLUSTERS).join(', ')} and ${names.length - FLEET_NAMED_CLUSTERS} more`;
}

function worstRequirements(summaries: readonly ClusterSummary[], labels: string[]): WorstRequirement[] {
  const byKey = new Map<string, WorstRequirement & { order: number; failing: string[] }>();
  let order = 0;
  summaries.forEach((run, i) => {
    for (const framework of run.frameworks) {
      for (const r of framework.requirements) {
        const key = JSON.stringify([framework.id, r.id]);
        let entry = byKey.get(key);
        if (!entry) {
          entry = {
            frameworkId: framework.id,
            frameworkTitle: singleLine(framework.title),
            id: singleLine(r.id),
            title: '',
            failingClusters: 0,
            assessedClusters: 0,
            clusters: '',
            order: order++,
            failing: [],
          };
          byKey.set(key, entry);
        }
        if (isAssessed(r.status)) entry.assessedClusters++;
        if (r.status === 'fail') {
          entry.failingClusters++;
          entry.failing.push(labels[i]);
          if (!entry.title && r.title) entry.title = singleLine(r.title);
        }
      }
    }
  });
  return [...byKey.values()]
    .filter((e) => e.failingClusters > 0)
    .sort((a, b) => b.failingClusters - a.failingClusters || a.order - b.order)
    .slice(0, FLEET_WORST_LIMIT)
    .map(({ order: _order, failing, ...rest }) => ({ ...rest, clusters: namedClusters(failing) }));
}

function heatmap(summaries: readonly ClusterSummary[], labels: string[]): FleetModel['heatmap'] {
  const titles = new Map<string, string>();
  for (const run of summaries) {
    for (const s of run.cisSections) if (!titles.has(s.id)) titles.set(s.id, singleLine(s.title));
  }
  const sections = [...titles.keys()].sort(compareSection);
  const rows: HeatRow[] = summaries.map((run, i) => {
    const cells = new Map(run.cisSections.map((s) => [s.id, s]));
    return {
      cluster: labels[i],
      cells: sections.map((section) => {
        const { passed, assessed } = cells.get(section) ?? { passed: 0, assessed: 0 };
        const ratio = assessed > 0 ? passed / assessed : null;
        return {
          section,
          passed,
          assessed,
          ratio,
          text: ratio === null ? 'n/a' : `${Math.round(ratio * 100)}%`,
          fill: heatFill(ratio),
        };
      }),
    };
  });
  return {
    sections: sections.map((id) => ({ id, title: titles.get(id) ?? id })),
    rows,
    legend: [
      { text: '0%', fill: heatFill(0) },
      { text: '50%', fill: heatFill(0.5) },
      { text: '100%', fill: heatFill(1) },
      { text: 'nothing assessed', fill: heatFill(null) },
    ],
  };
}

/**
 * `summaries`: each cluster's summary (functions/report/summary.ts), one per cluster, in the order to show them. A
 * pure function of the summaries: the fleet report never needs a cluster's results.json.
 */
export function buildFleetModel(
  summaries: readonly ClusterSummary[],
  notScannedInput: readonly NotScannedInput[] = [],
): FleetModel {
  const notScanned: NotScannedRow[] = notScannedInput.map((f) => ({
    name: singleLine(f.cluster),
    where: [f.region, f.account]
      .filter(Boolean)
      .map((x) => singleLine(x as string))
      .join(' · '),
    reason: singleLine(f.reason) || 'no reason recorded',
    discovery: f.discovery === true,
  }));
  const problems = notScanned.filter((n) => n.discovery).length;
  const coverageText = [
    plural(summaries.length, 'cluster scanned', 'clusters scanned'),
    ...(notScanned.length > problems ? [`${countText(notScanned.length - problems)} not scanned`] : []),
    ...(problems > 0 ? [plural(problems, 'discovery problem')] : []),
  ].join(' · ');
  const labels = clusterLabels(summaries);
  const clusters: FleetCluster[] = summaries.map((run, i) => {
    const score = run.score;
    return {
      name: labels[i],
      region: singleLine(run.cluster.region ?? 'n/a'),
      accountId: singleLine(run.cluster.accountId ?? 'n/a'),
      runId: singleLine(run.runId),
      generatedAtText: formatTimestamp(run.generatedAt),
      score,
      scoreText: `${score}`,
      scoreColor: scoreColor(score),
      scoreBar: Math.max(0, Math.min(100, score)),
      counts: STATUS_ORDER.map(({ key, status, label }) => ({ key: status, label, count: run.counts[key] })),
      failingChecks: run.failingChecks,
      findings: run.findings,
    };
  });
  let latest: string | undefined;
  for (const r of summaries) if (latest === undefined || r.generatedAt > latest) latest = r.generatedAt;
  const average =
    summaries.length > 0 ? Math.round((summaries.reduce((n, r) => n + r.score, 0) / summaries.length) * 10) / 10 : null;
  return {
    title: 'EKS compliance: fleet report',
    generatedAt: latest ?? '',
    toolText: summaries[0] ? `${summaries[0].tool.name} ${summaries[0].tool.version}` : 'eks-compliance-reporter',
    generatedAtText: formatTimestamp(latest),
    generatedDate: latest ? formatTimestamp(latest).slice(0, 10) : 'n/a',
    runIds: [...new Set(summaries.map((r) => singleLine(r.runId)))].join(', '),
    clusterCount: summaries.length,
    coverageText,
    notScanned,
    averageScoreText: average === null ? 'n/a' : `${average}`,
    clusters,
    worstRequirements: worstRequirements(summaries, labels),
    heatmap: heatmap(summaries, labels),
  };
}

/** What the Not scanned section says of itself, in the HTML and the PDF. */
export const NOT_SCANNED_NOTE =
  'These clusters are in no table, score or average of this report: nothing about them was assessed. Each reason ' +
  'is as the run recorded it, with the commands that fix it when they are known.';

let compiled: ((context: unknown) => string) | undefined;

/** fleet.html: self-contained (inline CSS, no script, no external reference); every value escaped by handlebars. */
export function renderFleetHtml(model: FleetModel): string {
  compiled ??= Handlebars.create().compile(loadFleetTemplate(), { strict: false });
  return compiled({ model: revealInvisibleIn(model), notScannedNote: NOT_SCANNED_NOTE });
}

function writeClusters(w: PdfWriter<FleetModel>): void {
  const { doc, model } = w;
  const sect = w.section();
  doc.outline.addItem('Clusters');
  w.heading(sect, 1, model.title);
  w.paragraph(
    sect,
    `${model.coverageText} · average score ${model.averageScoreText} · latest run ${model.generatedAtText} · run ${model.runIds}`,
    { size: 9, color: COLOR.muted },
  );
  w.heading(sect, 2, 'Clusters side by side');
  w.table(
    sect,
    [
      { header: 'Cluster', width: '*' },
      { header: 'Score', width: 40, align: 'right' },
      { header: 'Pass', width: 34, align: 'right' },
      { header: 'Fail', width: 32, align: 'right' },
      { header: 'Manual', width: 48, align: 'right' },
      { header: 'Not assessed', width: 54, align: 'right' },
      { header: 'Failing checks', width: 52, align: 'right' },
      { header: 'Findings', width: 54, align: 'right' },
    ],
    model.clusters.map((c) => {
      const count = (key: string) => `${c.counts.find((x) => x.key === key)?.count ?? 0}`;
      return [
        { text: `${c.name}\n${c.region} · ${c.accountId}`, bold: false },
        { text: c.scoreText, color: c.scoreColor, bold: true },
        { text: count('pass') },
        { text: count('fail') },
        { text: count('manual') },
        { text: count('not-assessed') },
        { text: `${c.failingChecks}` },
        { text: `${c.findings}` },
      ];
    }),
  );
}

/** Clusters not scanned and discovery problems, each with its whole reason (the fix, when it is known). */
function writeNotScanned(w: PdfWriter<FleetModel>): void {
  const { doc, model } = w;
  if (model.notScanned.length === 0) return;
  const sect = w.section();
  doc.outline.addItem('Not scanned');
  w.heading(sect, 2, 'Not scanned');
  w.paragraph(sect, NOT_SCANNED_NOTE, { size: 8, color: COLOR.muted });
  w.table(
    sect,
    [
      { header: 'Cluster', width: 140 },
      { header: 'Reason', width: '*' },
    ],
    model.notScanned.map((n) => [
      { text: n.where ? `${n.name}\n${n.where}` : n.name, bold: !n.discovery },
      { text: n.reason },
    ]),
  );
}

function writeWorst(w: PdfWriter<FleetModel>): void {
  const { doc, model } = w;
  const sect = w.section();
  doc.outline.addItem('Worst requirements');
  w.heading(sect, 2, 'Requirements failing in the most clusters');
  if (model.worstRequirements.length === 0) {
    w.paragraph(sect, 'No requirement fails in any cluster.');
    return;
  }
  w.table(
    sect,
    [
      { header: 'Framework', width: 80 },
      { header: 'Requirement', width: '*' },
      { header: 'Failing in', width: 60, align: 'right' },
      { header: 'Clusters', width: 130 },
    ],
    model.worstRequirements.map((r) => [
      { text: r.frameworkTitle },
      { text: `${r.id} ${r.title}` },
      { text: `${r.failingClusters} of ${r.assessedClusters}`, color: STATUS_COLOR.fail, bold: true },
      { text: r.clusters },
    ]),
  );
}

function writeHeatmap(w: PdfWriter<FleetModel>): void {
  const { doc, model } = w;
  const { sections, rows } = model.heatmap;
  const sect = w.section();
  doc.outline.addItem('CIS section heat map');
  w.heading(sect, 2, 'CIS sections: share of assessed requirements passing');
  if (sections.length === 0 || rows.length === 0) {
    w.paragraph(sect, 'No CIS results in this run.');
    return;
  }
  w.paragraph(
    sect,
    `Sections: ${sections.map((s) => s.title).join('; ')}. A cell is passed ÷ assessed requirements of that section (manual, not-applicable and not-assessed ones are left out); n/a means nothing in it was assessed.`,
    { size: 8, color: COLOR.muted },
  );
  // Many sections make narrow columns: split them over several tables so each cell keeps its percentage legible.
  const perTable = Math.max(1, Math.floor((contentWidth(doc) - 120) / 34));
  for (let start = 0; start < sections.length; start += perTable) {
    const slice = sections.slice(start, start + perTable);
    w.table(
      sect,
      [
        { header: 'Cluster', width: 120 },
        ...slice.map((s) => ({ header: s.id, width: 34 as number | string, align: 'right' as const })),
        ...(slice.length < perTable ? [{ header: '', width: '*' as number | string }] : []),
      ],
      rows.map((row) => [
        { text: row.cluster, bold: true },
        ...row.cells
          .slice(start, start + perTable)
          .map((cell): TableCell => ({ text: cell.text, background: cell.fill })),
        ...(slice.length < perTable ? [{ text: '' }] : []),
      ]),
    );
  }
}

/** fleet.pdf: PDF/A-3b, tagged, with bookmarks and page numbers, from the same model as the HTML. */
export async function renderFleetPdf(fleet: FleetModel): Promise<Buffer> {
  const model = revealInvisibleIn(fleet);
  const { doc, done } = createPdfDocument({
    title: model.title,
    subject: `Compliance of ${model.clusterCount} EKS clusters`,
    creator: model.toolText,
    date: pdfDate(model.generatedAt),
  });
  const w = new PdfWriter(doc, model);
  writeClusters(w);
  writeNotScanned(w);
  writeWorst(w);
  writeHeatmap(w);
  w.root.end();
  writeFooters(doc, `Fleet report · ${model.generatedDate}`);
  doc.end();
  return done;
}
