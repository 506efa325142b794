/**
 * report.pdf: the auditor's copy. PDF/A-3b with embedded DejaVu fonts only (the constructor gets a TTF so pdfkit
 * never loads its standard Helvetica, which a bundle cannot resolve), tagged, with bookmarks, page footers, and
 * results.json attached so the numbers can be re-checked. Deterministic for the same input: every date comes from
 * the results.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { RequirementStatus } from '../scoring/results.js';
import { escapeXml } from './escape.js';
import { renderResultsJson, sha256Hex } from './json.js';
import {
  buildReportModel,
  type CheckSection,
  type FrameworkSection,
  type ReportInput,
  type ReportModel,
  type TrendChart,
} from './model.js';

export interface PdfInput extends ReportInput {
  /** The exact results.json bytes to attach; by default `renderResultsJson(results)`. */
  resultsJson?: string | Uint8Array;
}

export type Doc = PDFKit.PDFDocument;
export type Struct = PDFKit.PDFStructureElement;

const requireFromHere = createRequire(import.meta.url);

const FONT_FILES = {
  regular: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  bold: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
  mono: 'dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf',
} as const;

export const FONT = { regular: 'Sans', bold: 'Sans-Bold', mono: 'Mono' } as const;

export const COLOR = {
  ink: '#1b1f24',
  muted: '#57606a',
  line: '#d0d7de',
  soft: '#f6f8fa',
  accent: '#0b4f8a',
  cover: '#0b2545',
  coverMuted: '#c9d6e8',
} as const;

export const STATUS_COLOR: Record<string, string> = {
  pass: '#116329',
  fail: '#a40e26',
  manual: '#0a4a8f',
  waived: '#5e2ca5',
  'not-applicable': '#424a53',
  'not-assessed': '#7a4100',
};

export const SEVERITY_COLOR: Record<string, string> = {
  critical: '#8c1020',
  high: '#b3401b',
  medium: '#9a6700',
  low: '#0a3069',
  info: '#424a53',
};

const MARGIN = { top: 56, bottom: 64, left: 50, right: 50 };

/** Fonts come from the dejavu-fonts-ttf package, or from fonts/ beside a Lambda bundle. */
function fontPath(file: string): string {
  const assetDir = process.env.EKS_COMPLIANCE_ASSET_DIR;
  if (assetDir) return `${assetDir.replace(/\/$/, '')}/fonts/${file.split('/').pop()}`;
  return requireFromHere.resolve(file);
}

export function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function pageBottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** Start a new page unless `needed` points still fit on this one. */
export function ensureSpace(doc: Doc, needed: number): void {
  if (doc.y + needed > pageBottom(doc)) doc.addPage();
}

/** Tagged-PDF writing primitives (headings, paragraphs, tables) over one document; `model` is what it renders. */
export class PdfWriter<M = ReportModel> {
  readonly root: Struct;

  constructor(
    readonly doc: Doc,
    readonly model: M,
  ) {
    this.root = doc.struct('Document');
    doc.addStructure(this.root);
  }

  section(): Struct {
    const sect = this.doc.struct('Sect');
    this.root.add(sect);
    return sect;
  }

  heading(sect: Struct, level: 1 | 2 | 3, text: string, color: string = COLOR.accent): void {
    const size = level === 1 ? 18 : level === 2 ? 13 : 11;
    ensureSpace(this.doc, size * 4);
    this.doc
      .font(FONT.bold)
      .fontSize(size)
      .fillColor(color)
      .text(text, this.doc.page.margins.left, this.doc.y, {
        width: contentWidth(this.doc),
        structParent: sect,
        structType: `H${level}`,
      });
    if (level === 1) {
      const y = this.doc.y + 2;
      this.artifact(() =>
        this.doc
          .moveTo(this.doc.page.margins.left, y)
          .lineTo(this.doc.page.width - this.doc.page.margins.right, y)
          .lineWidth(1.5)
          .strokeColor(COLOR.accent)
          .stroke(),
      );
      this.doc.y = y + 8;
    } else {
      this.doc.moveDown(0.3);
    }
  }

  paragraph(sect: Struct, text: string, options: { size?: number; color?: string; font?: string } = {}): void {
    this.doc
      .font(options.font ?? FONT.regular)
      .fontSize(options.size ?? 9.5)
      .fillColor(options.color ?? COLOR.ink)
      .text(text, this.doc.page.margins.left, this.doc.y, {
        width: contentWidth(this.doc),
        structParent: sect,
        structType: 'P',
      });
    this.doc.moveDown(0.4);
  }

  /** A bold lead-in followed by text, as one paragraph. */
  labelled(sect: Struct, label: string, text: string): void {
    const doc = this.doc;
    doc.font(FONT.bold).fontSize(9.5).fillColor(COLOR.ink);
    doc.text(`${label} `, doc.page.margins.left, doc.y, {
      width: contentWidth(doc),
      continued: true,
      structParent: sect,
      structType: 'P',
    });
    doc.font(FONT.regular).text(text);
    doc.moveDown(0.4);
  }

  artifact(draw: () => void): void {
    this.doc.markContent('Artifact');
    draw();
    this.doc.endMarkedContent();
  }

  table(
    sect: Struct,
    columns: { header: string; width: number | string; font?: string; align?: 'left' | 'right' }[],
    rows: TableCell[][],
  ): void {
    const doc = this.doc;
    ensureSpace(doc, 48);
    const headerRow = columns.map((c) => ({
      text: c.header,
      type: 'TH' as const,
      scope: 'column',
      font: { src: FONT.bold, size: 8.5 },
      backgroundColor: COLOR.soft,
      align: { x: c.align ?? 'left', y: 'top' },
    }));
    const bodyRows = rows.map((row) =>
      row.map((cell, i) => ({
        text: clipCell(cell.text),
        textColor: cell.color ?? COLOR.ink,
        ...(cell.background ? { backgroundColor: cell.background } : {}),
        font: { src: cell.bold ? FONT.bold : (columns[i].font ?? FONT.regular), size: 8.5 },
        align: { x: columns[i].align ?? 'left', y: 'top' },
      })),
    );
    doc.x = doc.page.margins.left;
    doc.font(FONT.regular).fontSize(8.5);
    doc.table({
      structParent: sect,
      columnStyles: columns.map((c) => ({ width: c.width })),
      defaultStyle: { border: [0, 0, 0.5, 0], borderColor: COLOR.line, padding: [3, 4, 3, 4] },
      data: [headerRow, ...bodyRows],
      // @types/pdfkit 0.17 lags 0.20: no `structParent` on tables, no `scope` on cells.
    } as unknown as PDFKit.Mixins.TableOptionsWithData);
    doc.x = doc.page.margins.left;
    doc.moveDown(0.6);
  }
}

/**
 * Table cells hold untrusted text. pdfkit breaks a long unbreakable token character by character, which made one
 * 20,000-character name cost seconds; Kubernetes names stop at 253, so the PDF keeps 400 and findings.csv keeps all.
 */
export const PDF_CELL_LIMIT = 400;

export function clipCell(text: string): string {
  return text.length > PDF_CELL_LIMIT ? `${text.slice(0, PDF_CELL_LIMIT - 1)}…` : text;
}

export interface TableCell {
  text: string;
  color?: string;
  bold?: boolean;
  /** Cell fill, e.g. a heat-map colour. */
  background?: string;
}

function statusCell(status: RequirementStatus | string, label: string) {
  return { text: label, color: STATUS_COLOR[status] ?? COLOR.ink, bold: true };
}

function writeCover(w: PdfWriter, resultsSha256: string): void {
  const { doc, model } = w;
  const sect = w.section();
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  w.artifact(() => doc.rect(0, 0, doc.page.width, 250).fill(COLOR.cover));
  doc.y = 70;
  doc
    .font(FONT.regular)
    .fontSize(9)
    .fillColor(COLOR.coverMuted)
    .text(
      `${model.benchmarkName} v1.8.0 · NSA/CISA Kubernetes Hardening Guidance 1.2 · Kubernetes risk areas`,
      left,
      doc.y,
      {
        width,
        characterSpacing: 0.3,
        structParent: sect,
        structType: 'P',
      },
    );
  doc.moveDown(1);
  doc.font(FONT.bold).fontSize(24).fillColor('#ffffff').text('EKS compliance report', left, doc.y, {
    width,
    structParent: sect,
    structType: 'H1',
  });
  doc.moveDown(0.2);
  doc
    .font(FONT.regular)
    .fontSize(16)
    .fillColor('#ffffff')
    .text(model.cluster.name, left, doc.y, { width, height: 60, ellipsis: true, structParent: sect, structType: 'P' });
  doc.moveDown(0.5);
  doc.font(FONT.regular).fontSize(9).fillColor(COLOR.coverMuted).text(model.subtitle, left, doc.y, {
    width,
    structParent: sect,
    structType: 'P',
  });

  doc.y = 280;
  const scoreTop = doc.y;
  doc.font(FONT.bold).fontSize(10).fillColor(COLOR.muted).text('Compliance score', left, scoreTop, {
    width: 160,
    structParent: sect,
    structType: 'P',
  });
  doc
    .font(FONT.bold)
    .fontSize(40)
    .fillColor(
      STATUS_COLOR[model.score.band === 'good' ? 'pass' : model.score.band === 'fair' ? 'not-assessed' : 'fail'],
    )
    .text(`${model.score.text}`, left, scoreTop + 16, {
      width: 160,
      continued: true,
      structParent: sect,
      structType: 'P',
    })
    .font(FONT.regular)
    .fontSize(14)
    .fillColor(COLOR.muted)
    .text(' / 100');
  const countsText = model.requirementCounts.map((c) => `${c.label}: ${c.count}`).join('   ');
  doc
    .font(FONT.regular)
    .fontSize(9)
    .fillColor(COLOR.ink)
    .text(countsText, left + 180, scoreTop + 8, {
      width: width - 180,
      structParent: sect,
      structType: 'P',
    });
  doc.moveDown(0.3);
  doc
    .fontSize(8)
    .fillColor(COLOR.muted)
    .text(model.score.formula, left + 180, doc.y, {
      width: width - 180,
      structParent: sect,
      structType: 'P',
    });
  doc.y = Math.max(doc.y, scoreTop + 80) + 16;

  w.heading(sect, 2, 'Scope and versions');
  w.table(
    sect,
    [
      { header: 'Item', width: 130 },
      { header: 'Value', width: '*' },
    ],
    model.scope.map((row) => [{ text: row.label, bold: true }, { text: row.value }]),
  );

  w.heading(sect, 3, 'Attached results', COLOR.ink);
  w.paragraph(
    sect,
    'The machine-readable results are attached to this PDF as results.json (open the attachments panel of your viewer). Its SHA-256:',
    { size: 8.5 },
  );
  w.paragraph(sect, resultsSha256, { font: FONT.mono, size: 8 });
}

function drawTrend(w: PdfWriter, sect: Struct, trend: TrendChart): void {
  const { doc } = w;
  const scale = Math.min(1, contentWidth(doc) / trend.width);
  const height = trend.height * scale;
  ensureSpace(doc, height + 24);
  const x0 = doc.page.margins.left;
  const y0 = doc.y;
  const figure = doc.struct('Figure', { alt: `Compliance score trend. ${trend.description}` }, () => {
    doc.save().translate(x0, y0).scale(scale);
    doc.font(FONT.regular).fontSize(9);
    for (const grid of trend.gridLines) {
      doc
        .moveTo(trend.plot.left, grid.y)
        .lineTo(trend.plot.right, grid.y)
        .lineWidth(0.6)
        .strokeColor('#e1e4e8')
        .stroke();
      doc
        .fillColor(COLOR.muted)
        .text(grid.label, 0, grid.y - 5, { width: trend.plot.left - 6, align: 'right', lineBreak: false });
    }
    const [first, ...rest] = trend.points;
    if (first) {
      doc.moveTo(first.x, first.y);
      for (const p of rest) doc.lineTo(p.x, p.y);
      doc.lineWidth(2).strokeColor(COLOR.accent).stroke();
    }
    for (const p of trend.points) {
      doc.circle(p.x, p.y, p.current ? 4.5 : 3).lineWidth(1.5);
      if (p.current) doc.fillAndStroke(COLOR.accent, COLOR.accent);
      else doc.fillAndStroke('#ffffff', COLOR.accent);
      doc
        .fillColor(COLOR.muted)
        .text(p.label, p.x - 30, trend.plot.bottom + 6, { width: 60, align: 'center', lineBreak: false });
    }
    doc.restore();
  });
  sect.add(figure);
  figure.end();
  doc.x = x0;
  doc.y = y0 + height + 6;
  w.paragraph(sect, trend.description, { size: 8.5, color: COLOR.muted });
}

function writeSummary(w: PdfWriter): void {
  const { doc, model } = w;
  doc.addPage();
  doc.outline.addItem('Executive summary');
  const sect = w.section();
  w.heading(sect, 1, 'Executive summary');
  w.labelled(sect, 'Compliance score:', `${model.score.text} / 100.`);
  w.labelled(sect, 'How it is computed:', model.score.formula);

  w.heading(sect, 3, 'Requirements by status (all frameworks)', COLOR.ink);
  w.table(
    sect,
    [...model.requirementCounts.map((c) => ({ header: c.label, width: '*' as const, align: 'right' as const }))],
    [model.requirementCounts.map((c) => ({ text: `${c.count}`, color: STATUS_COLOR[c.key], bold: true }))],
  );

  w.heading(sect, 3, 'Failing checks by severity', COLOR.ink);
  w.table(
    sect,
    [
      { header: 'Severity', width: '*' },
      { header: 'Failing checks', width: 110, align: 'right' },
      { header: 'Findings', width: 110, align: 'right' },
    ],
    model.severityCounts.map((s) => [
      { text: s.label, color: SEVERITY_COLOR[s.severity], bold: true },
      { text: `${s.failingChecks}` },
      { text: `${s.findings}` },
    ]),
  );

  w.heading(sect, 3, 'Score trend', COLOR.ink);
  drawTrend(w, sect, model.trend);

  if (model.changes) {
    const changes = model.changes;
    w.heading(sect, 3, 'Changes since the previous run', COLOR.ink);
    w.paragraph(
      sect,
      `Compared with run ${changes.previousRunId} (${changes.previousDate}): score ${changes.scoreDeltaText}.`,
    );
    const list = (items: typeof changes.newFailing, suffix: (c: (typeof items)[number]) => string) =>
      items.length === 0 ? 'none' : items.map((c) => `${c.id} (${suffix(c)})`).join(', ');
    w.labelled(
      sect,
      'Newly failing:',
      list(changes.newFailing, (c) => c.severityLabel),
    );
    w.labelled(
      sect,
      'Fixed:',
      list(changes.fixed, (c) => `now ${c.statusLabel}`),
    );
    w.labelled(
      sect,
      'Still failing:',
      list(changes.stillFailing, (c) => `since ${c.failingSince}`),
    );
    if (changes.noLongerAssessed.length > 0) {
      w.labelled(
        sect,
        'No longer assessed (failing before, evidence missing now):',
        list(changes.noLongerAssessed, (c) => c.severityLabel),
      );
    }
  }
}

function writeFrameworks(w: PdfWriter): void {
  const { doc, model } = w;
  doc.addPage();
  const outline = doc.outline.addItem('Frameworks');
  const sect = w.section();
  w.heading(sect, 1, 'Frameworks');
  w.paragraph(sect, `Requirement results for ${model.frameworkList}.`, { size: 9, color: COLOR.muted });
  for (const framework of model.frameworks) writeFramework(w, framework, outline);
}

function writeFramework(w: PdfWriter, framework: FrameworkSection, parent: PDFKit.PDFOutline): void {
  const { doc } = w;
  ensureSpace(doc, 160);
  parent.addItem(framework.title);
  const sect = w.section();
  w.heading(sect, 2, `${framework.title}${framework.version ? ` ${framework.version}` : ''}`);
  w.paragraph(
    sect,
    `Score: ${framework.scoreText}.  ${framework.counts.map((c) => `${c.label}: ${c.count}`).join('  ·  ')}`,
    { size: 9, color: COLOR.muted },
  );
  w.table(
    sect,
    [
      { header: 'Id', width: 80 },
      { header: 'Requirement', width: '*' },
      { header: 'Status', width: 72 },
      { header: 'Checks / notes', width: 150 },
    ],
    framework.requirements.map((r) => [
      { text: r.id, bold: true },
      { text: r.section ? `${r.title}\n${r.section}` : r.title },
      statusCell(r.status, r.statusLabel),
      { text: [r.checks, r.note].filter((s) => s.length > 0).join('\n') },
    ]),
  );
}

function writeCheck(w: PdfWriter, check: CheckSection, parent: PDFKit.PDFOutline): void {
  const { doc } = w;
  ensureSpace(doc, 140);
  parent.addItem(`${check.severityLabel}: ${check.title}`);
  const sect = w.section();
  w.heading(sect, 2, `${check.severityLabel.toUpperCase()} · ${check.title}`, SEVERITY_COLOR[check.severity]);
  const meta = [
    check.id,
    check.requirementRefs,
    `${check.failingCount} failing of ${check.evaluatedCount} evaluated`,
    check.waivedCount > 0 ? `${check.waivedCount} waived` : '',
  ].filter((s) => s.length > 0);
  w.paragraph(sect, meta.join('  ·  '), { size: 8.5, color: COLOR.muted });
  if (check.rationale) w.labelled(sect, 'Why it matters:', check.rationale);
  if (check.remediation) w.labelled(sect, 'Remediation:', check.remediation);
  if (check.references) w.paragraph(sect, `References: ${check.references}`, { size: 8, color: COLOR.muted });
  w.table(
    sect,
    [
      { header: 'Status', width: 46 },
      { header: 'Kind', width: 96 },
      { header: 'Namespace / name', width: 150, font: FONT.mono },
      { header: 'Observed value', width: '*' },
    ],
    check.rows.map((row) => [
      statusCell(row.status, row.statusLabel),
      { text: row.kind },
      { text: row.namespace ? `${row.namespace}/${row.name}` : row.name },
      { text: row.path ? `${row.message}\n${row.path}` : row.message },
    ]),
  );
  if (check.moreText) w.paragraph(sect, check.moreText, { size: 8.5, color: COLOR.muted });
}

function writeFindings(w: PdfWriter): void {
  const { doc, model } = w;
  doc.addPage();
  const outline = doc.outline.addItem('Failing checks');
  const sect = w.section();
  w.heading(sect, 1, 'Failing checks and findings');
  w.paragraph(
    sect,
    `Ordered by severity. Each check lists at most ${model.findingsLimit} objects here; findings.csv lists all of them.`,
    { size: 9, color: COLOR.muted },
  );
  if (model.failingChecks.length === 0) w.paragraph(sect, 'No check failed.');
  for (const check of model.failingChecks) writeCheck(w, check, outline);
  if (model.waivedChecks.length > 0) {
    ensureSpace(doc, 120);
    const waivedOutline = doc.outline.addItem('Waived objects');
    const waivedSect = w.section();
    w.heading(waivedSect, 1, 'Passing checks with waived objects');
    for (const check of model.waivedChecks) writeCheck(w, check, waivedOutline);
  }
}

function writeNotAssessed(w: PdfWriter): void {
  const { doc, model } = w;
  doc.addPage();
  doc.outline.addItem('Not assessed');
  const sect = w.section();
  w.heading(sect, 1, 'Not assessed');
  w.paragraph(
    sect,
    'These items could not be evaluated from the data the reporter collected. Each reason names the missing data or permission; they are neither passed nor failed.',
  );
  if (model.notAssessed.length === 0) {
    w.paragraph(sect, 'Everything in scope was assessed.', { color: COLOR.muted });
    return;
  }
  w.table(
    sect,
    [
      { header: 'Scope', width: 95 },
      { header: 'Item', width: 150 },
      { header: 'Reason', width: '*' },
    ],
    model.notAssessed.map((item) => [
      { text: item.scope },
      { text: item.title ? `${item.id}\n${item.title}` : item.id, bold: false },
      { text: item.reason },
    ]),
  );
}

/** "Page X of Y" and `label` (cluster and date) on every buffered page, as pagination artifacts. */
export function writeFooters(doc: Doc, label: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would otherwise make pdfkit start a new page.
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - 40;
    const left = doc.page.margins.left;
    const width = contentWidth(doc);
    doc.markContent('Artifact', { type: 'Pagination' } as PDFKit.Mixins.MarkingOptions);
    doc
      .moveTo(left, y - 6)
      .lineTo(left + width, y - 6)
      .lineWidth(0.5)
      .strokeColor(COLOR.line)
      .stroke();
    doc.font(FONT.regular).fontSize(7.5).fillColor(COLOR.muted);
    const pageText = `Page ${i - range.start + 1} of ${range.count}`;
    doc.text(pageText, left, y, { width, align: 'right', lineBreak: false });
    doc.text(label, left, y, {
      width: width - 90,
      lineBreak: false,
      ellipsis: true,
      height: 10,
    });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottomMargin;
  }
}

/**
 * pdfkit copies Title/Author/Subject into the XMP packet without XML escaping, so a cluster named "<x>" would break
 * the metadata (and PDF/A). The Info dictionary is written first in `end()`, then `endMetadata()` builds the XMP:
 * escaping the info strings between the two keeps both correct and equal once the XML is parsed.
 */
function escapeInfoForXmp(doc: Doc): void {
  const target = doc as unknown as { endMetadata(): void; info: Record<string, unknown> };
  const endMetadata = target.endMetadata.bind(target);
  target.endMetadata = () => {
    for (const [key, value] of Object.entries(target.info)) {
      if (typeof value === 'string') target.info[key] = escapeXml(value);
    }
    endMetadata();
  };
}

export interface PdfDocumentOptions {
  title: string;
  subject: string;
  /** Tool name and version. */
  creator: string;
  /** Creation and modification date: from the results, so the same input gives the same bytes. */
  date: Date;
}

/**
 * A PDF/A-3b, tagged, buffered A4 document with the embedded DejaVu fonts registered, and the promise of its bytes
 * once `doc.end()` is called. Every PDF this tool writes starts here.
 */
export function createPdfDocument(options: PdfDocumentOptions): { doc: Doc; done: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: true,
    font: fontPath(FONT_FILES.regular),
    subset: 'PDF/A-3b',
    pdfVersion: '1.7',
    tagged: true,
    lang: 'en',
    displayTitle: true,
    info: {
      Title: options.title,
      Author: options.creator,
      Subject: options.subject,
      Keywords: 'EKS, Kubernetes, CIS, compliance',
      Creator: options.creator,
      CreationDate: options.date,
      ModDate: options.date,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  escapeInfoForXmp(doc);
  doc.registerFont(FONT.regular, fontPath(FONT_FILES.regular));
  doc.registerFont(FONT.bold, fontPath(FONT_FILES.bold));
  doc.registerFont(FONT.mono, fontPath(FONT_FILES.mono));
  // pdfkit 0.20 never caches a registered name whose font equals one already open (here: 'Sans' and the
  // constructor's font), so every doc.font(FONT.regular) and every table cell re-parsed the TTF: about 10 s for
  // one report. Open each name once and keep it under that name.
  const fonts = doc as unknown as { _fontFamilies: Record<string, unknown>; _font: unknown };
  for (const name of [FONT.bold, FONT.mono, FONT.regular]) {
    doc.font(name);
    fonts._fontFamilies[name] ??= fonts._font;
  }
  return { doc, done };
}

/** The date a PDF states: the results' generatedAt, or the epoch when that is unreadable. */
export function pdfDate(iso: string): Date {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? new Date(0) : date;
}

export async function renderPdf(input: PdfInput): Promise<Buffer> {
  const model = buildReportModel(input);
  const json = input.resultsJson ?? renderResultsJson(input.results);
  const jsonBytes = typeof json === 'string' ? Buffer.from(json, 'utf8') : Buffer.from(json);
  const date = pdfDate(input.results.generatedAt);
  const { doc, done } = createPdfDocument({
    title: model.title,
    creator: `${model.tool.name} ${model.tool.version}`,
    subject: `${model.benchmarkName} v1.8.0, NSA/CISA and Kubernetes risk areas: compliance of ${model.cluster.name}`,
    date,
  });

  doc.file(jsonBytes, {
    name: 'results.json',
    type: 'application/json',
    description: `Scan results (results.json, schemaVersion ${input.results.schemaVersion}) for ${model.cluster.name}`,
    relationship: 'Data',
    creationDate: date,
    modifiedDate: date,
  } as PDFKit.Mixins.PDFAttachmentOptions);

  const w = new PdfWriter(doc, model);
  doc.outline.addItem('Cover and scope');
  writeCover(w, sha256Hex(jsonBytes));
  writeSummary(w);
  writeFrameworks(w);
  writeFindings(w);
  writeNotAssessed(w);
  w.root.end();
  writeFooters(doc, `${model.cluster.name} · ${model.generatedDate}`);
  doc.end();
  return done;
}
