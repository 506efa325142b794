/**
 * The fonts of every PDF this tool writes: DejaVu Sans, Sans Bold and Sans Mono, embedded (PDF/A allows nothing
 * else), from the dejavu-fonts-ttf package or from fonts/ beside a bundle.
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

/** Fonts come from the dejavu-fonts-ttf package, or from fonts/ beside a bundle (functions/asset-dir.ts). */
function fontPath(file: string): string {
  const bundleAssets = assetDir();
  if (bundleAssets) return fileURLToPath(new URL(`fonts/${file.split('/').pop()}`, bundleAssets));
  return requireFromHere.resolve(file);
}

/**
 * The names documents know the fonts by (`doc.font(FONT.bold)`). The regular face is the document's default font,
 * given to the PDFDocument constructor by its path (so pdfkit never loads its standard Helvetica, which a bundle
 * cannot resolve), and selected by that same path: pdfkit 0.20 keeps an opened font under the name it was first
 * opened by, and re-parses the TTF on every `doc.font(name)` of a registered name whose font is already open under
 * another. Resolved once, when this module loads, as the templates' folder is.
 */
export const FONT = {
  regular: fontPath(FONT_FILES.regular),
  bold: 'Sans-Bold',
  mono: 'Mono',
} as const;

/** The font files' bytes, read once per process: pdfkit accepts a buffer wherever it takes a path. */
const fontBytes = new Map<string, Buffer>();

function fontFile(key: 'bold' | 'mono'): Buffer {
  const path = fontPath(FONT_FILES[key]);
  let bytes = fontBytes.get(path);
  if (!bytes) {
    bytes = readFileSync(path);
    fontBytes.set(path, bytes);
  }
  return bytes;
}

/** Registers the bold and mono faces under `FONT`'s names (the regular one is the constructor's). */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  doc.registerFont(FONT.bold, fontFile('bold'));
  doc.registerFont(FONT.mono, fontFile('mono'));
}
