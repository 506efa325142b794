/**
 * The table writer: what pdfkit's `doc.table()` writes for this tool's tables (tagged cells, rules, fills and text),
 * with each cell measured once per document and size and the PDF objects written directly; the one difference is
 * described at `writeLiteTable`.
 */
import {
  boundsOfCellText,
  cellTextOptions,
  lineOptionsOf,
  type Measured,
  type PdfkitInternals,
  replayableAt,
  type Words,
  wordsOf,
  wrapCellText,
} from './pdf-cell-text.js';
import { COLOR } from './pdf-colors.js';
import { FONT } from './pdf-fonts.js';
import { cellMeasurement, drawFragment } from './pdf-lines.js';
import { pdfNumber6 } from './pdf-numbers.js';

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

/** One cell of `writeLiteTable`, already resolved: pdfkit's table would merge these from styles per cell. */
export interface LiteCell {
  text: string;
  font: string;
  color: string;
  background?: string;
  align: 'left' | 'right';
}

const CELL_PADDING = { top: 3, right: 4, bottom: 3, left: 4 };
const CELL_FONT_SIZE = 8.5;
const CELL_RULE = 0.5;

/**
 * Measurements of cell texts, per document: a report repeats the same cells (kinds, statuses, messages) thousands
 * of times, and a measurement depends only on the font, the text, the alignment, the width and the height.
 */
const measurements = new WeakMap<Doc, Map<string, Measured>>();
/** The words of each cell text, per document and font (a text is measured at up to four sizes). */
const cellWords = new WeakMap<Doc, Map<string, Words>>();

const RULE_WIDTH = pdfNumber6(CELL_RULE);
/** strokeColor('black'): 'black' is [0, 0, 0] in pdfkit's named colours. */
const BLACK_STROKE = '/DeviceRGB CS\n0 0 0 SCN';
/** Fill operators per colour string, shared by every document (they depend only on the string). */
const fillOps = new Map<string, string | undefined>();

/**
 * What `doc.table()` draws for our tables (first row headers, a rule under each row, top-aligned text, no spans),
 * with the same drawing operations, structure elements and ids in the same order. One difference: pdfkit writes a
 * table-attribute object per cell, with the row's height; here cells of a column with the same role and fill share
 * one (width, padding, borders, scope and header), which the tagged-PDF rules allow, and which saves a report
 * thousands of objects. pdfkit measures every cell twice (at the page height, then at the row height), each time
 * wrapping its text twice, and merges its styles per cell: most of a report's time went there. Here a cell is
 * measured once, and again at the row height only when that height could change the result (the text's own height
 * leaves less than two lines of room: pdfkit wraps with an ellipsis when the next line would not fit).
 */
export function writeLiteTable(
  doc: Doc,
  sect: Struct,
  columns: { width: number | string }[],
  rows: LiteCell[][],
): void {
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
  // A cell's table attributes (ISO 32000 §14.8.5.7), written once per column, role and fill.
  const attributeRefs = new Map<string, object>();
  const cellAttributes = (c: number, type: 'TH' | 'TD', background: string | undefined): object => {
    const key = `${c}\u0000${type}\u0000${background ?? ''}`;
    let ref = attributeRefs.get(key);
    if (!ref) {
      const attributes: Record<string, unknown> = {
        O: 'Table',
        Width: widths[c],
        Padding: [pad.top, pad.bottom, pad.left, pad.right],
        BorderThickness: [0, CELL_RULE, 0, 0],
      };
      if (type === 'TH') attributes.Scope = 'Column';
      if (headerIds[c]) attributes.Headers = [headerIds[c]];
      if (background != null) attributes.BackgroundColor = raw._normalizeColor(background);
      attributes.BorderColor = [null, ruleColor, null, null];
      // Written as pdfkit would write the dictionary, without its generic conversion per value.
      const written = doc.ref(rawPdf(doc, pdfValue(attributes)));
      (written as unknown as { end(): void }).end();
      ref = written;
      attributeRefs.set(key, ref);
    }
    return ref;
  };
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
      if (type === 'TH') headerIds[c] = id;
      data.A = cellAttributes(c, type, cell.background);
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
    });
    rowStruct.end();
    doc.x = x0;
    doc.y = rowY + rowHeight;
    rowY += rowHeight;
  });
  tableStruct.end();
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
