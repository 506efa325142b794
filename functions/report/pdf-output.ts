/**
 * How a document's bytes leave pdfkit: gathered as strings and converted in blocks, page contents deflated in the
 * libuv pool while the rest of the document is still being drawn. The bytes are the same on every run (zlib at
 * its defaults, objects written in a fixed order), only produced with less work on the main thread.
 */
import { promisify } from 'node:util';
import { deflate, deflateSync } from 'node:zlib';

/** pdfkit's document, as far as output buffering uses it. */
interface PdfkitOutput {
  _offset: number;
  _write(data: string | Uint8Array): void;
  addPage(options?: object): unknown;
  end(): unknown;
  ref(data?: object): PdfkitStreamRef;
  page: PdfkitPage;
  _pageBuffer: PdfkitPage[];
}

interface PdfkitPage {
  content: PdfkitStreamRef;
  markings: unknown[];
  dictionary: { data: { Contents?: unknown } };
}

interface PdfkitStreamRef {
  compress: boolean;
  buffer: Uint8Array[];
  data: { Filter?: string; Length?: number };
  uncompressedLength: number;
  write(chunk: string | Uint8Array): void;
  finalize(): void;
  end(chunk?: Uint8Array): void;
}

export const deflateInPool = promisify(deflate);

/** Strings gathered before they are turned into bytes at once: one Buffer per ~64 KiB instead of one per line. */
const FLUSH_CHARS = 64 * 1024;
const PAGE_FLUSH_CHARS = 8 * 1024;

/**
 * A page whose drawing is over: its content so far, deflating in the pool, and the stream that takes whatever is
 * drawn on it later (running headers and footers, written once the page count is known).
 */
interface SealedPage {
  page: PdfkitPage;
  content: PdfkitStreamRef;
  bytes: Buffer;
  packed?: Buffer;
  deflated: Promise<void>;
  later: PdfkitStreamRef;
}

const sealedPages = new WeakMap<object, SealedPage[]>();
const pendingFlushes = new WeakMap<PdfkitStreamRef, () => void>();

/** A page's content stream, gathered as one string and converted when the page is finalized. */
function bufferPageContent(ref: PdfkitStreamRef): void {
  // What pdfkit already wrote (a new page's initial transform) stays first in ref.buffer.
  let pending = '';
  ref.write = (chunk) => {
    if (chunk instanceof Uint8Array) {
      if (pending) ref.buffer.push(Buffer.from(pending, 'latin1'));
      pending = '';
      ref.buffer.push(chunk);
      ref.uncompressedLength += chunk.length;
    } else {
      const line = `${chunk}\n`;
      pending += line;
      ref.uncompressedLength += line.length;
      // Bytes off the heap now: a page's text otherwise stays a chain of small strings until the document ends.
      if (pending.length >= PAGE_FLUSH_CHARS) {
        ref.buffer.push(Buffer.from(pending, 'latin1'));
        pending = '';
      }
    }
    // Entries in pdfkit's order: Length on the first write, then Filter.
    ref.data.Length ??= 0;
    if (ref.compress) ref.data.Filter = 'FlateDecode';
  };
  const flush = () => {
    if (pending) ref.buffer.push(Buffer.from(pending, 'latin1'));
    pending = '';
  };
  pendingFlushes.set(ref, flush);
  const finalize = ref.finalize.bind(ref);
  ref.finalize = () => {
    flush();
    finalize();
  };
}

/**
 * Seals the page being left: its content so far starts deflating in the pool, and a second content stream (a
 * page's Contents may be an array, read as one stream) takes what is drawn on it later. Open marked content stays
 * open across the boundary: ISO 32000-1 §14.6 counts a page's Contents array as a single stream for marked content.
 */
function sealPage(raw: PdfkitOutput, page: PdfkitPage, sealed: SealedPage[]): void {
  const content = page.content;
  const flush = pendingFlushes.get(content);
  if (!flush || !content.compress || sealed.some((s) => s.page === page)) return;
  flush();
  const bytes = Buffer.concat(content.buffer);
  const later = raw.ref();
  bufferPageContent(later);
  page.content = later;
  page.dictionary.data.Contents = [content, later];
  const entry: SealedPage = { page, content, bytes, later, deflated: Promise.resolve() };
  // A failed deflate here is retried synchronously when the document ends.
  entry.deflated = deflateInPool(bytes).then(
    (packed) => {
      entry.packed = packed;
    },
    () => undefined,
  );
  sealed.push(entry);
}

/** Writes the sealed pages' first streams, in page order, just before pdfkit writes the pages themselves. */
function writeSealedPages(sealed: SealedPage[]): void {
  for (const entry of sealed) {
    const { content, later } = entry;
    content.buffer = [entry.packed ?? deflateSync(entry.bytes)];
    content.compress = false;
    content.data.Filter = 'FlateDecode';
    content.end();
    pendingFlushes.get(later)?.();
    // Nothing drawn later: the page keeps one stream (an empty second one would not be a stream at all).
    if (later.buffer.length === 0) entry.page.dictionary.data.Contents = content;
  }
  sealed.length = 0;
}

/**
 * pdfkit writes the file one line at a time, each line a Uint8Array built character by character and pushed
 * through the Readable stream (a 10,000-finding report writes some 300,000), and page content the same way, one
 * operator at a time. Here the same bytes, in the same order, are gathered as strings and converted in large
 * blocks (latin1: the low byte of each UTF-16 unit, as pdfkit's own conversion); offsets stay exact because
 * every line's length is counted as pdfkit counts it. The stream then carries only the header written during
 * construction; `take()` returns the rest once the document has ended. Each page is sealed when the next one
 * starts (`sealPage`).
 */
export function bufferOutput(doc: object): { take(): Buffer[] } {
  const raw = doc as PdfkitOutput;
  const blocks: Buffer[] = [];
  let pending = '';
  const flush = () => {
    if (pending.length > 0) blocks.push(Buffer.from(pending, 'latin1'));
    pending = '';
  };
  raw._write = (data) => {
    if (data instanceof Uint8Array) {
      flush();
      blocks.push(Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      raw._offset += data.length;
      return;
    }
    const line = `${data}\n`;
    pending += line;
    raw._offset += line.length;
    if (pending.length >= FLUSH_CHARS) flush();
  };
  const sealed: SealedPage[] = [];
  sealedPages.set(doc, sealed);
  bufferPageContent(raw.page.content);
  const addPage = raw.addPage.bind(raw);
  raw.addPage = (options?: object) => {
    const leaving = raw.page;
    const result = addPage(options);
    bufferPageContent(raw.page.content);
    if (leaving) sealPage(raw, leaving, sealed);
    return result;
  };
  const end = raw.end.bind(raw);
  raw.end = () => {
    writeSealedPages(sealed);
    return end();
  };
  return {
    take() {
      flush();
      return blocks;
    },
  };
}

/**
 * Waits for the sealed pages' deflates and deflates the streams still open (the last page, and what was drawn on
 * sealed pages later) in the pool, in parallel, instead of one after another on the main thread when `doc.end()`
 * writes the pages. zlib with the same defaults gives the same bytes; pdfkit then writes each stream as it is
 * (Filter already set, `compress` off). Streams of pages with open marked content are left to pdfkit, which
 * closes them on `end()`. Call once nothing more will be drawn, just before `doc.end()`.
 */
export async function compressPageContents(doc: object): Promise<void> {
  const raw = doc as PdfkitOutput;
  const sealed = sealedPages.get(doc) ?? [];
  await Promise.all([
    ...sealed.map((s) => s.deflated),
    ...raw._pageBuffer.map(async (page) => {
      const ref = page.content;
      const flush = pendingFlushes.get(ref);
      if (!flush || page.markings.length > 0 || !ref.compress) return;
      flush();
      if (ref.buffer.length === 0) return;
      const packed = await deflateInPool(Buffer.concat(ref.buffer));
      ref.buffer = [packed];
      ref.compress = false;
    }),
  ]);
}
