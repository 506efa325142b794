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

/**
 * Writes a table at doc.x, doc.y: `rows[0]` is the header row (TH cells, scope Column), the rest TD rows. Each row
 * is as tall as its tallest cell; fills and the rule under each row are artifacts, each cell's text is its tagged
 * content. A row taller than a whole page is cut at the page's end, its text ending in an ellipsis. Leaves doc.y
 * under the table.
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
  let y = doc.y;
  let next = rows.length > 0 ? measureRow(rows[0]) : undefined;
  rows.forEach((row, r) => {
    const current = next ?? measureRow(row);
    next = r + 1 < rows.length ? measureRow(rows[r + 1]) : undefined;
    const { measured } = current;
    let height = current.height;
    // The header row stays with the first row under it.
    const needed = r === 0 && next ? height + next.height : height;
    const bottom = doc.page.height - doc.page.margins.bottom;
    if (y + needed > bottom && y > doc.page.margins.top) {
      doc.addPage();
      y = doc.page.margins.top;
    }
    const cut = y + height > bottom;
    if (cut) height = bottom - y;

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

    const tr = doc.struct('TR');
    table.add(tr);
    row.forEach((cell, c) => {
      const header = r === 0;
      const options: CellOptions = header ? { scope: 'Column' } : {};
      const cellStruct = doc.struct(header ? 'TH' : 'TD', options);
      tr.add(cellStruct);
      const m = measured[c];
      if (m) {
        cellStruct.add(() => {
          const width = widths[c] - padX;
          const left = xs[c] + PADDING.left;
          const top = y + PADDING.top;
          doc.font(cell.font).fontSize(FONT_SIZE).fillColor(cell.color);
          if (m.lineWidth !== undefined && !cut) {
            const x = cell.align === 'right' ? left + width - m.lineWidth : left;
            doc.text(cell.text, x, top, { lineBreak: false });
          } else {
            // The row's height bounds the wrapper, so it never starts a page; only a cut row needs the ellipsis.
            doc.text(cell.text, left, top, {
              width,
              height: cut ? height - padY : height - padY + 1,
              align: cell.align,
              ellipsis: cut,
            });
          }
        });
      }
      cellStruct.end();
    });
    tr.end();
    y += height;
  });
  table.end();
  doc.x = x0;
  doc.y = y;
}
