/**
 * The PDF primitives every PDF of this tool shares: a PDF/A-3b, tagged, buffered A4 document with embedded DejaVu
 * fonts only (the constructor gets a TTF so pdfkit never loads its standard Helvetica, which a bundle cannot
 * resolve), tagged headings, paragraphs and tables, and page footers.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { deflate } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { escapeXml } from './escape.js';
import type { ReportModel } from './model.js';

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
    this.doc
      .font(FONT.bold)
      .fontSize(size)
      .fillColor(color)
      .text(text, this.doc.page.margins.left, this.doc.y, {
        width: contentWidth(this.doc),
        structParent: sect,
        structType: `H${level}`,
        ...(options.destination ? { destination: options.destination } : {}),
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
    const header: LiteCell[] = columns.map((c) => ({
      text: c.header,
      font: FONT.bold,
      color: 'black',
      background: COLOR.soft,
      align: c.align ?? 'left',
    }));
    const body = rows.map((row) =>
      row.map(
        (cell, i): LiteCell => ({
          text: clipCell(cell.text),
          font: cell.bold ? FONT.bold : (columns[i].font ?? FONT.regular),
          color: cell.color ?? COLOR.ink,
          background: cell.background,
          align: columns[i].align ?? 'left',
        }),
      ),
    );
    writeLiteTable(doc, sect, columns, [header, ...body]);
    doc.x = doc.page.margins.left;
    doc.moveDown(0.6);
  }
}

/** One cell of `writeLiteTable`, already resolved: pdfkit's table would merge these from styles per cell. */
interface LiteCell {
  text: string;
  font: string;
  color: string;
  background?: string;
  align: 'left' | 'right';
}

const CELL_PADDING = { top: 3, right: 4, bottom: 3, left: 4 };
const CELL_FONT_SIZE = 8.5;
const CELL_RULE = 0.5;

interface TextBounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface PdfkitInternals {
  _tableIndex: number;
  _normalizeColor(color: string): unknown;
  boundsOfString(text: string, x: number, y: number, options: object): TextBounds;
}

/**
 * What `doc.table()` draws for our tables (first row headers, a rule under each row, top-aligned text, no spans),
 * with the same drawing operations, structure elements, ids and attributes in the same order, so the PDF is the
 * same. pdfkit measures every cell twice (at the page height, then at the row height), each time wrapping its
 * text twice, and merges its styles per cell: most of a report's time went there. Here a cell is measured once,
 * and again at the row height only when that height could change the result (the text's own height leaves less
 * than two lines of room: pdfkit wraps with an ellipsis when the next line would not fit).
 */
function writeLiteTable(doc: Doc, sect: Struct, columns: { width: number | string }[], rows: LiteCell[][]): void {
  const raw = doc as unknown as PdfkitInternals;
  const page = doc.page as unknown as { contentHeight: number; maxY(): number; margins: { top: number } };
  const tableId = new String(`table-${raw._tableIndex++}`);
  const x0 = doc.x;
  let rowY = doc.y;
  const maxWidth = doc.page.width - doc.page.margins.right - x0;

  // pdfkit's column widths: fixed ones first, the rest shared in order between '*' columns.
  const widths: number[] = [];
  let unclaimed = maxWidth;
  let stars = 0;
  for (const c of columns) {
    if (c.width === '*') stars++;
    else unclaimed -= c.width as number;
  }
  for (let i = 0; i < columns.length; i++) {
    const w = columns[i].width;
    if (w === '*') {
      widths[i] = Math.max(unclaimed / stars, 0);
      unclaimed -= widths[i];
      stars--;
    } else widths[i] = w as number;
  }
  const xs: number[] = [];
  let tempX = x0;
  for (const w of widths) {
    xs.push(tempX);
    tempX += w;
  }

  const tableStruct = doc.struct('Table');
  (tableStruct as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data.ID = tableId;
  sect.add(tableStruct);
  // PDF strings are String objects to pdfkit (a primitive string would be written as a name).
  const headerIds: object[] = [];
  const pad = CELL_PADDING;
  const ruleColor = raw._normalizeColor(COLOR.line);

  const measureText = (cell: LiteCell, width: number, height: number) => {
    doc.font(cell.font).fontSize(CELL_FONT_SIZE);
    const options = { align: cell.align, ellipsis: true, stroke: false, fill: true, width, height, rotation: 0 };
    const unrotated = raw.boundsOfString(cell.text, 0, 0, { ...options, rotation: 0 });
    options.width = unrotated.width;
    options.height = unrotated.height;
    const bounds = raw.boundsOfString(cell.text, 0, 0, options);
    return { options, bounds, lineHeight: doc.currentLineHeight(true) };
  };
  const noText = (width: number, height: number) => ({
    options: { align: 'left', ellipsis: true, stroke: false, fill: true, width, height, rotation: 0 },
    bounds: { x: 0, y: 0, width: 0, height: 0 },
    lineHeight: 0,
  });

  rows.forEach((row, r) => {
    const pageHeight = page.contentHeight;
    const firstHeight = pageHeight - pad.top - pad.bottom;
    const first = row.map((cell, c) =>
      cell.text ? measureText(cell, widths[c] - pad.left - pad.right, firstHeight) : noText(0, 0),
    );
    let rowHeight = 0;
    for (const m of first) rowHeight = Math.max(rowHeight, m.bounds.height + pad.top + pad.bottom);
    if (rowHeight > pageHeight) {
      rowHeight = page.maxY() - rowY;
    } else if (rowY + rowHeight >= page.maxY()) {
      rowY = page.margins.top;
      doc.continueOnNewPage();
    }
    const textHeight = rowHeight - pad.top - pad.bottom;
    const rowStruct = doc.struct('TR');
    (rowStruct as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data.ID = new String(
      `${tableId}-${r}`,
    );
    tableStruct.add(rowStruct);
    row.forEach((cell, c) => {
      const width = widths[c];
      const textWidth = width - pad.left - pad.right;
      let m = first[c];
      if (!cell.text) m = noText(textWidth, textHeight);
      else {
        // Remeasure at the row height unless neither height could have stopped or ellipsised the text.
        const room = m.bounds.height + 2 * m.lineHeight + 1;
        if (!(m.options.height + 2 * m.lineHeight + 1 < firstHeight && room < textHeight)) {
          m = measureText(cell, textWidth, textHeight);
        }
      }
      const x = xs[c];
      const y = rowY;
      const type = r === 0 ? 'TH' : 'TD';
      const id = new String(`${tableId}-${r}-${c}`);
      const cellStruct = doc.struct(type, {});
      const data = (cellStruct as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data;
      data.ID = id;
      rowStruct.add(cellStruct);
      const attributes: Record<string, unknown> = {
        O: 'Table',
        Width: width,
        Height: rowHeight,
        Padding: [pad.top, pad.bottom, pad.left, pad.right],
        BorderThickness: [0, CELL_RULE, 0, 0],
      };
      if (type === 'TH') {
        headerIds[c] = id;
        attributes.Scope = 'Column';
      }
      if (headerIds[c]) attributes.Headers = [headerIds[c]];
      if (cell.background != null) attributes.BackgroundColor = raw._normalizeColor(cell.background);
      attributes.BorderColor = [null, ruleColor, null, null];
      const attributesRef = doc.ref(attributes);
      data.A = attributesRef;
      cellStruct.add(() => {
        if (cell.background != null) {
          doc.save().fillColor(cell.background).rect(x, y, width, rowHeight).fill().restore();
        }
        doc
          .save()
          .lineWidth(CELL_RULE)
          .moveTo(x + width, y + rowHeight)
          .strokeColor(COLOR.line)
          .lineTo(x, y + rowHeight)
          .stroke()
          .restore();
        if (!cell.text) return;
        doc.font(cell.font).fontSize(CELL_FONT_SIZE);
        const tx = x + pad.left;
        const ty = y + pad.top;
        const px = (textWidth - m.bounds.width) * (cell.align === 'right' ? 1 : 0);
        const dx = px + -m.bounds.x;
        const dy = (textHeight - m.bounds.height) * 0 + -m.bounds.y;
        doc.save().rect(tx, ty, textWidth, textHeight).clip();
        doc.fillColor(cell.color).strokeColor('black');
        doc.text(cell.text, tx + dx, ty + dy, m.options as PDFKit.Mixins.TextOptions);
        doc.restore();
        doc.font(FONT.regular).fontSize(CELL_FONT_SIZE);
      });
      cellStruct.end();
      (attributesRef as unknown as { end(): void }).end();
    });
    rowStruct.end();
    doc.x = x0;
    doc.y = rowY + rowHeight;
    rowY += rowHeight;
  });
  tableStruct.end();
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

/** A running header (report, cluster and date) on every page after the first, as a pagination artifact. */
export function writeRunningHeaders(doc: Doc, text: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start + 1; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const topMargin = doc.page.margins.top;
    doc.page.margins.top = 0;
    const left = doc.page.margins.left;
    const width = contentWidth(doc);
    const y = 28;
    doc.markContent('Artifact', { type: 'Pagination' } as PDFKit.Mixins.MarkingOptions);
    doc.font(FONT.regular).fontSize(7.5).fillColor(COLOR.muted);
    doc.text(text, left, y, { width, lineBreak: false, ellipsis: true, height: 10 });
    doc
      .moveTo(left, y + 12)
      .lineTo(left + width, y + 12)
      .lineWidth(0.5)
      .strokeColor(COLOR.line)
      .stroke();
    doc.endMarkedContent();
    doc.page.margins.top = topMargin;
  }
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

const deflateInPool = promisify(deflate);

/** A PDF name as pdfkit writes one: every byte outside `!`..`~`, and the delimiters, as `#xx`. */
function pdfName(name: string): string {
  return name.replace(
    /[^!-~]|[()<>[\]{}/%#]/g,
    (c) => `#${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

export interface AttachmentOptions {
  name: string;
  /** MIME type. */
  type: string;
  description: string;
  relationship: 'Data' | 'Source' | 'Alternative' | 'Supplement' | 'Unspecified';
  date: Date;
}

/**
 * `doc.file(bytes, …)` without its cost on the render path: pdfkit hashes the file with a JavaScript MD5 and
 * deflates it synchronously (about 90 ms for a 3 MB results.json). Here the same EmbeddedFile and Filespec objects
 * are allocated now, with the same ids and entries, the MD5 is native, and the deflate runs in the libuv pool while
 * the pages are laid out; `finish()` writes the stream once it is ready (call it before `doc.end()`).
 */
export function attachFile(doc: Doc, bytes: Buffer, options: AttachmentOptions): { finish(): Promise<void> } {
  const packed = deflateInPool(bytes);
  // Until finish() awaits it: a rejection now must not be reported as unhandled.
  packed.catch(() => undefined);
  const raw = doc as unknown as {
    ref(data: unknown): { end(chunk?: Uint8Array): void };
    addNamedEmbeddedFile(name: string, ref: unknown): void;
    _root: { data: { AF?: unknown[] } };
  };
  // Entries in pdfkit's order (Type, Params, Subtype, then Length and Filter as a compressed write adds them).
  const stream = raw.ref({
    Type: 'EmbeddedFile',
    Params: {
      CreationDate: options.date,
      ModDate: options.date,
      CheckSum: new String(createHash('md5').update(bytes).digest('hex')),
      Size: bytes.byteLength,
    },
    Subtype: pdfName(options.type),
    Length: 0,
    // Already deflated: pdfkit compresses a stream only when it has no Filter.
    Filter: 'FlateDecode',
  });
  const filespec = raw.ref({
    Type: 'Filespec',
    AFRelationship: options.relationship,
    F: new String(options.name),
    EF: { F: stream },
    UF: new String(options.name),
    Desc: new String(options.description),
  });
  filespec.end();
  raw.addNamedEmbeddedFile(options.name, filespec);
  raw._root.data.AF = [...(raw._root.data.AF ?? []), filespec];
  return {
    async finish() {
      stream.end(await packed);
    },
  };
}

/** The date a PDF states: the results' generatedAt, or the epoch when that is unreadable. */
export function pdfDate(iso: string): Date {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? new Date(0) : date;
}
