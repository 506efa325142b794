/**
 * report.pdf's document control, read back with poppler: the identity on the cover and in the scope, the sign-off
 * page with the config's classification and distribution, the Limitations section derived from the run, and a table
 * of contents whose every page number is the page pdftotext finds its heading on.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DocumentControl } from '../../functions/report/model-document.js';
import { renderPdf } from '../../functions/report/pdf.js';
import type { ScanResults } from '../../functions/scoring/results.js';
import { auditResults, MISSING_PERMISSION, reportCatalog } from '../fixtures/report/scan-results.js';
import { needs, tool } from '../support/tools.js';

const CALLER = 'arn:aws:sts::123456789012:assumed-role/EksComplianceScan/eks-compliance-reporter';
const CONTROL: DocumentControl = {
  classification: 'Confidential',
  distribution: ['Platform engineering', 'External auditor'],
  recipients: ['ignored-when-distribution-is-set@example.com'],
};

interface ContentsEntry {
  text: string;
  page: number;
}

function run(command: string, args: string[]): string {
  return execFileSync(tool(command), args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** Each page's text (pdftotext separates pages with a form feed), whitespace collapsed. */
function pagesOf(path: string): string[] {
  return run('pdftotext', [path, '-'])
    .split('\f')
    .map((p) => p.replace(/\s+/g, ' ').trim());
}

/** The entries of the contents pages: "text ….. N" lines of pdftotext -layout, footers left out. */
function contentsOf(path: string): { pages: number[]; entries: ContentsEntry[] } {
  const layout = run('pdftotext', ['-layout', path, '-']).split('\f');
  const pages: number[] = [];
  const entries: ContentsEntry[] = [];
  layout.forEach((page, i) => {
    const lines = page.split('\n');
    if (!lines.some((l) => l.trim() === 'Contents' || l.trim() === 'Contents (continued)')) return;
    pages.push(i + 1);
    for (const line of lines) {
      const m = /^\s*(\S.*?)\s{2,}(\d+)\s*$/.exec(line);
      if (m && !/Page \d+ of$/.test(m[1])) entries.push({ text: m[1], page: Number(m[2]) });
    }
  });
  return { pages, entries };
}

async function writePdf(dir: string, name: string, results: ScanResults, control?: DocumentControl): Promise<string> {
  const path = join(dir, name);
  writeFileSync(path, await renderPdf({ results, catalog: reportCatalog, documentControl: control }));
  return path;
}

describe('report.pdf document control', needs('poppler'), () => {
  let dir: string;
  let path: string;
  let pages: string[];
  const results: ScanResults = {
    ...auditResults(),
    scanIdentity: { awsCallerArn: CALLER, kubeconfigUser: null, kubeconfigContext: null },
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pdf-document-'));
    path = await writePdf(dir, 'report.pdf', results, CONTROL);
    pages = pagesOf(path);
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the cover and the scope table name the identity the scan used', () => {
    // Once in the cover band, once in the scope table; the ARN may wrap, so look for its parts.
    const cover = pages[0];
    assert.ok(cover.includes(`Scanned as AWS caller ${CALLER}`), cover.slice(0, 600));
    assert.ok(cover.includes('Scanned as AWS caller arn:aws:sts::123456789012:assumed-role/EksComplianceScan/'));
    assert.equal(cover.split('Scanned as').length - 1, 2);
    assert.ok(cover.includes('Classification: Confidential'));
  });

  test('a long cluster name, run id and identity are whole on the cover: the band grows to hold them', async () => {
    const name = `cluster-${'very-long-segment-'.repeat(14)}END`;
    const long: ScanResults = {
      ...results,
      runId: `${name}-20261126`,
      cluster: { ...results.cluster, name },
      scanIdentity: { awsCallerArn: null, kubeconfigUser: `user-${'x'.repeat(150)}`, kubeconfigContext: 'ctx' },
    };
    // pdftotext drops the hyphen where a line breaks at one: compare without spaces and hyphens.
    const squash = (t: string) => t.replace(/[\s-]/g, '');
    const cover = squash(pagesOf(await writePdf(dir, 'long.pdf', long, CONTROL))[0]);
    // The cover's name and run line, the scope's cluster and run id, and the footer: five times, none cut.
    assert.equal(cover.split(squash(name)).length - 1, 5);
    assert.equal(cover.split(`kubeconfiguseruser${'x'.repeat(150)}(contextctx)`).length - 1, 2);
  });

  test('the sign-off page: classification and distribution from the config, blank review and approval lines', () => {
    const page = pages.find((p) => p.includes('Document control Item Value'));
    assert.ok(page, 'a document control page');
    assert.ok(page.includes('Classification Confidential'));
    assert.ok(page.includes('Platform engineering External auditor (from report.distribution)'));
    assert.ok(!page.includes('ignored-when-distribution-is-set'));
    assert.ok(page.includes(`Prepared by eks-compliance-reporter 0.1.0, scanning as AWS caller`));
    assert.ok(page.includes('Prepared on 2026-11-26 06:05:00 UTC'));
    assert.match(
      page,
      /Sign-off .* Role Name Date Signature Prepared by eks-compliance-reporter 0\.1\.0 \(automated\) 2026-11-26 .* Reviewed by Approved by/,
    );
  });

  test('every page after the cover carries the classification in its running header', () => {
    for (const [i, page] of pages.slice(1).entries()) {
      if (page.length === 0) continue;
      assert.ok(page.includes('· Confidential'), `page ${i + 2}`);
    }
  });

  test('without the keys: the page says which key sets them, and the recipients stand in for the distribution', async () => {
    const unset = pagesOf(await writePdf(dir, 'unset.pdf', results, { recipients: ['audit@example.com'] }));
    const page = unset.find((p) => p.includes('Document control Item Value'));
    assert.ok(page?.includes('Not classified (set report.classification in the config)'));
    assert.ok(page?.includes('audit@example.com (from report.recipients (the weekly email))'));
    assert.ok(!unset[0].includes('Classification:'));
    const none = pagesOf(await writePdf(dir, 'none.pdf', results));
    assert.ok(none.some((p) => p.includes('Distribution Not set (report.distribution in the config)')));
  });

  test('Limitations: point in time, sampling, node files, runtime, and each source not collected with its reason', () => {
    const start = pages.findIndex((p) => p.includes('Limitations What this assessment cannot see'));
    assert.ok(start > 0, 'a Limitations section');
    const text = pages.slice(start, start + 2).join(' ');
    assert.ok(
      text.includes('Point in time. The verdicts describe the cluster as it was listed at 2026-11-26 06:00:00 UTC'),
    );
    assert.ok(text.includes('Sampling. Kubelet configuration (CIS 3.2) was not read'));
    assert.ok(text.includes('Node files. No file on a node is read'));
    assert.ok(text.includes('Runtime behaviour. Only declared configuration is assessed'));
    // Derived from results.sources: the not-collected ones, each with its permission and reason.
    for (const s of (results.sources ?? []).filter((x) => x.status === 'not-collected')) {
      assert.ok(text.includes(`${s.title} (${s.permission}): ${s.reason}`), s.id);
    }
    assert.ok(text.includes(MISSING_PERMISSION));
    // Secrets were collected in this run: no opt-in note.
    assert.ok(!text.includes('Secrets. Secrets were not listed'));
  });

  test('the table of contents: every entry is on the page it names, and every section heading is listed', () => {
    const { pages: contentsPages, entries } = contentsOf(path);
    // One page, right after the sign-off page.
    const control = pages.findIndex((p) => p.includes('Document control Item Value')) + 1;
    assert.deepEqual(contentsPages, [control + 1]);
    assert.ok(entries.length >= 20, `${entries.length} entries`);
    for (const entry of entries) {
      const page = pages[entry.page - 1] ?? '';
      assert.ok(page.includes(entry.text), `"${entry.text}" on page ${entry.page}: ${page.slice(0, 200)}`);
    }
    for (const heading of [
      'EKS compliance report',
      'Document control',
      'Sign-off',
      'Executive summary',
      'Limitations',
      'Requirements',
      'Failing requirements (3)',
      'Coverage gaps (not assessed)',
      'Waivers register',
      'Attestations register',
      'Appendix',
      'Glossary',
    ]) {
      assert.ok(
        entries.some((e) => e.text === heading),
        `${heading} in ${entries.map((e) => e.text).join(' | ')}`,
      );
    }
    // In reading order, and after the contents themselves.
    const numbers = entries.map((e) => e.page);
    assert.deepEqual(
      numbers,
      [...numbers].sort((a, b) => a - b),
    );
    // The bookmarks agree: a title both list goes to the same pages in both.
    const outline = new Map<string, number[]>();
    const xml = run('pdftohtml', ['-xml', '-i', '-stdout', '-q', path]);
    for (const m of xml.matchAll(/<item page="(\d+)">([^<]*)<\/item>/g)) {
      outline.set(m[2], [...(outline.get(m[2]) ?? []), Number(m[1])]);
    }
    let compared = 0;
    for (const title of new Set(entries.map((e) => e.text))) {
      const bookmarked = outline.get(title);
      if (!bookmarked) continue;
      assert.deepEqual(
        entries.filter((e) => e.text === title).map((e) => e.page),
        bookmarked,
        title,
      );
      compared++;
    }
    assert.ok(compared >= 10, `${compared} titles compared with the bookmarks`);
  });

  test('contents that need more than one page get them, and stay correct', async () => {
    // Eight copies of one framework: six headings each, more than one page of entries.
    const [cis] = results.frameworks;
    const many: ScanResults = {
      ...results,
      frameworks: Array.from({ length: 8 }, (_, i) => ({ ...cis, id: `${cis.id}-${i}`, title: `Copy ${i + 1}` })),
    };
    const big = await writePdf(dir, 'many.pdf', many, CONTROL);
    const bigPages = pagesOf(big);
    const { pages: contentsPages, entries } = contentsOf(big);
    assert.ok(contentsPages.length >= 2, `contents on pages ${contentsPages.join(', ')}`);
    assert.deepEqual(
      contentsPages,
      contentsPages.map((_, i) => contentsPages[0] + i),
    );
    for (const entry of entries) {
      assert.ok(bigPages[entry.page - 1]?.includes(entry.text), `"${entry.text}" on page ${entry.page}`);
    }
    assert.ok(entries.some((e) => e.text === 'Glossary'));
  });
});
