/**
 * Attaching a file (results.json) to a PDF as pdfkit's `doc.file` would, with the checksum native and the deflate
 * off the render path.
 */
import { createHash } from 'node:crypto';
import { deflateInPool } from './pdf-output.js';

type Doc = PDFKit.PDFDocument;

/** A PDF name as pdfkit writes one: every byte outside `!`..`~`, and the delimiters, as `#xx`. */
export function pdfName(name: string): string {
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
