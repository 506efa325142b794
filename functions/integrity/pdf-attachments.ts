/**
 * The files attached to a PDF (its EmbeddedFiles name tree), read back for verification: results.json and the
 * evidence manifest inside report.pdf. A small reader of what PDF writers put there (indirect objects, the name tree
 * with /Names and /Kids, literal and hex strings, Flate-compressed or plain streams), not a general PDF parser:
 * anything it cannot follow is an error naming what it could not read, so a reworked PDF fails verification rather
 * than passing it. When an object is defined twice (an incremental update), the later definition counts, as in
 * a viewer.
 */
import { inflateSync } from 'node:zlib';

export class PdfReadError extends Error {
  override name = 'PdfReadError';
}

interface PdfObjects {
  text: string;
  /** Object number → offset of the body after "N G obj". */
  offsets: Map<number, number>;
}

function indexObjects(bytes: Uint8Array): PdfObjects {
  // latin1 keeps one character per byte, so offsets in the text are offsets in the file.
  const text = Buffer.from(bytes).toString('latin1');
  if (!text.startsWith('%PDF-')) throw new PdfReadError('not a PDF (no %PDF- header)');
  const offsets = new Map<number, number>();
  const re = /(?:^|[\r\n\s])(\d+)\s+(\d+)\s+obj\b/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) offsets.set(Number(m[1]), m.index + m[0].length);
  return { text, offsets };
}

function objectBody(objs: PdfObjects, num: number): string {
  const start = objs.offsets.get(num);
  if (start === undefined) throw new PdfReadError(`object ${num} is referenced but not defined`);
  const end = objs.text.indexOf('endobj', start);
  return objs.text.slice(start, end < 0 ? undefined : end);
}

/** The dictionary text of an object (up to its stream, if any). */
function dictOf(body: string): string {
  const stream = STREAM_START.exec(body);
  return stream ? body.slice(0, stream.index + 2) : body;
}

/** The `stream` keyword after a dictionary's `>>` (not the word inside a name such as /application#2Foctet-stream). */
const STREAM_START = />>\s*stream\r?\n/;

/** A PDF string at the start of `s` (after whitespace): literal `( … )` or hex `< … >`; UTF-16BE when it has a BOM. */
function readString(s: string): { value: string; rest: string } | undefined {
  const t = s.trimStart();
  if (t.startsWith('(')) {
    let depth = 0;
    let out = '';
    for (let i = 0; i < t.length; i++) {
      const c = t[i];
      if (c === '\\') {
        const n = t[++i];
        const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
        if (n in simple) out += simple[n];
        else if (/[0-7]/.test(n)) {
          const oct = /^[0-7]{1,3}/.exec(t.slice(i))?.[0] ?? n;
          out += String.fromCharCode(Number.parseInt(oct, 8));
          i += oct.length - 1;
        } else if (n !== '\n' && n !== '\r') out += n;
        continue;
      }
      if (c === '(') {
        if (depth++ > 0) out += c;
        continue;
      }
      if (c === ')') {
        if (--depth === 0) return { value: decodeText(out), rest: t.slice(i + 1) };
        out += c;
        continue;
      }
      out += c;
    }
    return undefined;
  }
  const hex = /^<([0-9A-Fa-f\s]*)>/.exec(t);
  if (hex) {
    const digits = hex[1].replace(/\s/g, '');
    const bytes = Buffer.from(digits.length % 2 ? `${digits}0` : digits, 'hex');
    return { value: decodeText(bytes.toString('latin1')), rest: t.slice(hex[0].length) };
  }
  return undefined;
}

function decodeText(latin1: string): string {
  if (latin1.startsWith('\xfe\xff')) return Buffer.from(latin1.slice(2), 'latin1').swap16().toString('utf16le');
  return latin1;
}

/** Name → Filespec object number, from a name tree node (with /Names pairs and/or /Kids). */
function walkNameTree(objs: PdfObjects, node: string, out: Map<string, number>, depth = 0): void {
  if (depth > 32) throw new PdfReadError('the attachments name tree is too deep');
  const names = /\/Names\s*\[/.exec(node);
  if (names) {
    let rest = node.slice(names.index + names[0].length);
    for (;;) {
      rest = rest.trimStart();
      if (rest.startsWith(']') || rest === '') break;
      const name = readString(rest);
      if (!name) throw new PdfReadError('an attachment name in the name tree is not a string');
      const ref = /^\s*(\d+)\s+\d+\s+R/.exec(name.rest);
      if (!ref) throw new PdfReadError(`attachment ${JSON.stringify(name.value)} does not point at a file`);
      if (out.has(name.value)) throw new PdfReadError(`${name.value} is attached more than once`);
      out.set(name.value, Number(ref[1]));
      rest = name.rest.slice(ref[0].length);
    }
  }
  const kids = /\/Kids\s*\[([^\]]*)\]/.exec(node);
  if (kids) {
    for (const ref of kids[1].matchAll(/(\d+)\s+\d+\s+R/g)) {
      walkNameTree(objs, dictOf(objectBody(objs, Number(ref[1]))), out, depth + 1);
    }
  }
}

function streamBytes(objs: PdfObjects, num: number, what: string): Buffer {
  const body = objectBody(objs, num);
  const dict = dictOf(body);
  const start = STREAM_START.exec(body);
  if (!start) throw new PdfReadError(`${what}: the embedded file has no stream`);
  const lengthRef = /\/Length\s+(\d+)\s+\d+\s+R/.exec(dict);
  const lengthDirect = /\/Length\s+(\d+)/.exec(dict);
  const length = lengthRef
    ? Number(objectBody(objs, Number(lengthRef[1])).trim())
    : lengthDirect
      ? Number(lengthDirect[1])
      : Number.NaN;
  if (!Number.isFinite(length)) throw new PdfReadError(`${what}: the embedded file's /Length is unreadable`);
  const from = (objs.offsets.get(num) ?? 0) + start.index + start[0].length;
  const raw = Buffer.from(objs.text.slice(from, from + length), 'latin1');
  const filter = /\/Filter\s*(\[?\s*\/[A-Za-z0-9]+(?:\s*\/[A-Za-z0-9]+)*\s*\]?)/.exec(dict)?.[1];
  if (filter === undefined) return raw;
  if (/^\[?\s*\/FlateDecode\s*\]?$/.test(filter) && !/\/DecodeParms/.test(dict)) {
    try {
      return inflateSync(raw);
    } catch (err) {
      throw new PdfReadError(`${what}: the embedded file does not inflate (${(err as Error).message})`);
    }
  }
  throw new PdfReadError(`${what}: the embedded file uses ${filter.trim()}, which this reader does not decode`);
}

/** Every file attached to the PDF, by its name in the EmbeddedFiles name tree. */
export function readPdfAttachments(bytes: Uint8Array): Map<string, Buffer> {
  const objs = indexObjects(bytes);
  // The last /EmbeddedFiles entry in the file is the one in force (an incremental update appends a new Names dict).
  let tree: string | undefined;
  for (const [num] of [...objs.offsets].sort((a, b) => a[1] - b[1])) {
    const dict = dictOf(objectBody(objs, num));
    const at = dict.indexOf('/EmbeddedFiles');
    if (at < 0) continue;
    const after = dict.slice(at + '/EmbeddedFiles'.length);
    const ref = /^\s*(\d+)\s+\d+\s+R/.exec(after);
    tree = ref ? dictOf(objectBody(objs, Number(ref[1]))) : after;
  }
  const out = new Map<string, Buffer>();
  if (tree === undefined) return out;
  const specs = new Map<string, number>();
  walkNameTree(objs, tree, specs);
  for (const [name, specNum] of specs) {
    const spec = dictOf(objectBody(objs, specNum));
    const ef = /\/EF\s*<<[^>]*?\/F\s+(\d+)\s+\d+\s+R/.exec(spec);
    if (!ef) throw new PdfReadError(`${name}: the attachment has no embedded file`);
    out.set(name, streamBytes(objs, Number(ef[1]), name));
  }
  return out;
}
