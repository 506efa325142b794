import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { renderResultsJson, sha256Hex } from '../../functions/report/json.js';
import { breakableCell, PDF_TOKEN_RUN, renderPdf } from '../../functions/report/pdf.js';
import {
  ATTESTATION_STATEMENT,
  auditHistory,
  auditResults,
  EXTRA_FAILING,
  HOSTILE_CLUSTER_NAME,
  MISSING_PERMISSION,
  PLAIN_FINDING_NAME,
  RATIONALE_PRIVILEGED,
  reportCatalog,
} from '../fixtures/report/scan-results.js';
import { needs, tool } from '../support/tools.js';

function run(command: string, args: string[], cwd?: string): string {
  return execFileSync(tool(command), args, { encoding: 'utf8', cwd });
}

describe('renderPdf', needs('poppler', 'qpdf'), () => {
  let dir: string;
  let pdfPath: string;
  let pdf: Buffer;
  let text: string;
  /** pdftotext without layout, whitespace collapsed: phrases survive line breaks. */
  let flat: string;
  const input = { results: auditResults(), history: auditHistory(), catalog: reportCatalog };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'report-pdf-'));
    pdf = await renderPdf(input);
    pdfPath = join(dir, 'report.pdf');
    writeFileSync(pdfPath, pdf);
    text = run('pdftotext', ['-layout', pdfPath, '-']);
    flat = run('pdftotext', [pdfPath, '-']).replace(/\s+/g, ' ');
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

  test('qpdf --check: no syntax or stream encoding error (every content stream, font and attachment decodes)', () => {
    // execFileSync throws on qpdf's exit status 2 (errors) or 3 (warnings).
    const out = run('qpdf', ['--check', pdfPath]);
    assert.match(out, /No syntax or stream encoding errors found/);
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
    assert.ok(flat.includes('… and 6 more not listed here: findings.csv and results.json list every one'));
    assert.ok(text.includes('guardduty:ListDetectors: AccessDenied'));
  });

  test('pdftotext: the waiver register lists each waiver under its state, the attestation register its entry', () => {
    const between = (from: string, to: string) => {
      const start = flat.indexOf(from);
      assert.ok(start >= 0, `"${from}" present`);
      return flat.slice(start, flat.indexOf(to, start));
    };
    assert.ok(flat.includes('Active: 1 · Expiring ≤30 days: 1 · Expired: 1 · Unused: 1'));
    const active = between('Active (1)', 'Expiring ≤30 days (1)');
    for (const part of [
      'w-node',
      '2027-06-14',
      'ends in 200',
      'ciso@example.com (approval date not recorded) (SEC-1)',
    ]) {
      assert.ok(active.includes(part), `active: ${part}`);
    }
    const expiring = between('Expiring ≤30 days (1)', 'Expired (1)');
    for (const part of ['w-cni Expiring ≤30 days', 'ends in 12 days']) assert.ok(expiring.includes(part), part);
    const expired = between('Expired (1)', 'Unused (1)');
    for (const part of ['w-legacy Expired', 'expired 20 days ago']) assert.ok(expired.includes(part), part);
    const unused = between('Unused (1)', 'Attestations register');
    for (const part of ['w-stale Unused', 'none in this run']) assert.ok(unused.includes(part), part);
    const attestations = between('Attestations register A named', 'Appendix Method');
    assert.ok(attestations.includes('att-audit Active'));
    assert.ok(attestations.includes(ATTESTATION_STATEMENT));
    // pdftotext joins a word broken at a hyphen ("sec-team" → "secteam"), so match the unbroken parts.
    assert.ok(attestations.includes('Pass') && attestations.includes('2026-11-01'));
    assert.ok(attestations.includes('NSA/CISA audit.review'));
  });

  test('pdftotext: cover and appendix name the data sources, with the not-collected one and its permission', () => {
    const cover = flat.slice(0, flat.indexOf('Executive summary'));
    assert.ok(cover.includes('6 data sources: 4 collected, 2 not collected.'));
    assert.ok(cover.includes('Not collected'));
    assert.ok(cover.includes(`GuardDuty detector missing ${MISSING_PERMISSION}`));
    const appendix = flat.slice(flat.lastIndexOf('Appendix Method'));
    assert.ok(appendix.includes('Data sources 6 data sources'));
    const guardDuty = appendix.slice(appendix.indexOf('GuardDuty detector'));
    assert.match(guardDuty, new RegExp(`^GuardDuty detector Not collected — ${MISSING_PERMISSION}`));
    assert.ok(guardDuty.includes('AccessDenied'));
    assert.ok(appendix.includes('Secrets Kubernetes API Collected'));
    assert.ok(cover.includes('Secrets as metadata only'));
  });

  test('pdftotext: top risks, per-requirement sections, capped still-failing list and appendix headings', () => {
    assert.ok(flat.includes('Top risks Severity Check Failing objects Requirements Critical'));
    const stillFailing = 2 + EXTRA_FAILING;
    assert.ok(flat.includes(`${stillFailing} still failing`));
    // The list may cross a page (and its header and footer); it still ends with the count of the rest.
    assert.match(flat, new RegExp(`Still failing: pod-privileged .*?… and ${stillFailing - 10} more\\.`));
    assert.ok(!flat.includes('hygiene-11 (since'), 'entries past the cap are not listed');
    for (const heading of ['Failing requirements (3)', 'Passing requirements (2)', 'Manual requirements (1)']) {
      assert.ok(flat.includes(heading), heading);
    }
    assert.ok(flat.includes('Rationale, evidence and remediation are printed under CIS 4.2.1, page'));
    assert.ok(flat.includes('eks-secrets-encryption: 1 object evaluated, none failing'));
    assert.ok(flat.includes('Coverage gaps (not assessed)'));
    for (const heading of ['Method Agentless.', 'Data sources', 'Score formula', 'Glossary']) {
      assert.ok(flat.includes(heading), heading);
    }
  });

  test('the outline has a bookmark for every section', () => {
    const xml = run('pdftohtml', ['-xml', '-i', '-stdout', '-q', pdfPath]);
    const items = [...xml.matchAll(/<item page="(\d+)">([^<]*)<\/item>/g)].map((m) => m[2]);
    for (const title of [
      'Cover and scope',
      'Executive summary',
      'Top risks',
      'Score trend',
      'Changes since the previous run',
      'Frameworks',
      'CIS Amazon EKS Benchmark 1.8.0',
      'Requirements',
      'Failing requirements (3)',
      '4.2.1 Minimize the admission of privileged containers',
      'Passing requirements (2)',
      'Manual requirements (1)',
      'Not assessed (1)',
      'Coverage gaps (not assessed)',
      'Waivers register',
      'Attestations register',
      'Platform exemptions',
      'Appendix',
      'Method',
      'Data sources',
      'Score formula',
      'Glossary',
    ]) {
      assert.ok(items.includes(title), `bookmark "${title}" in ${items.join(' | ')}`);
    }
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

test('table cells keep all of their text, with break opportunities in long runs', () => {
  assert.equal(breakableCell('short words here'), 'short words here');
  const long = 'x'.repeat(20_000);
  const broken = breakableCell(long);
  assert.equal(broken.replaceAll('\n', ''), long);
  assert.ok(broken.split('\n').every((part) => part.length <= PDF_TOKEN_RUN));
  const name = 'n'.repeat(253);
  assert.equal(breakableCell(name), name.replace(/(.{128})/, '$1\n'));
  const emoji = '😀'.repeat(PDF_TOKEN_RUN + 3);
  assert.equal(breakableCell(emoji).replaceAll('\n', ''), emoji);
});
