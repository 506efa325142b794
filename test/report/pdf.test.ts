import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { renderResultsJson, sha256Hex } from '../../functions/report/json.js';
import { clipCell, PDF_CELL_LIMIT, renderPdf } from '../../functions/report/pdf.js';
import {
  HOSTILE_CLUSTER_NAME,
  PLAIN_FINDING_NAME,
  RATIONALE_PRIVILEGED,
  reportCatalog,
  reportHistory,
  reportResults,
} from '../fixtures/report/scan-results.js';

function run(command: string, args: string[], cwd?: string): string {
  return execFileSync(command, args, { encoding: 'utf8', cwd });
}

describe('renderPdf', () => {
  let dir: string;
  let pdfPath: string;
  let pdf: Buffer;
  let text: string;
  const input = { results: reportResults(), history: reportHistory(), catalog: reportCatalog };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'report-pdf-'));
    pdf = await renderPdf(input);
    pdfPath = join(dir, 'report.pdf');
    writeFileSync(pdfPath, pdf);
    text = run('pdftotext', ['-layout', pdfPath, '-']);
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('pdfinfo: several pages, a title, tagged, PDF 1.7', () => {
    const info = run('pdfinfo', [pdfPath]);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
    assert.ok(pages >= 2, `pages: ${pages}`);
    assert.match(info, new RegExp(`^Title:\\s+EKS compliance report: ${escapeRegExp(HOSTILE_CLUSTER_NAME)}$`, 'm'));
    assert.match(info, /^Tagged:\s+yes$/m);
    assert.match(info, /^PDF version:\s+1\.7$/m);
    assert.match(info, /^CreationDate:\s+Thu Nov 26 06:05:00 2026 UTC$/m);
  });

  test('XMP metadata declares PDF/A-3b and stays well-formed with a hostile cluster name', () => {
    const xmp = run('pdfinfo', ['-meta', pdfPath]);
    assert.match(xmp, /<pdfaid:part>3<\/pdfaid:part>/);
    assert.match(xmp, /<pdfaid:conformance>B<\/pdfaid:conformance>/);
    assert.ok(xmp.includes('prod-eu &lt;script&gt;window.__pwned=1&lt;/script&gt;'));
    assert.ok(!xmp.includes('<script>'));
  });

  test('pdffonts: every font is embedded, DejaVu only', () => {
    const rows = run('pdffonts', [pdfPath]).trim().split('\n').slice(2);
    assert.ok(rows.length >= 2);
    for (const row of rows) {
      assert.match(row, /DejaVu/);
      assert.match(row, /\byes\s+yes\s+yes\b/, `not embedded: ${row}`);
    }
  });

  test('pdftotext: cover, cluster, findings, rationale and page footers', () => {
    assert.ok(text.includes('CIS Amazon EKS Benchmark'));
    assert.ok(text.includes(HOSTILE_CLUSTER_NAME));
    assert.ok(text.includes(PLAIN_FINDING_NAME));
    assert.ok(text.includes(RATIONALE_PRIVILEGED));
    assert.ok(text.includes('Page 1 of'));
    assert.ok(text.includes('… and 6 more (see findings.csv)'));
    assert.ok(text.includes('guardduty:ListDetectors: AccessDenied'));
  });

  test('results.json is attached byte for byte and its SHA-256 is printed', () => {
    assert.match(run('pdfdetach', ['-list', pdfPath]), /1: results\.json/);
    run('pdfdetach', ['-save', '1', '-o', join(dir, 'attached.json'), pdfPath]);
    const attached = readFileSync(join(dir, 'attached.json'));
    const expected = renderResultsJson(input.results);
    assert.equal(attached.toString('utf8'), expected);
    assert.deepEqual(JSON.parse(attached.toString('utf8')), input.results);
    assert.ok(text.includes(sha256Hex(attached)));
  });

  test('the same input gives the same bytes', async () => {
    const again = await renderPdf(input);
    assert.ok(again.equals(pdf));
  });
});

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('table cells keep at most PDF_CELL_LIMIT characters of untrusted text, with an ellipsis', () => {
  assert.equal(clipCell('short'), 'short');
  const long = 'x'.repeat(20_000);
  const clipped = clipCell(long);
  assert.equal(clipped.length, PDF_CELL_LIMIT);
  assert.ok(clipped.endsWith('…'));
});
