/**
 * The table writer: rows laid out here and drawn with pdfkit's public calls (`heightOfString`, `widthOfString`,
 * `text`, `rect`, `struct`, `markContent`). A tagged Table of TR rows and TH/TD cells; a row that does not fit
 * the page starts the next one.
 */
import { COLOR } from './pdf-colors.js';

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

/** One cell, its style resolved (font, colour, fill, alignment). */
export interface LaidCell {
  text: string;
  font: string;
  color: string;
  background?: string;
  align: 'left' | 'right';
}

/** pdfkit writes `scope` as a header cell's Table attribute (ISO 32000-1 §14.8.5.7); @types/pdfkit omits it. */
type CellOptions = PDFKit.Mixins.StructureElementOptions & { scope?: 'Column' | 'Row' | 'Both' };

const PADDING = { top: 3, right: 4, bottom: 3, left: 4 };
const FONT_SIZE = 8.5;
const RULE_WIDTH = 0.5;

/** Characters that force a line break: a text with one is never drawn as a single line. */
const LINE_BREAK = /[\n\r\v\f\u0085\u2028\u2029]/;

/** A cell text measured at a width: its height, and its width when it is drawn as one line. */
interface Measure {
  height: number;
  /** Set when the text fits on one line: it is then drawn without wrapping. */
  lineWidth?: number;
}

/**
 * Measurements per document, by font, width and text: a report repeats the same cell texts (kinds, statuses,
 * messages) thousands of times, and a measurement depends on nothing else (the size is always `FONT_SIZE`).
 */
const measures = new WeakMap<Doc, Map<string, Measure>>();

function measure(doc: Doc, cache: Map<string, Measure>, cell: LaidCell, width: number): Measure {
  const key = `${cell.font}\u0000${width}\u0000${cell.text}`;
  let m = cache.get(key);
  if (m) return m;
  doc.font(cell.font).fontSize(FONT_SIZE);
  const lineWidth = LINE_BREAK.test(cell.text) ? Number.POSITIVE_INFINITY : doc.widthOfString(cell.text);
  m =
    lineWidth <= width
      ? { height: doc.currentLineHeight(true), lineWidth }
      : { height: doc.heightOfString(cell.text, { width }) };
  cache.set(key, m);
  return m;
}

/** Column widths: fixed ones as given, the rest of `available` shared evenly between the '*' columns. */
export function columnWidths(columns: { width: number | string }[], available: number): number[] {
  const fixed = columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 0), 0);
  const stars = columns.filter((c) => typeof c.width !== 'number').length;
  const share = stars > 0 ? Math.max((available - fixed) / stars, 0) : 0;
  return columns.map((c) => (typeof c.width === 'number' ? c.width : share));
}

/** Where a text may be split between pages: after each run of spaces or zero-width spaces. */
function breakPoints(text: string): number[] {
  const points: number[] = [];
  for (const m of text.matchAll(/[\s\u200b]+/g)) points.push((m.index ?? 0) + m[0].length);
  return points;
}

/**
 * The longest head of `text`, ending at a break point, whose wrapped height at `width` is at most `maxHeight`;
 * at least one break point's worth, so a continued row always moves forward. `[head, rest]`.
 */
function splitToHeight(doc: Doc, cell: LaidCell, width: number, maxHeight: number): [string, string] {
  doc.font(cell.font).fontSize(FONT_SIZE);
  const points = breakPoints(cell.text).filter((p) => p < cell.text.length);
  if (doc.heightOfString(cell.text, { width }) <= maxHeight || points.length === 0) return [cell.text, ''];
  let lo = 0;
  let hi = points.length - 1;
  let best = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (doc.heightOfString(cell.text.slice(0, points[mid]), { width }) <= maxHeight) {
      best = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  const at = points[best];
  return [cell.text.slice(0, at).trimEnd(), cell.text.slice(at)];
}

/**
 * Writes a table at doc.x, doc.y: `rows[0]` is the header row (TH cells, scope Column), the rest TD rows. Each row
 * is as tall as its tallest cell; fills and the rule under each row are artifacts, each cell's text is its tagged
 * content. A row that does not fit the page starts the next one, where the header row is drawn again (as a
 * pagination artifact); a row taller than a whole page is split at a line break and continues on the next page,
 * so no text is ever cut. Leaves doc.y under the table.
 */
export function writeTable(doc: Doc, sect: Struct, columns: { width: number | string }[], rows: LaidCell[][]): void {
  let cache = measures.get(doc);
  if (!cache) {
    cache = new Map();
    measures.set(doc, cache);
  }
  const x0 = doc.x;
  const widths = columnWidths(columns, doc.page.width - doc.page.margins.right - x0);
  const xs: number[] = [];
  let right = x0;
  for (const w of widths) {
    xs.push(right);
    right += w;
  }
  const padX = PADDING.left + PADDING.right;
  const padY = PADDING.top + PADDING.bottom;

  const table = doc.struct('Table');
  sect.add(table);
  const measureRow = (row: LaidCell[]) => {
    const measured = row.map((cell, c) => (cell.text ? measure(doc, cache, cell, widths[c] - padX) : undefined));
    let height = padY;
    for (const m of measured) if (m) height = Math.max(height, m.height + padY);
    return { measured, height };
  };
  const bottom = () => doc.page.height - doc.page.margins.bottom;

  /** Fills and rule (artifacts), then each cell's text: tagged into `tr`, or an artifact when `tr` is absent. */
  const drawRow = (row: LaidCell[], measured: (Measure | undefined)[], y: number, height: number, tr?: Struct) => {
    doc.markContent('Artifact');
    row.forEach((cell, c) => {
      if (cell.background != null) doc.rect(xs[c], y, widths[c], height).fill(cell.background);
    });
    doc
      .moveTo(x0, y + height)
      .lineTo(right, y + height)
      .lineWidth(RULE_WIDTH)
      .strokeColor(COLOR.line)
      .stroke();
    doc.endMarkedContent();

    const drawCell = (cell: LaidCell, c: number, m: Measure) => {
      const width = widths[c] - padX;
      const left = xs[c] + PADDING.left;
      const top = y + PADDING.top;
      doc.font(cell.font).fontSize(FONT_SIZE).fillColor(cell.color);
      if (m.lineWidth !== undefined) {
        const x = cell.align === 'right' ? left + width - m.lineWidth : left;
        doc.text(cell.text, x, top, { lineBreak: false });
      } else {
        // The row's height bounds the wrapper, so it never starts a page.
        doc.text(cell.text, left, top, { width, height: height - padY + 1, align: cell.align });
      }
    };
    if (!tr) {
      doc.markContent('Artifact');
      row.forEach((cell, c) => {
        const m = measured[c];
        if (m) drawCell(cell, c, m);
      });
      doc.endMarkedContent();
      return;
    }
    const header = row === rows[0];
    row.forEach((cell, c) => {
      const options: CellOptions = header ? { scope: 'Column' } : {};
      const cellStruct = doc.struct(header ? 'TH' : 'TD', options);
      tr.add(cellStruct);
      const m = measured[c];
      if (m) cellStruct.add(() => drawCell(cell, c, m));
      cellStruct.end();
    });
  };

  const headerRow = rows[0];
  const headerMeasure = headerRow ? measureRow(headerRow) : undefined;
  let y = doc.y;
  /** A new page; the header row again on top of it when the table is under way. */
  const newPage = (repeatHeader: boolean) => {
    doc.addPage();
    y = doc.page.margins.top;
    if (repeatHeader && headerRow && headerMeasure) {
      drawRow(headerRow, headerMeasure.measured, y, headerMeasure.height);
      y += headerMeasure.height;
    }
  };

  let next = rows.length > 0 ? measureRow(rows[0]) : undefined;
  rows.forEach((row, r) => {
    const current = next ?? measureRow(row);
    next = r + 1 < rows.length ? measureRow(rows[r + 1]) : undefined;
    // The header row stays with the first row under it.
    const needed = r === 0 && next ? current.height + next.height : current.height;
    if (y + needed > bottom() && y > doc.page.margins.top) newPage(r > 0);

    const tr = doc.struct('TR');
    table.add(tr);
    let part = row;
    let partMeasure = current;
    // A row taller than the rest of the page: draw what fits, continue the rest on the next page.
    while (y + partMeasure.height > bottom()) {
      const room = bottom() - y - padY;
      const split = part.map((cell, c) =>
        cell.text ? splitToHeight(doc, cell, widths[c] - padX, room) : (['', ''] as [string, string]),
      );
      if (split.every(([, rest]) => rest === '')) break;
      const head = part.map((cell, c) => ({ ...cell, text: split[c][0] }));
      const headMeasure = measureRow(head);
      drawRow(head, headMeasure.measured, y, Math.min(headMeasure.height, bottom() - y), tr);
      part = part.map((cell, c) => ({ ...cell, text: split[c][1] }));
      partMeasure = measureRow(part);
      newPage(true);
    }
    drawRow(part, partMeasure.measured, y, partMeasure.height, tr);
    tr.end();
    y += partMeasure.height;
  });
  table.end();
  doc.x = x0;
  doc.y = y;
}
