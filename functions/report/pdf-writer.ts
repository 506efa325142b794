/**
 * The PDF primitives every PDF of this tool shares: a PDF/A-3b, tagged, buffered A4 document with embedded DejaVu
 * fonts only (the constructor gets a TTF so pdfkit never loads its standard Helvetica, which a bundle cannot
 * resolve), tagged headings, paragraphs and tables, and page footers.
 */
import { createHash } from 'node:crypto';
import LineBreaker from 'linebreak';
import PDFDocument from 'pdfkit';
import { escapeXml } from './escape.js';
import { cacheStringWidths, FONT, openFonts, regularFontPath } from './pdf-fonts.js';
import { bufferOutput, deflateInPool } from './pdf-output.js';

export { FONT } from './pdf-fonts.js';

import type { ReportModel } from './model.js';

export type Doc = PDFKit.PDFDocument;
export type Struct = PDFKit.PDFStructureElement;

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

/** The options object pdfkit's line wrapper hands to each line it emits. */
interface LineOptions {
  textWidth: number;
  wordCount: number;
  lineWidth: number;
}

interface PdfkitInternals {
  _tableIndex: number;
  _ctm: number[];
  _ctmStack: number[][];
  _fillColor: unknown;
  addContent(data: string): unknown;
  _normalizeColor(color: string): unknown;
  _text(
    text: string,
    x: number,
    y: number,
    options: object,
    onLine: (line: string, options: LineOptions, wrapper: unknown) => void,
  ): void;
  _fragment(text: string, x: number, y: number, options: object): void;
}

/** The text options of a cell, as `writeLiteTable` passes them to pdfkit (`doc.table` passes the same). */
interface CellTextOptions {
  align: 'left' | 'right';
  ellipsis: true;
  stroke: false;
  fill: true;
  width: number;
  height: number;
  rotation: 0;
}

/** One cell's text measured at a width and height, as pdfkit's `boundsOfString` reports it (x and y are 0). */
interface Measured {
  options: CellTextOptions;
  bounds: TextBounds;
  lineHeight: number;
  /**
   * Set when the text is drawn as one line, whole, whatever the y: the wrapper then never breaks, never
   * ellipsises and never ends a section, so drawing it is one `_fragment` call with these line metrics.
   */
  oneLine?: LineOptions;
  /**
   * The lines the wrapper emitted, when together they are the whole text (nothing was ellipsised or cut). Where
   * they break depends only on the widths; whether the wrapper ellipsises or stops early depends on the y it
   * starts at, which `replayableAt` checks before these are drawn instead of wrapping the text again.
   */
  lines?: (LineOptions & { text: string })[];
}

/** The options doc.text gives `_fragment` for a measured line, built once per measured line (they are cached). */
const lineOptions = new WeakMap<LineOptions, DrawnLineOptions>();

function lineOptionsOf(m: Measured, line: LineOptions): DrawnLineOptions {
  let options = lineOptions.get(line);
  if (!options) {
    options = {
      ...m.options,
      width: Math.max(m.options.width, 0),
      columns: 0,
      columnGap: 18,
      textWidth: line.textWidth,
      wordCount: line.wordCount,
      lineWidth: line.lineWidth,
    };
    lineOptions.set(line, options);
  }
  return options;
}

/** Characters that force a line break (Unicode classes BK, CR, LF, NL): a text with one is never `oneLine`. */
const MANDATORY_BREAK = /[\n\r\v\f\u0085\u2028\u2029]/;

/**
 * Measurements of cell texts, per document: a report repeats the same cells (kinds, statuses, messages) thousands
 * of times, and a measurement depends only on the font, the text, the alignment, the width and the height.
 */
const measurements = new WeakMap<Doc, Map<string, Measured>>();
/** The words of each cell text, per document and font (a text is measured at up to four sizes). */
const cellWords = new WeakMap<Doc, Map<string, Words>>();

/**
 * `boundsOfString` at 0,0 with rotation 0, through pdfkit's own wrapper (`_text` with a line callback, as its
 * `heightOfString` does), also noting whether the text came out as one whole line. Leaves doc.x and doc.y at 0,
 * as `boundsOfString` does.
 */
function boundsOfCellText(doc: Doc, text: string, options: CellTextOptions): Omit<Measured, 'options'> {
  const raw = doc as unknown as PdfkitInternals;
  const lineHeight = doc.currentLineHeight(true);
  let width = 0;
  const lines: (LineOptions & { text: string })[] = [];
  doc.x = 0;
  doc.y = 0;
  raw._text(text, 0, 0, options, (line, o) => {
    doc.y += lineHeight;
    const drawn = line.replace(/\n/g, '');
    if (drawn.length) width = Math.max(width, o.textWidth + 0 * (o.wordCount - 1) + 0 * (drawn.length - 1));
    lines.push({ text: line, textWidth: o.textWidth, wordCount: o.wordCount, lineWidth: o.lineWidth });
  });
  const endY = doc.y;
  doc.x = 0;
  doc.y = 0;
  return measuredLines(text, lines, width, endY, options.height, doc.currentLineHeight(true));
}

/** The end of `boundsOfCellText`: its result from the lines the wrapper emitted, their widest, and the end y. */
function measuredLines(
  text: string,
  lines: (LineOptions & { text: string })[],
  width: number,
  endY: number,
  optionsHeight: number,
  lineHeight: number,
): Omit<Measured, 'options'> {
  let height = endY;
  if (optionsHeight) height = Math.min(height, optionsHeight);
  const bounds = { x: 0, y: 0, width, height };
  if (lines.length === 1 && lines[0].text === text && !MANDATORY_BREAK.test(text)) {
    const { textWidth, wordCount, lineWidth } = lines[0];
    return { bounds, lineHeight, oneLine: { textWidth, wordCount, lineWidth } };
  }
  const whole = lines.map((l) => l.text).join('') === text;
  return { bounds, lineHeight, ...(whole ? { lines } : {}) };
}

/**
 * Shortcuts of the table writer, each giving pdfkit's bytes; off only in tests, which compare both ways:
 * `wrapFromWords`, a cell's measurements (pdfkit wraps each text twice) done by `wrapCellText` instead of pdfkit's
 * wrapper; `cachedShowOperators`, lines drawn by `drawFragment` instead of pdfkit's `_fragment`.
 */
export const cellMeasurement = { wrapFromWords: true, cachedShowOperators: true };

/**
 * A text cut where pdfkit's wrapper cuts it: at the UAX #14 break opportunities of the `linebreak` package, which
 * its LineWrapper reads the same way, each word with the width `wordWidth` gives it (the document's widthOfString,
 * which caches, rounded down to a float32) and whether the break after it is a forced one. Independent of the width
 * a text is wrapped at, so one cell's measurements share it.
 */
interface Words {
  words: string[];
  widths: number[];
  required: boolean[];
}

function wordsOf(doc: Doc, text: string): Words {
  const breaker = new LineBreaker(text);
  const words: Words = { words: [], widths: [], required: [] };
  let start = 0;
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) {
    const word = text.slice(start, bk.position);
    words.words.push(word);
    words.widths.push(pdfNumber(doc.widthOfString(word)));
    words.required.push(bk.required);
    start = bk.position;
  }
  return words;
}

const SOFT_HYPHEN = '\u00AD';

/**
 * pdfkit's `boundsOfString` for a cell text at this width and height (x = y = 0, one column, no indent, no
 * spacing), computed the way its LineWrapper computes it: the words between the UAX #14 break opportunities of the
 * same `linebreak` package, each measured as `wordWidth` measures it (the document's widthOfString, which caches,
 * rounded down to a float32), a word wider than the line cut where `eachWord` cuts it, and the lines filled with
 * `wrap`'s comparisons, roundings and order. What this does not cover (a soft hyphen, an ellipsis, a text cut
 * short by the height) returns undefined, and the caller lets pdfkit wrap.
 */
function wrapCellText(
  doc: Doc,
  text: string,
  words: Words,
  width: number,
  height: number,
  lh: number,
): Omit<Measured, 'options'> | undefined {
  if (text.includes(SOFT_HYPHEN) || !(width > 0) || !(height > 0)) return undefined;
  const maxY = pdfNumber(0 + height);
  if (0 > maxY || 0 + lh > maxY) return undefined;
  const wordWidth = (word: string) => pdfNumber(doc.widthOfString(word));
  const lineWidth = ((width * 100) / 100 - 18 * (1 - 1)) / 1;
  const lines: (LineOptions & { text: string })[] = [];
  let widest = 0;
  let y = 0;
  let spaceLeft = lineWidth;
  let buffer = '';
  let textWidth = 0;
  let wc = 0;
  let stopped = false;
  const emitLine = () => {
    const lineTextWidth = textWidth + 0 * (wc - 1);
    const drawn = buffer.replace(/\n/g, '');
    if (drawn.length) widest = Math.max(widest, lineTextWidth + 0 * (wc - 1) + 0 * (drawn.length - 1));
    lines.push({ text: buffer, textWidth: lineTextWidth, wordCount: wc, lineWidth });
    y += lh;
  };
  // The wrapper's word callback; false where pdfkit would ellipsise or stop, which this does not replay.
  const place = (word: string, w: number, required: boolean, afterForced: boolean): boolean => {
    if (afterForced) spaceLeft = lineWidth;
    const fits = w <= spaceLeft;
    if (fits) {
      buffer += word;
      textWidth += w;
      wc++;
    }
    if (!required && fits) {
      spaceLeft -= w;
      return true;
    }
    if (pdfNumber(y + lh * 2) > maxY) return false;
    if (required && w > spaceLeft) {
      emitLine();
      buffer = word;
      textWidth = w;
      wc = 1;
    }
    emitLine();
    if (pdfNumber(y + lh) > maxY) return false;
    if (required) {
      spaceLeft = lineWidth;
      buffer = '';
      textWidth = 0;
      wc = 0;
    } else {
      spaceLeft = lineWidth - w;
      buffer = word;
      textWidth = w;
      wc = 1;
    }
    return true;
  };
  for (let i = 0; i < words.words.length && !stopped; i++) {
    let word = words.words[i];
    let w = words.widths[i];
    const required = words.required[i];
    const afterBreak = i === 0 || words.required[i - 1];
    if (w > lineWidth + 0) {
      // eachWord's cut of a word too long for any line: as much as fits the space left, then the rest.
      let afterForced = afterBreak;
      while (word.length) {
        let l: number;
        let mightGrow = false;
        if (w > spaceLeft) {
          l = Math.ceil(spaceLeft / (w / word.length));
          w = wordWidth(word.slice(0, l));
          mightGrow = w <= spaceLeft && l < word.length;
        } else {
          l = word.length;
        }
        let mustShrink = w > spaceLeft && l > 0;
        while (mustShrink || mightGrow) {
          if (mustShrink) {
            w = wordWidth(word.slice(0, --l));
            mustShrink = w > spaceLeft && l > 0;
          } else {
            w = wordWidth(word.slice(0, ++l));
            mustShrink = w > spaceLeft && l > 0;
            mightGrow = w <= spaceLeft && l < word.length;
          }
        }
        if (l === 0 && spaceLeft === lineWidth) l = 1;
        if (!place(word.slice(0, l), w, required || l < word.length, afterForced)) {
          stopped = true;
          break;
        }
        afterForced = false;
        word = word.slice(l);
        w = wordWidth(word);
      }
    } else if (!place(word, w, required, afterBreak)) {
      stopped = true;
    }
  }
  if (stopped) return undefined;
  if (wc > 0) emitLine();
  return measuredLines(text, lines, widest, y, height, lh);
}
/** A number as pdfkit writes an operand: rounded to 6 decimals. */
function pdfNumber6(n: number): number {
  if (n > -1e21 && n < 1e21) return Math.round(n * 1e6) / 1e6;
  throw new Error(`unsupported number: ${n}`);
}

const RULE_WIDTH = pdfNumber6(CELL_RULE);
/** strokeColor('black'): 'black' is [0, 0, 0] in pdfkit's named colours. */
const BLACK_STROKE = '/DeviceRGB CS\n0 0 0 SCN';
/** Fill operators per colour string, shared by every document (they depend only on the string). */
const fillOps = new Map<string, string | undefined>();

/** pdfkit's rounding of a y the wrapper compares: down to the nearest float32. */
function pdfNumber(n: number): number {
  const rounded = Math.fround(n);
  if (rounded <= n) return rounded;
  const f = new Float32Array([n]);
  const u = new Uint32Array(f.buffer);
  if (n <= 0) u[0] += 1;
  else u[0] -= 1;
  return f[0];
}

/**
 * Whether pdfkit's wrapper, starting at `startY` with this height, would emit `count` lines of `lineHeight` with
 * neither its ellipsis (a line ending where the next two would not fit) nor an early end (the next line not
 * fitting) before the last: the same comparisons, with the same roundings, it makes after each line but the last.
 */
function replayableAt(startY: number, height: number, lineHeight: number, count: number): boolean {
  const maxY = pdfNumber(startY + height);
  let y = startY;
  for (let i = 0; i < count - 1; i++) {
    if (pdfNumber(y + lineHeight * 2) > maxY) return false;
    y += lineHeight;
    if (pdfNumber(y + lineHeight) > maxY) return false;
  }
  return true;
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
  const tableName = `table-${raw._tableIndex++}`;
  const tableId = pdfString(doc, tableName);
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
  const ruleStroke = `/DeviceRGB CS\n${(ruleColor as number[]).join(' ')} SCN`;
  const fillOperators = (color: string): string | undefined => {
    let ops = fillOps.get(color);
    if (ops === undefined && !fillOps.has(color)) {
      // What fillColor writes for a plain RGB or CMYK colour (no pattern, gradient, spot colour or opacity).
      const parts = raw._normalizeColor(color);
      ops =
        Array.isArray(parts) && parts.every((n) => typeof n === 'number')
          ? `/${parts.length === 4 ? 'DeviceCMYK' : 'DeviceRGB'} cs\n${parts.join(' ')} scn`
          : undefined;
      fillOps.set(color, ops);
    }
    return ops;
  };

  let cache = measurements.get(doc);
  if (!cache) {
    cache = new Map();
    measurements.set(doc, cache);
  }
  const known = cache;
  let knownWords = cellWords.get(doc);
  if (!knownWords) {
    knownWords = new Map();
    cellWords.set(doc, knownWords);
  }
  // pdfkit's table measures a cell at the available size, then again at the size that measurement gave.
  // The size part of a measurement's key, per width and height (writing a fractional number is not cheap).
  const sizeKeys = new Map<number, Map<number, string>>();
  const sizeKey = (width: number, height: number): string => {
    let byHeight = sizeKeys.get(width);
    if (!byHeight) {
      byHeight = new Map();
      sizeKeys.set(width, byHeight);
    }
    let key = byHeight.get(height);
    if (key === undefined) {
      key = `${width}\u0000${height}`;
      byHeight.set(height, key);
    }
    return key;
  };
  const measureText = (cell: LiteCell, width: number, height: number): Measured => {
    doc.font(cell.font).fontSize(CELL_FONT_SIZE);
    const key = `${cell.font}\u0000${cell.align}\u0000${sizeKey(width, height)}\u0000${cell.text}`;
    const hit = known.get(key);
    if (hit) {
      doc.x = 0;
      doc.y = 0;
      return hit;
    }
    let measured: Measured | undefined;
    if (cellMeasurement.wrapFromWords) {
      // pdfkit's two wraps, the second at the size the first gave, both replayed on the text's words.
      const lh = doc.currentLineHeight(true);
      const wordsKey = `${cell.font}\u0000${cell.text}`;
      let words = knownWords.get(wordsKey);
      if (!words) {
        words = wordsOf(doc, cell.text);
        knownWords.set(wordsKey, words);
      }
      const first = wrapCellText(doc, cell.text, words, width, height, lh);
      const second = first && wrapCellText(doc, cell.text, words, first.bounds.width, first.bounds.height, lh);
      if (first && second) {
        measured = { options: cellTextOptions(cell.align, first.bounds.width, first.bounds.height), ...second };
      }
    }
    if (!measured) {
      const first = boundsOfCellText(doc, cell.text, cellTextOptions(cell.align, width, height));
      const options = cellTextOptions(cell.align, first.bounds.width, first.bounds.height);
      measured = { options, ...boundsOfCellText(doc, cell.text, options) };
    }
    doc.x = 0;
    doc.y = 0;
    known.set(key, measured);
    return measured;
  };
  const noText = (width: number, height: number): Measured => ({
    options: cellTextOptions('left', width, height),
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
    (rowStruct as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data.ID = pdfString(
      doc,
      `${tableName}-${r}`,
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
      const id = pdfString(doc, `${tableName}-${r}-${c}`);
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
      // Written as pdfkit would write the dictionary, without its generic conversion per value.
      const attributesRef = doc.ref(rawPdf(doc, pdfValue(attributes)));
      data.A = attributesRef;
      cellStruct.add(() => {
        if (cell.background != null) {
          doc.save().fillColor(cell.background).rect(x, y, width, rowHeight).fill().restore();
        }
        // save, lineWidth, moveTo, strokeColor, lineTo, stroke, restore: the same operators, written at once.
        const ruleY = pdfNumber6(y + rowHeight);
        raw.addContent(
          `q\n${RULE_WIDTH} w\n${pdfNumber6(x + width)} ${ruleY} m\n${ruleStroke}\n${pdfNumber6(x)} ${ruleY} l\nS\nQ`,
        );
        if (!cell.text) return;
        doc.font(cell.font).fontSize(CELL_FONT_SIZE);
        const tx = x + pad.left;
        const ty = y + pad.top;
        const px = (textWidth - m.bounds.width) * (cell.align === 'right' ? 1 : 0);
        const dx = px + -m.bounds.x;
        const dy = (textHeight - m.bounds.height) * 0 + -m.bounds.y;
        const fill = fillOperators(cell.color);
        if (fill === undefined) {
          doc.save().rect(tx, ty, textWidth, textHeight).clip();
          doc.fillColor(cell.color).strokeColor('black');
        } else {
          // save, rect, clip, fillColor, strokeColor('black'): the same operators and state, written at once.
          raw._ctmStack.push(raw._ctm.slice());
          raw.addContent(
            `q\n${pdfNumber6(tx)} ${pdfNumber6(ty)} ${pdfNumber6(textWidth)} ${pdfNumber6(textHeight)} re\nW n\n${fill}\n${BLACK_STROKE}`,
          );
          raw._fillColor = [cell.color, undefined];
        }
        if (m.oneLine) {
          // What doc.text does for a text its wrapper emits as one line: the options it normalises, the one line.
          doc.x = tx + dx;
          doc.y = ty + dy;
          drawFragment(doc, cell.text, doc.x, doc.y, lineOptionsOf(m, m.oneLine));
          doc.y += doc.currentLineHeight(true);
          doc.x = tx + dx;
        } else if (m.lines && replayableAt(ty + dy, m.options.height, m.lineHeight, m.lines.length)) {
          // The lines the measurement wrapped, drawn as doc.text would draw them from this y.
          doc.x = tx + dx;
          doc.y = ty + dy;
          for (const line of m.lines) {
            drawFragment(doc, line.text, doc.x, doc.y, lineOptionsOf(m, line));
            doc.y += doc.currentLineHeight(true);
          }
          doc.x = tx + dx;
        } else {
          doc.text(cell.text, tx + dx, ty + dy, m.options as PDFKit.Mixins.TextOptions);
        }
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

interface FragmentFont {
  id: string;
  ascender: number;
  encode(
    text: string,
    features?: unknown,
  ): [string[], { xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number }[]];
  ref(): unknown;
}

interface FragmentDoc {
  _font: FragmentFont;
  _fontSize: number;
  _ctmStack: number[][];
  _ctm: number[];
  page: { height: number; fonts: Record<string, unknown> };
  addContent(data: string): unknown;
  transform(m11: number, m12: number, m21: number, m22: number, dx: number, dy: number): unknown;
  restore(): unknown;
  widthOfString(text: string, options?: object): number;
  _fragment(text: string, x: number, y: number, options: object): void;
}

/** What `drawFragment` reads of a line's options; the rest is handed on to pdfkit when it falls back. */
interface DrawnLineOptions {
  width?: number;
  align?: string;
  lineWidth: number;
  [option: string]: unknown;
}

/** The options of a pdfkit text line that `drawFragment` draws as pdfkit would. */
interface PlainLineOptions {
  width?: number;
  align?: string;
  lineWidth: number;
  wordSpacing?: number;
  characterSpacing?: number;
  horizontalScaling?: number;
  baseline?: unknown;
  link?: unknown;
  goTo?: unknown;
  destination?: unknown;
  underline?: boolean;
  strike?: boolean;
  oblique?: unknown;
  stroke?: boolean;
  features?: unknown;
}

type Fragment = (this: FragmentDoc, text: string, x: number, y: number, options: object) => void;
const pdfkitFragments = new WeakMap<Doc, Fragment>();

function pdfkitFragment(doc: Doc): Fragment {
  return pdfkitFragments.get(doc) ?? (doc as unknown as FragmentDoc)._fragment;
}

/**
 * Every line pdfkit draws (paragraphs, headings, cells it wraps itself) goes through `_fragment`; the plain ones
 * (left or right aligned, filled, default baseline, no spacing, scaling, features, links, destinations or
 * decorations) are drawn by `drawFragment`, the rest by pdfkit.
 */
function routePlainLines(doc: Doc): void {
  const raw = doc as unknown as FragmentDoc;
  const original = raw._fragment;
  pdfkitFragments.set(doc, original);
  raw._fragment = function (this: FragmentDoc, text, x, y, options) {
    const o = options as PlainLineOptions;
    const plain =
      (o.align === undefined || o.align === 'left' || o.align === 'right') &&
      !o.wordSpacing &&
      !o.characterSpacing &&
      (o.horizontalScaling || 100) === 100 &&
      o.baseline === undefined &&
      o.link == null &&
      o.goTo == null &&
      o.destination == null &&
      !o.underline &&
      !o.strike &&
      !o.oblique &&
      !o.stroke &&
      !o.features;
    if (plain) drawFragment(doc, text, x, y, options as DrawnLineOptions);
    else original.call(this, text, x, y, options);
  };
}

/** A line's TJ operator per font and text (null: nothing to show), or OFFSET when a glyph is positioned apart. */
const OFFSET = Symbol('offset');
const showOperators = new WeakMap<object, Map<string, string | null | typeof OFFSET>>();

/**
 * pdfkit's `_fragment` for a table cell's line (left or right aligned, filled, default baseline, no spacing,
 * scaling, features, links or decorations): the same operators and state, with the TJ operator, which depends only
 * on the font, its size and the text, built once per document and text. The first drawing of a text encodes it
 * where pdfkit would, so the font subset gains its glyphs in the same order. Glyphs with offsets go to pdfkit.
 */
function drawFragment(doc: Doc, line: string, x: number, y: number, options: DrawnLineOptions): void {
  const raw = doc as unknown as FragmentDoc;
  if (!cellMeasurement.cachedShowOperators) {
    pdfkitFragment(doc).call(raw, line, x, y, options);
    return;
  }
  const text = line.replace(/\n/g, '');
  if (text.length === 0) return;
  const font = raw._font;
  let shows = showOperators.get(font);
  if (!shows) {
    shows = new Map();
    showOperators.set(font, shows);
  }
  const key = `${raw._fontSize}\u0000${text}`;
  let show = shows.get(key);
  if (show === undefined) {
    show = showOperator(font, text);
    shows.set(key, show);
  }
  if (show === OFFSET) {
    pdfkitFragment(doc).call(raw, line, x, y, options);
    return;
  }
  if (options.width && options.align === 'right') {
    x += options.lineWidth - raw.widthOfString(text.replace(/\s+$/, ''), options);
  }
  const dy = (font.ascender / 1000) * raw._fontSize;
  const baseY = raw.page.height - y - dy;
  if (raw.page.fonts[font.id] == null) raw.page.fonts[font.id] = font.ref();
  // save, the flip back to PDF space, the text object, restore: pdfkit's lines, one write. The transform and its
  // restore leave the current matrix as it was, so pdfkit's copy of it is not touched.
  const tm = `1 0 0 1 ${pdfNumber6(x)} ${pdfNumber6(baseY)} Tm`;
  const shown = show === null ? '' : `\n${show}`;
  raw.addContent(
    `q\n${flipOperator(raw.page.height)}\nBT\n${tm}\n/${font.id} ${pdfNumber6(raw._fontSize)} Tf${shown}\nET\nQ`,
  );
}

const flipOperators = new Map<number, string>();

/** `transform(1, 0, 0, -1, 0, height)` as pdfkit writes it, per page height. */
function flipOperator(height: number): string {
  let op = flipOperators.get(height);
  if (op === undefined) {
    op = `1 0 0 -1 0 ${pdfNumber6(height)} cm`;
    flipOperators.set(height, op);
  }
  return op;
}

/** A glyph run of fontkit as pdfkit caches it per word (positions already scaled to 1000 units per em). */
interface GlyphRun {
  glyphs: { id: number; advanceWidth: number; codePoints: number[] }[];
  positions: { xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number }[];
}

/** pdfkit's EmbeddedFont as far as encoding a word uses it. */
interface EncodingFont {
  scale: number;
  widths: number[];
  unicode: number[][];
  subset: { includeGlyph(id: number): number };
  layoutCached(text: string): GlyphRun;
}

/**
 * One word as `_fragment` shows it: its glyphs' ids in the subset (4 hex digits each), in runs that each end at a
 * kerned glyph (`kerns[i]`, its adjustment) except the last (null: the run goes on into the next word).
 */
interface EncodedWord {
  runs: string[];
  kerns: (number | null)[];
  offset: boolean;
}

/** The words of a document's font already encoded: their glyphs are in the subset, in first-seen order. */
const encodedWords = new WeakMap<object, Map<string, EncodedWord>>();

/**
 * pdfkit's `encode` for one of the words its `layout` cuts a text into (up to and including a space or tab): the
 * same glyphs added to the subset in the same order, with the same widths and code points recorded.
 */
function encodeWord(font: EncodingFont, word: string): EncodedWord {
  const run = font.layoutCached(word);
  const encoded: EncodedWord = { runs: [], kerns: [], offset: false };
  let hex = '';
  for (let i = 0; i < run.glyphs.length; i++) {
    const glyph = run.glyphs[i];
    const gid = font.subset.includeGlyph(glyph.id);
    hex += `0000${gid.toString(16)}`.slice(-4);
    if (font.widths[gid] == null) font.widths[gid] = glyph.advanceWidth * font.scale;
    if (font.unicode[gid] == null) font.unicode[gid] = glyph.codePoints;
    const pos = run.positions[i];
    if (pos.xOffset || pos.yOffset) encoded.offset = true;
    const kern = pos.xAdvance - pos.advanceWidth;
    if (kern !== 0) {
      encoded.runs.push(hex);
      encoded.kerns.push(kern);
      hex = '';
    }
  }
  if (hex) {
    encoded.runs.push(hex);
    encoded.kerns.push(null);
  }
  return encoded;
}

/**
 * The TJ operator `_fragment` writes for a text without glyph offsets (its segments, as it splits them after each
 * kerned glyph), built from the text's words, each encoded once per document: a report's lines are new, their
 * words mostly are not.
 */
function showOperator(font: FragmentFont, text: string): string | null | typeof OFFSET {
  const encoding = font as unknown as EncodingFont;
  let words = encodedWords.get(font);
  if (!words) {
    words = new Map();
    encodedWords.set(font, words);
  }
  const commands: string[] = [];
  let segment = '';
  let offset = false;
  let start = 0;
  // Where pdfkit's layout cuts: after each space or tab, and at the end.
  for (let i = 0; i <= text.length; i++) {
    const c = text.charCodeAt(i);
    if (i < text.length && c !== 32 && c !== 9) continue;
    const end = i < text.length ? i + 1 : i;
    if (end === start) break;
    const word = text.slice(start, end);
    start = end;
    let encoded = words.get(word);
    if (!encoded) {
      encoded = encodeWord(encoding, word);
      words.set(word, encoded);
    }
    if (encoded.offset) offset = true;
    for (let r = 0; r < encoded.runs.length; r++) {
      segment += encoded.runs[r];
      const advance = encoded.kerns[r];
      if (advance !== null) {
        commands.push(`<${segment}> ${pdfNumber6(-advance)}`);
        segment = '';
      }
    }
  }
  if (offset) return OFFSET;
  if (segment) commands.push(`<${segment}> 0`);
  return commands.length > 0 ? `[${commands.join(' ')}] TJ` : null;
}

/**
 * A value pdfkit writes as it is: its serialiser writes any reference by its `toString()`, so an object on the
 * prototype of pdfkit's references carries text already in PDF syntax.
 */
function rawPdf(doc: Doc, text: string): object {
  const referenceProto = Object.getPrototypeOf(Object.getPrototypeOf((doc as unknown as { _root: object })._root));
  const value = Object.create(referenceProto) as { toString(): string };
  value.toString = () => text;
  return value;
}

/** A PDF string: raw when it needs no escaping or re-encoding, else a String for pdfkit to convert. */
function pdfString(doc: Doc, text: string): object {
  return /^[ -'*-[\]-~]*$/.test(text) ? rawPdf(doc, `(${text})`) : new String(text);
}

/**
 * pdfkit's `PDFObject.convert` for the values of a table cell's attributes: names, numbers (rounded to 6
 * decimals), null, arrays, dictionaries (one entry a line), and raw values from `rawPdf`/`pdfString`.
 */
function pdfValue(value: unknown): string {
  if (typeof value === 'string') return `/${value}`;
  if (typeof value === 'number') {
    if (!(value > -1e21 && value < 1e21)) throw new Error(`unsupported number: ${value}`);
    return `${Math.round(value * 1e6) / 1e6}`;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++)
      out += (i > 0 ? ' ' : '') + pdfValue(value[i] === undefined ? null : value[i]);
    return `${out}]`;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = value as Record<string, unknown>;
    let out = '<<';
    for (const key in entries) {
      const v = entries[key];
      if (v !== undefined) out += `\n/${key} ${pdfValue(v)}`;
    }
    return `${out}\n>>`;
  }
  return `${value}`;
}

function cellTextOptions(align: 'left' | 'right', width: number, height: number): CellTextOptions {
  return { align, ellipsis: true, stroke: false, fill: true, width, height, rotation: 0 };
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
    font: regularFontPath(),
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
  const output = bufferOutput(doc);
  const done = new Promise<Buffer>((resolve, reject) => {
    // The header pdfkit wrote while constructing went through the stream; everything after, through `output`.
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat([...chunks, ...output.take()])));
    doc.on('error', reject);
  });
  escapeInfoForXmp(doc);
  cacheStringWidths(doc);
  routePlainLines(doc);
  openFonts(doc);
  return { doc, done };
}

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
