/**
 * The PDF primitives every PDF of this tool shares: a PDF/A-3b, tagged, buffered A4 document with embedded DejaVu
 * fonts only (the constructor gets a TTF so pdfkit never loads its standard Helvetica, which a bundle cannot
 * resolve), tagged headings, paragraphs and tables, and page footers.
 */
import PDFDocument from 'pdfkit';
import { shortenedValue } from '../model/untrusted.js';
import { escapeXml } from './escape.js';
import { COLOR } from './pdf-colors.js';
import { FONT, registerFonts } from './pdf-fonts.js';
import { type LaidCell, writeTable } from './pdf-table.js';

export { COLOR, SEVERITY_COLOR, STATUS_COLOR } from './pdf-colors.js';
export { FONT } from './pdf-fonts.js';

import type { ReportModel } from './model.js';

export type Doc = PDFKit.PDFDocument;
export type Struct = PDFKit.PDFStructureElement;

const MARGIN = { top: 56, bottom: 64, left: 50, right: 50 };

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

/** A level 1 or 2 heading as written: its text, the 1-based page it landed on, and its named destination. */
export interface WrittenHeading {
  level: 1 | 2;
  text: string;
  page: number;
  destination: string;
}

/** Tagged-PDF writing primitives (headings, paragraphs, tables) over one document; `model` is what it renders. */
export class PdfWriter<M = ReportModel> {
  readonly root: Struct;
  /** Every level 1 and 2 heading in writing order, for the table of contents (functions/report/pdf-contents.ts). */
  readonly headings: WrittenHeading[] = [];

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

  /** The 1-based number of the page being written (pages are written in order). */
  pageNumber(): number {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count;
  }

  /**
   * A heading; `destination` names it as a link target. `keepWith` is the room (in points) that must follow on the
   * same page, so a heading never ends a page alone.
   */
  heading(
    sect: Struct,
    level: 1 | 2 | 3,
    text: string,
    color: string = COLOR.accent,
    options: { destination?: string; keepWith?: number } = {},
  ): void {
    const size = level === 1 ? 18 : level === 2 ? 13 : 11;
    ensureSpace(this.doc, size * 2 + (options.keepWith ?? size * 2));
    let destination = options.destination;
    if (level <= 2) {
      // Every contents entry links to its heading: a destination of its own unless the caller named one.
      destination ??= `toc-${this.headings.length + 1}`;
      this.headings.push({ level: level as 1 | 2, text, page: this.pageNumber(), destination });
    }
    this.doc
      .font(FONT.bold)
      .fontSize(size)
      .fillColor(color)
      .text(text, this.doc.page.margins.left, this.doc.y, {
        width: contentWidth(this.doc),
        structParent: sect,
        structType: `H${level}`,
        ...(destination ? { destination } : {}),
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

  /** A bulleted list, one tagged paragraph per item. */
  bullets(sect: Struct, items: string[], options: { size?: number; color?: string } = {}): void {
    const doc = this.doc;
    const left = doc.page.margins.left;
    for (const item of items) {
      doc
        .font(FONT.regular)
        .fontSize(options.size ?? 9)
        .fillColor(options.color ?? COLOR.ink);
      ensureSpace(doc, doc.currentLineHeight() * 2);
      const y = doc.y;
      // The bullet is decoration; the item text is the tagged paragraph, with a hanging indent.
      this.artifact(() => doc.text('•', left + 4, y, { lineBreak: false }));
      doc.text(item, left + 16, y, { width: contentWidth(doc) - 16, structParent: sect, structType: 'P' });
      doc.moveDown(0.2);
    }
    doc.x = doc.page.margins.left;
    doc.moveDown(0.3);
  }

  /** A paragraph whose text links to a named destination in this document. */
  link(sect: Struct, text: string, destination: string, options: { size?: number } = {}): void {
    this.doc
      .font(FONT.regular)
      .fontSize(options.size ?? 9)
      .fillColor(COLOR.accent)
      .text(text, this.doc.page.margins.left, this.doc.y, {
        width: contentWidth(this.doc),
        goTo: destination,
        underline: false,
        structParent: sect,
        structType: 'P',
      });
    this.doc.moveDown(0.3);
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
    doc.x = doc.page.margins.left;
    doc.font(FONT.regular).fontSize(8.5);
    const header: LaidCell[] = columns.map((c) => ({
      text: c.header,
      font: FONT.bold,
      color: 'black',
      background: COLOR.soft,
      align: c.align ?? 'left',
    }));
    const body = rows.map((row) =>
      row.map(
        (cell, i): LaidCell => ({
          text: breakableCell(cell.text),
          font: cell.bold ? FONT.bold : (columns[i].font ?? FONT.regular),
          color: cell.color ?? COLOR.ink,
          background: cell.background,
          align: columns[i].align ?? 'left',
        }),
      ),
    );
    writeTable(doc, sect, columns, [header, ...body]);
    doc.x = doc.page.margins.left;
    doc.moveDown(0.6);
  }
}

/** Runs of non-space characters longer than this get a line break every `PDF_TOKEN_RUN` characters. */
export const PDF_TOKEN_RUN = 128;

/**
 * Table cells hold untrusted text and keep all of it. pdfkit breaks a long unbreakable token character by
 * character, which made one 20,000-character name cost 40 s; so a run of more than `PDF_TOKEN_RUN` non-space
 * characters (never a Kubernetes name, which stops at 253, unless hostile) gets a line break after every
 * `PDF_TOKEN_RUN` characters. Every character given is drawn; long cells wrap and a row taller than a page
 * continues on the next.
 */
export function breakableCell(text: string): string {
  return text.replace(new RegExp(`\\S{${PDF_TOKEN_RUN + 1},}`, 'gu'), (run) => {
    const parts: string[] = [];
    // Walk code points so an astral character (emoji) is never split.
    let part = '';
    let count = 0;
    for (const ch of run) {
      part += ch;
      if (++count === PDF_TOKEN_RUN) {
        parts.push(part);
        part = '';
        count = 0;
      }
    }
    if (part) parts.push(part);
    return parts.join('\n');
  });
}

export interface TableCell {
  text: string;
  color?: string;
  bold?: boolean;
  /** Cell fill, e.g. a heat-map colour. */
  background?: string;
}

/**
 * Running text (a header or footer) that names something, the cluster, whose name may be long: `words(name)` is the
 * text. It is written whole, wrapping onto up to RUNNING_LINES_MAX lines of the page margin. Only a name longer than
 * those lines hold (a hostile one: EKS names have at most 100 characters) keeps its start and says how many characters
 * follow and where it stands whole (`whereWhole`); nothing is cut silently.
 */
export interface RunningText {
  name: string;
  words: (name: string) => string;
  whereWhole: string;
}

/** Lines a running header or footer may take in the page margin. */
export const RUNNING_LINES_MAX = 3;
const RUNNING_SIZE = 7.5;
/** Where the header's rule is drawn; the header's last line sits just above it. */
const HEADER_RULE_Y = 40;

function runningLines(doc: Doc, text: string, width: number): number {
  return Math.round(doc.heightOfString(text, { width }) / doc.currentLineHeight(true));
}

/** The running text as it is written in `width` at the current font: whole, or its name shortened to fit. */
export function fitRunningText(doc: Doc, running: RunningText, width: number): string {
  const whole = running.words(running.name);
  if (runningLines(doc, whole, width) <= RUNNING_LINES_MAX) return whole;
  const shortened = (keep: number) => running.words(shortenedValue(running.name, keep, running.whereWhole));
  // The longest start of the name that fits (a binary search: fitting only gets harder as more is kept).
  let lo = 0;
  let hi = running.name.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (runningLines(doc, shortened(mid), width) <= RUNNING_LINES_MAX) lo = mid;
    else hi = mid - 1;
  }
  return shortened(lo);
}

/**
 * A running header (report, cluster and date) on every page after the first, as a pagination artifact. A long
 * cluster name wraps: the header grows upwards from its rule, into the top margin.
 */
export function writeRunningHeaders(doc: Doc, running: RunningText): void {
  const range = doc.bufferedPageRange();
  doc.font(FONT.regular).fontSize(RUNNING_SIZE);
  const text = fitRunningText(doc, running, contentWidth(doc));
  for (let i = range.start + 1; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const topMargin = doc.page.margins.top;
    doc.page.margins.top = 0;
    const left = doc.page.margins.left;
    const width = contentWidth(doc);
    doc.markContent('Artifact', { type: 'Pagination' } as PDFKit.Mixins.MarkingOptions);
    doc.font(FONT.regular).fontSize(RUNNING_SIZE).fillColor(COLOR.muted);
    // One line stands 12 points above the rule; each further line starts the header a line higher.
    const y = HEADER_RULE_Y - 12 - (doc.heightOfString(text, { width }) - doc.currentLineHeight(true));
    doc.text(text, left, y, { width });
    doc
      .moveTo(left, HEADER_RULE_Y)
      .lineTo(left + width, HEADER_RULE_Y)
      .lineWidth(0.5)
      .strokeColor(COLOR.line)
      .stroke();
    doc.endMarkedContent();
    doc.page.margins.top = topMargin;
  }
}

/** Room on the footer's first line for "Page X of Y", right of the label. */
const PAGE_NUMBER_ROOM = 90;

/**
 * "Page X of Y" and `label` (cluster and date) on every buffered page, as pagination artifacts. A label naming a long
 * cluster wraps downwards into the bottom margin (a plain string is short: the fleet report's title and date).
 */
export function writeFooters(doc: Doc, label: string | RunningText): void {
  const range = doc.bufferedPageRange();
  doc.font(FONT.regular).fontSize(RUNNING_SIZE);
  const labelWidth = contentWidth(doc) - PAGE_NUMBER_ROOM;
  const text = typeof label === 'string' ? label : fitRunningText(doc, label, labelWidth);
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
    doc.font(FONT.regular).fontSize(RUNNING_SIZE).fillColor(COLOR.muted);
    const pageText = `Page ${i - range.start + 1} of ${range.count}`;
    doc.text(pageText, left, y, { width, align: 'right', lineBreak: false });
    doc.text(text, left, y, { width: labelWidth });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottomMargin;
  }
}

/**
 * pdfkit copies Title/Author/Subject into the XMP packet without XML escaping, so a cluster named "<x>" would break
 * the metadata (and PDF/A). `end()` writes the Info dictionary first, then calls `endMetadata()` (typed, "called
 * automatically"), which builds the XMP from `doc.info`: escaping the info strings between the two keeps both
 * correct and equal once the XML is parsed. The one pdfkit method this tool wraps, for correctness, not speed.
 */
function escapeInfoForXmp(doc: Doc): void {
  const endMetadata = doc.endMetadata.bind(doc);
  doc.endMetadata = () => {
    const info = doc.info as Record<string, unknown>;
    for (const [key, value] of Object.entries(info)) {
      if (typeof value === 'string') info[key] = escapeXml(value);
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
    font: FONT.regular,
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
  registerFonts(doc);
  return { doc, done };
}

/** The date a PDF states: the results' generatedAt, or the epoch when that is unreadable. */
export function pdfDate(iso: string): Date {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? new Date(0) : date;
}
