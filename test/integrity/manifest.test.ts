/** The manifest reader's guards, the catalog identity, and the PDF attachment reader's edge cases. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deflateSync } from 'node:zlib';
import { ALL_CHECKS } from '../../functions/checks/registry.js';
import { FRAMEWORKS } from '../../functions/frameworks/index.js';
import { catalogIdentity } from '../../functions/integrity/catalog.js';
import { ManifestError, parseManifest } from '../../functions/integrity/manifest.js';
import { PdfReadError, readPdfAttachments } from '../../functions/integrity/pdf-attachments.js';

const HASH = 'a'.repeat(64);
const file = (name: string) => ({ name, sha256: HASH, bytes: 1 });

function manifest(patch: Record<string, unknown> = {}) {
  return Buffer.from(
    JSON.stringify({
      manifestVersion: 1,
      scope: 'run',
      runId: 'r',
      generatedAt: '2026-01-01T00:00:00Z',
      cluster: { name: 'c' },
      evaluation: {},
      results: file('results.json'),
      snapshot: file('snapshot.json.gz'),
      files: [file('results.json'), file('snapshot.json.gz')],
      signature: null,
      ...patch,
    }),
  );
}

describe('parseManifest', () => {
  test('reads a well-formed manifest', () => {
    assert.equal(parseManifest(manifest()).files.length, 2);
  });
  for (const [what, patch, message] of [
    [
      'a file name that leaves the folder',
      { files: [file('../etc/passwd')] },
      /files\[0\]\.name must be a plain file name/,
    ],
    ['a folder in a file name', { files: [file('a/b.json')] }, /plain file name/],
    ['a short hash', { files: [{ name: 'x', sha256: 'abc', bytes: 1 }] }, /sha256 must be 64 lowercase hex/],
    ['another version', { manifestVersion: 2 }, /unsupported manifestVersion 2/],
    ['an unknown algorithm', { signature: { algorithm: 'RSA', keyId: 'k' } }, /signature must be null or/],
  ] as const) {
    test(`refuses ${what}`, () => {
      assert.throws(
        () => parseManifest(manifest(patch)),
        (err: Error) => err instanceof ManifestError && message.test(err.message),
      );
    });
  }
  test('refuses what is not JSON', () => {
    assert.throws(() => parseManifest(Buffer.from('{')), /not JSON/);
  });
});

test('the catalog identity names every framework with its version and changes with the mapping', () => {
  const id = catalogIdentity(ALL_CHECKS, FRAMEWORKS);
  assert.deepEqual(
    id.frameworks,
    FRAMEWORKS.map((f) => `${f.id}@${f.version}`),
  );
  assert.equal(id.checks, ALL_CHECKS.length);
  const [first, ...rest] = FRAMEWORKS;
  const remapped = { ...first, requirements: first.requirements.map((r, i) => (i === 0 ? { ...r, checks: [] } : r)) };
  assert.notEqual(catalogIdentity(ALL_CHECKS, [remapped, ...rest]).sha256, id.sha256);
  assert.equal(catalogIdentity(ALL_CHECKS, FRAMEWORKS).sha256, id.sha256);
});

/** A minimal PDF with the given objects (bodies without "N 0 obj"), as a writer would lay them out. */
function pdf(objects: string[], update?: string[]): Buffer {
  const body = objects.map((o, i) => `${i + 1} 0 obj\n${o}\nendobj\n`).join('');
  const more = (update ?? []).join('');
  return Buffer.from(`%PDF-1.7\n${body}trailer\n<< /Root 1 0 R >>\n%%EOF\n${more}`, 'latin1');
}

function stream(data: Buffer, flate: boolean): string {
  const bytes = flate ? deflateSync(data) : data;
  return `<< /Type /EmbeddedFile /Subtype /application#2Foctet-stream /Length ${bytes.length}${flate ? ' /Filter /FlateDecode' : ''} >>\nstream\n${bytes.toString('latin1')}\nendstream`;
}

describe('readPdfAttachments', () => {
  test('a name tree with kids, hex and UTF-16 names, plain and compressed streams', () => {
    const utf16 = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('résumé.json', 'utf16le').swap16()]);
    const doc = pdf([
      '<< /Type /Catalog /Names << /EmbeddedFiles 2 0 R >> >>',
      '<< /Kids [3 0 R] >>',
      `<< /Names [(a\\(1\\).txt) 4 0 R <${utf16.toString('hex')}> 5 0 R] >>`,
      '<< /Type /Filespec /F (a.txt) /EF << /F 6 0 R >> >>',
      '<< /Type /Filespec /F (b) /EF << /F 7 0 R >> >>',
      stream(Buffer.from('plain bytes'), false),
      stream(Buffer.from('{"x":1}'), true),
    ]);
    const files = readPdfAttachments(doc);
    assert.deepEqual([...files.keys()], ['a(1).txt', 'résumé.json']);
    assert.equal(files.get('a(1).txt')?.toString(), 'plain bytes');
    assert.equal(files.get('résumé.json')?.toString(), '{"x":1}');
  });

  test('an incremental update that redefines an attachment: the later definition counts', () => {
    const doc = pdf(
      [
        '<< /Type /Catalog /Names << /EmbeddedFiles << /Names [(results.json) 2 0 R] >> >> >>',
        '<< /Type /Filespec /F (results.json) /EF << /F 3 0 R >> >>',
        stream(Buffer.from('signed'), true),
      ],
      [`3 0 obj\n${stream(Buffer.from('edited'), true)}\nendobj\n`],
    );
    assert.equal(readPdfAttachments(doc).get('results.json')?.toString(), 'edited');
  });

  test('a name attached twice, a filter it cannot decode, and a non-PDF are errors', () => {
    const twice = pdf([
      '<< /Names << /EmbeddedFiles << /Names [(a) 2 0 R (a) 2 0 R] >> >> >>',
      '<< /Type /Filespec /EF << /F 3 0 R >> >>',
      stream(Buffer.from('x'), false),
    ]);
    assert.throws(
      () => readPdfAttachments(twice),
      (e: Error) => e instanceof PdfReadError && /attached more than once/.test(e.message),
    );
    const lzw = pdf([
      '<< /Names << /EmbeddedFiles << /Names [(a) 2 0 R] >> >> >>',
      '<< /Type /Filespec /EF << /F 3 0 R >> >>',
      '<< /Length 1 /Filter /LZWDecode >>\nstream\nx\nendstream',
    ]);
    assert.throws(() => readPdfAttachments(lzw), /uses \/LZWDecode/);
    assert.throws(() => readPdfAttachments(Buffer.from('hello')), /not a PDF/);
    assert.equal(readPdfAttachments(pdf(['<< /Type /Catalog >>'])).size, 0);
  });
});
