/**
 * The fonts of every PDF this tool writes: DejaVu Sans, Sans Bold and Sans Mono, embedded (PDF/A allows nothing
 * else), and the process-wide state that lets a second document skip the work the first did with them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { assetDir } from '../asset-dir.js';

const requireFromHere = createRequire(import.meta.url);

const FONT_FILES = {
  regular: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  bold: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
  mono: 'dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf',
} as const;

/** The names documents know the fonts by (`doc.font(FONT.bold)`). */
export const FONT = { regular: 'Sans', bold: 'Sans-Bold', mono: 'Mono' } as const;

/** Fonts come from the dejavu-fonts-ttf package, or from fonts/ beside a bundle (functions/asset-dir.ts). */
function fontPath(file: string): string {
  const bundleAssets = assetDir();
  if (bundleAssets) return fileURLToPath(new URL(`fonts/${file.split('/').pop()}`, bundleAssets));
  return requireFromHere.resolve(file);
}

/** The font files' bytes, read once per process: pdfkit accepts a buffer wherever it takes a path. */
const fontBytes = new Map<string, Buffer>();

function fontFile(key: keyof typeof FONT_FILES): Buffer {
  const path = fontPath(FONT_FILES[key]);
  let bytes = fontBytes.get(path);
  if (!bytes) {
    bytes = readFileSync(path);
    fontBytes.set(path, bytes);
  }
  return bytes;
}

/**
 * The regular face's path, for the PDFDocument constructor, so pdfkit never loads its standard Helvetica (which a
 * bundle cannot resolve). A path, not the bytes: pdfkit names a font it opened by its source.
 */
export function regularFontPath(): string {
  return fontPath(FONT_FILES.regular);
}

/** pdfkit's EmbeddedFont, as far as sharing uses it. */
interface EmbeddedFont {
  name: string;
  font: { createSubset(): unknown };
  subset: unknown;
  layoutCache?: Record<string, unknown>;
  encode(text: string, features?: unknown): [string[], object[]];
}

interface FontDoc {
  _fontFamilies: Record<string, EmbeddedFont>;
  _font: EmbeddedFont;
  registerFont(name: string, src: Buffer): unknown;
  font(name: string): unknown;
}

/**
 * Parsed fonts (fontkit objects) shared by every document of the process, by PostScript name. fontkit decodes a
 * table (glyph locations, metrics, the shaping rules) the first time it is used and keeps it, so a fresh parse per
 * document decoded them all again. A document only reads the parsed font; what it changes (the subset of glyphs it
 * embeds) is its own.
 */
const parsedFonts = new Map<string, EmbeddedFont['font']>();

/**
 * Word layouts shared by every document of the process, by PostScript name. Shaping a word with fontkit is the
 * larger part of measuring a table cell, and pdfkit keeps its word cache per document, so every report shaped the
 * same words again (browsers keep a word-shape cache per font for the same reason). A layout (glyph ids,
 * advances) depends only on the font file. Bounded: names in reports are not.
 */
const sharedLayouts = new Map<string, Record<string, unknown>>();
const SHARED_LAYOUT_WORDS = 50_000;

function share(font: EmbeddedFont): void {
  const parsed = parsedFonts.get(font.name);
  if (parsed) {
    font.font = parsed;
    font.subset = parsed.createSubset();
  } else parsedFonts.set(font.name, font.font);
  if (font.layoutCache) {
    let cache = sharedLayouts.get(font.name);
    if (!cache || Object.keys(cache).length > SHARED_LAYOUT_WORDS) {
      cache = Object.create(null) as Record<string, unknown>;
      sharedLayouts.set(font.name, cache);
    }
    font.layoutCache = cache;
  }
}

/**
 * pdfkit encodes a text (glyph ids and positions) each time it draws it, shaping it again; a report draws the same
 * cell texts thousands of times. The first encoding adds the glyphs to the subset and records their widths; later
 * ones of the same text add nothing, so they are taken from this per-font (so per-document) map. pdfkit reads the
 * returned arrays without changing them.
 */
function cacheEncodings(font: EmbeddedFont): void {
  const encode = font.encode.bind(font);
  const encoded = new Map<string, [string[], object[]]>();
  font.encode = (text, features) => {
    if (features) return encode(text, features);
    let result = encoded.get(text);
    if (!result) {
      result = encode(text);
      encoded.set(text, result);
    }
    return result;
  };
}

/**
 * Forgets the word layouts and string widths every document shares, as a fresh process would start; the parsed
 * fonts stay, as a browser keeps its fonts loaded. For benchmarks, which report renders with cold text caches too.
 */
export function clearSharedTextCaches(): void {
  sharedLayouts.clear();
  plainWidths.clear();
}

/**
 * Registers the three faces under `FONT`'s names and opens each once, before anything is drawn (the font objects
 * must be swapped for the shared ones while their subsets are still empty).
 */
export function openFonts(pdf: PDFKit.PDFDocument): void {
  const doc = pdf as unknown as FontDoc;
  doc.registerFont(FONT.regular, fontFile('regular'));
  doc.registerFont(FONT.bold, fontFile('bold'));
  doc.registerFont(FONT.mono, fontFile('mono'));
  // pdfkit 0.20 never caches a registered name whose font equals one already open (here: 'Sans' and the
  // constructor's font), so every doc.font(FONT.regular) and every table cell re-parsed the TTF: about 10 s for
  // one report. Open each name once and keep it under that name.
  for (const name of [FONT.bold, FONT.mono, FONT.regular]) {
    doc.font(name);
    doc._fontFamilies[name] ??= doc._font;
  }
  for (const font of new Set(Object.values(doc._fontFamilies))) {
    share(font);
    cacheEncodings(font);
  }
}

interface WidthOptions {
  features?: unknown;
  characterSpacing?: number;
  horizontalScaling?: number;
}

/**
 * Widths of strings without spacing or scaling, by font (PostScript name: the fonts are the same files in every
 * document) and size, shared by every document of the process as the word layouts they come from are
 * (pdf-fonts.ts). Bounded per font and size: the strings of reports are not.
 */
const plainWidths = new Map<string, Map<number, Map<string, number>>>();
const SHARED_WIDTHS = 200_000;

/**
 * pdfkit's line wrapper measures every word, and every prefix of a word too long for its line, each time a text is
 * wrapped: a table cell is wrapped to measure it, again at its measured size, and again to draw it, and each
 * measurement shapes the string with fontkit. A width depends only on the font, its size, the string and the
 * spacing options, so each one computed is kept (the same number pdfkit computes: it is pdfkit's).
 */
export function cacheStringWidths(doc: PDFKit.PDFDocument): void {
  const raw = doc as unknown as {
    _font: { id: string; name: string };
    _fontSize: number;
    widthOfString(text: string, options?: WidthOptions): number;
  };
  const widthOfString = raw.widthOfString.bind(raw);
  const byStyle = new Map<string, Map<string, number>>();
  raw.widthOfString = (text, options = {}) => {
    if (options.features) return widthOfString(text, options);
    if (!options.characterSpacing && (options.horizontalScaling ?? 100) === 100) {
      // The common case (no spacing, no scaling), shared by every document: see `plainWidths`.
      let bySize = plainWidths.get(raw._font.name);
      if (!bySize) {
        bySize = new Map();
        plainWidths.set(raw._font.name, bySize);
      }
      let widths = bySize.get(raw._fontSize);
      if (!widths || widths.size > SHARED_WIDTHS) {
        widths = new Map();
        bySize.set(raw._fontSize, widths);
      }
      let width = widths.get(text);
      if (width === undefined) {
        width = widthOfString(text, options);
        widths.set(text, width);
      }
      return width;
    }
    const style = `${raw._font.id} ${raw._fontSize} ${options.characterSpacing ?? 0} ${options.horizontalScaling ?? 100}`;
    let widths = byStyle.get(style);
    if (!widths) {
      widths = new Map();
      byStyle.set(style, widths);
    }
    let width = widths.get(text);
    if (width === undefined) {
      width = widthOfString(text, options);
      widths.set(text, width);
    }
    return width;
  };
}
