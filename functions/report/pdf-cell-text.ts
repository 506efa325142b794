/**
 * Measuring a table cell's text as pdfkit's line wrapper would: through the wrapper itself (`boundsOfCellText`) or
 * replayed on the text's words (`wrapCellText`), with the lines kept so they can be drawn without wrapping again.
 */
import LineBreaker from 'linebreak';
import type { DrawnLineOptions } from './pdf-lines.js';
import { pdfNumber } from './pdf-numbers.js';

type Doc = PDFKit.PDFDocument;

export interface TextBounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The options object pdfkit's line wrapper hands to each line it emits. */
export interface LineOptions {
  textWidth: number;
  wordCount: number;
  lineWidth: number;
  /** The options doc.text would give `_fragment` for this line, once built (`lineOptionsOf`). */
  drawOptions?: DrawnLineOptions;
}

export interface PdfkitInternals {
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
export interface CellTextOptions {
  align: 'left' | 'right';
  ellipsis: true;
  stroke: false;
  fill: true;
  width: number;
  height: number;
  rotation: 0;
}

/** One cell's text measured at a width and height, as pdfkit's `boundsOfString` reports it (x and y are 0). */
export interface Measured {
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

/** The options doc.text gives `_fragment` for a measured line, built once per line (measurements are cached). */
export function lineOptionsOf(m: Measured, line: LineOptions): DrawnLineOptions {
  if (line.drawOptions) return line.drawOptions;
  const o = m.options;
  // Written out rather than spread: this runs for every line of every new cell text.
  line.drawOptions = {
    align: o.align,
    ellipsis: o.ellipsis,
    stroke: o.stroke,
    fill: o.fill,
    width: Math.max(o.width, 0),
    height: o.height,
    rotation: o.rotation,
    columns: 0,
    columnGap: 18,
    textWidth: line.textWidth,
    wordCount: line.wordCount,
    lineWidth: line.lineWidth,
  };
  return line.drawOptions;
}

/** Characters that force a line break (Unicode classes BK, CR, LF, NL): a text with one is never `oneLine`. */
export const MANDATORY_BREAK = /[\n\r\v\f\u0085\u2028\u2029]/;

/**
 * `boundsOfString` at 0,0 with rotation 0, through pdfkit's own wrapper (`_text` with a line callback, as its
 * `heightOfString` does), also noting whether the text came out as one whole line. Leaves doc.x and doc.y at 0,
 * as `boundsOfString` does.
 */
export function boundsOfCellText(doc: Doc, text: string, options: CellTextOptions): Omit<Measured, 'options'> {
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
export function measuredLines(
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
 * A text cut where pdfkit's wrapper cuts it: at the UAX #14 break opportunities of the `linebreak` package, which
 * its LineWrapper reads the same way, each word with the width `wordWidth` gives it (the document's widthOfString,
 * which caches, rounded down to a float32) and whether the break after it is a forced one. Independent of the width
 * a text is wrapped at, so one cell's measurements share it.
 */
export interface Words {
  words: string[];
  widths: number[];
  required: boolean[];
}

export function wordsOf(doc: Doc, text: string): Words {
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

export const SOFT_HYPHEN = '\u00AD';

/**
 * pdfkit's `boundsOfString` for a cell text at this width and height (x = y = 0, one column, no indent, no
 * spacing), computed the way its LineWrapper computes it: the words between the UAX #14 break opportunities of the
 * same `linebreak` package, each measured as `wordWidth` measures it (the document's widthOfString, which caches,
 * rounded down to a float32), a word wider than the line cut where `eachWord` cuts it, and the lines filled with
 * `wrap`'s comparisons, roundings and order. What this does not cover (a soft hyphen, an ellipsis, a text cut
 * short by the height) returns undefined, and the caller lets pdfkit wrap.
 */
export function wrapCellText(
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
  // pdfkit's arithmetic, term by term (horizontal scaling 100, one column, gap 18, no word or character spacing):
  // the widths and positions must come out equal to the last bit, so no term is simplified away here or below.
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

/**
 * Whether pdfkit's wrapper, starting at `startY` with this height, would emit `count` lines of `lineHeight` with
 * neither its ellipsis (a line ending where the next two would not fit) nor an early end (the next line not
 * fitting) before the last: the same comparisons, with the same roundings, it makes after each line but the last.
 */
export function replayableAt(startY: number, height: number, lineHeight: number, count: number): boolean {
  const maxY = pdfNumber(startY + height);
  let y = startY;
  for (let i = 0; i < count - 1; i++) {
    if (pdfNumber(y + lineHeight * 2) > maxY) return false;
    y += lineHeight;
    if (pdfNumber(y + lineHeight) > maxY) return false;
  }
  return true;
}

export function cellTextOptions(align: 'left' | 'right', width: number, height: number): CellTextOptions {
  return { align, ellipsis: true, stroke: false, fill: true, width, height, rotation: 0 };
}
