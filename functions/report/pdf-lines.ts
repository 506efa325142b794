/**
 * Drawing one text line as pdfkit's `_fragment` would: the plain lines of a document (every paragraph, heading and
 * cell line without spacing, links or decorations) are routed to `drawFragment`, which writes the same operators
 * with each text's TJ operator built once per font and size; the rest stay with pdfkit.
 */
import { pdfNumber6 } from './pdf-numbers.js';

type Doc = PDFKit.PDFDocument;

/**
 * Shortcuts of the table writer, each giving pdfkit's bytes; off only in tests, which compare both ways:
 * `wrapFromWords`, a cell's measurements (pdfkit wraps each text twice) done by `wrapCellText` instead of pdfkit's
 * wrapper; `cachedShowOperators`, lines drawn by `drawFragment` instead of pdfkit's `_fragment`.
 */
export const cellMeasurement = { wrapFromWords: true, cachedShowOperators: true };

export interface FragmentFont {
  id: string;
  ascender: number;
  encode(
    text: string,
    features?: unknown,
  ): [string[], { xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number }[]];
  ref(): unknown;
}

export interface FragmentDoc {
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
export interface DrawnLineOptions {
  width?: number;
  align?: string;
  lineWidth: number;
  [option: string]: unknown;
}

/** The options of a pdfkit text line that `drawFragment` draws as pdfkit would. */
export interface PlainLineOptions {
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

export type Fragment = (this: FragmentDoc, text: string, x: number, y: number, options: object) => void;
const pdfkitFragments = new WeakMap<Doc, Fragment>();

export function pdfkitFragment(doc: Doc): Fragment {
  return pdfkitFragments.get(doc) ?? (doc as unknown as FragmentDoc)._fragment;
}

/**
 * Every line pdfkit draws (paragraphs, headings, cells it wraps itself) goes through `_fragment`; the plain ones
 * (left or right aligned, filled, default baseline, no spacing, scaling, features, links, destinations or
 * decorations) are drawn by `drawFragment`, the rest by pdfkit.
 */
export function routePlainLines(doc: Doc): void {
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
export const OFFSET = Symbol('offset');
const showOperators = new WeakMap<object, Map<string, string | null | typeof OFFSET>>();

/**
 * pdfkit's `_fragment` for a table cell's line (left or right aligned, filled, default baseline, no spacing,
 * scaling, features, links or decorations): the same operators and state, with the TJ operator, which depends only
 * on the font, its size and the text, built once per document and text. The first drawing of a text encodes it
 * where pdfkit would, so the font subset gains its glyphs in the same order. Glyphs with offsets go to pdfkit.
 */
export function drawFragment(doc: Doc, line: string, x: number, y: number, options: DrawnLineOptions): void {
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
export function flipOperator(height: number): string {
  let op = flipOperators.get(height);
  if (op === undefined) {
    op = `1 0 0 -1 0 ${pdfNumber6(height)} cm`;
    flipOperators.set(height, op);
  }
  return op;
}

/** A glyph run of fontkit as pdfkit caches it per word (positions already scaled to 1000 units per em). */
export interface GlyphRun {
  glyphs: { id: number; advanceWidth: number; codePoints: number[] }[];
  positions: { xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number }[];
}

/** pdfkit's EmbeddedFont as far as encoding a word uses it. */
export interface EncodingFont {
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
export interface EncodedWord {
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
export function encodeWord(font: EncodingFont, word: string): EncodedWord {
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
export function showOperator(font: FragmentFont, text: string): string | null | typeof OFFSET {
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
