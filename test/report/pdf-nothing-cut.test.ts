/**
 * Nothing cut (issue 14, item 1): every finding the demo PDF lists appears whole in pdftotext's output, a capped
 * list says how many more and where they are, a cell taller than a page continues on the next page with the
 * table's header drawn again, and a long cluster name stands whole in every page's running header and footer.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { demoConfig } from '../../functions/demo/config.js';
import { DEMO_COLLECTED_AT, loadDemoSnapshot } from '../../functions/demo/index.js';
import { buildReportModel } from '../../functions/report/model.js';
import { breakableCell, createPdfDocument, FONT, renderPdf } from '../../functions/report/pdf.js';
import { writeTable } from '../../functions/report/pdf-table.js';
import { evaluate } from '../../functions/scoring/evaluate.js';

/** Text compared without whitespace, zero-width spaces or soft hyphens: wrapping may put any of them anywhere. */
function squeeze(text: string): string {
  return text.replace(/[\s\u200b\u00ad]+/g, '');
}

function pdfText(dir: string, name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  // Content-stream order: each cell's text is drawn in one piece, so its lines stay together.
  return execFileSync('pdftotext', ['-raw', path, '-'], { encoding: 'utf8' });
}

describe('the PDF cuts nothing', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pdf-nothing-cut-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('demo: every listed finding message appears whole; capped lists say how many more and where', async () => {
    const config = demoConfig(DEMO_COLLECTED_AT);
    const results = evaluate(loadDemoSnapshot({ collectedAt: DEMO_COLLECTED_AT }), {
      generatedAt: DEMO_COLLECTED_AT,
      waivers: config.waivers,
      attestations: config.attestations,
    });
    const model = buildReportModel({ results });
    const text = squeeze(pdfText(dir, 'demo.pdf', await renderPdf({ results })));
    // Failing checks print each listed row; checks with only waived objects list them in the waiver register.
    const checks = [...model.failingChecks, ...model.unplacedFailingChecks];
    const messages = checks.flatMap((c) => c.rows.map((r) => r.message));
    const waivedObjects = model.waivedChecks.flatMap((c) => c.rows.filter((r) => r.status === 'waived'));
    const missingObjects = waivedObjects.filter((r) => !text.includes(squeeze(r.name)));
    assert.deepEqual(missingObjects, [], 'every waived object is named in the waiver register');
    assert.ok(messages.length > 0, 'the demo lists findings');
    const longest = Math.max(...messages.map((m) => m.length));
    const missing = messages.filter((m) => !text.includes(squeeze(m)));
    assert.deepEqual(missing, [], `longest listed message: ${longest} characters`);
    for (const check of checks.filter((c) => c.moreCount > 0)) {
      assert.ok(text.includes(squeeze(check.moreText)), `${check.id} says how many more: ${check.moreText}`);
      assert.match(check.moreText, /findings\.csv and results\.json/);
    }
  });

  /** The demo's results under another cluster name, and its PDF's pages as pdftotext reads them. */
  async function demoPages(clusterName: string, file: string) {
    const results = evaluate(loadDemoSnapshot({ collectedAt: DEMO_COLLECTED_AT }), {
      generatedAt: DEMO_COLLECTED_AT,
    });
    results.cluster.name = clusterName;
    const { generatedDate } = buildReportModel({ results });
    const pages = pdfText(dir, file, await renderPdf({ results }))
      .split('\f')
      .filter((p) => p.trim() !== '')
      .map(squeeze);
    return { generatedDate, pages };
  }

  test('a cluster name as long as EKS allows stands whole in the running header and footer of every page', async () => {
    // 100 characters, EKS's limit: more than one line of the header holds.
    const name = `payments-platform-production-eu-central-1-${'canary-'.repeat(8)}`.padEnd(100, 'x');
    assert.equal(name.length, 100);
    const { generatedDate, pages } = await demoPages(name, 'long-name.pdf');
    assert.ok(pages.length > 3);
    const header = squeeze(`EKS compliance report · ${name} · ${generatedDate}`);
    const footer = squeeze(`${name} · ${generatedDate}`);
    for (const [i, page] of pages.entries()) {
      if (i > 0) assert.ok(page.includes(header), `page ${i + 1} has the whole header`);
      assert.ok(page.includes(footer), `page ${i + 1} has the whole footer`);
    }
  });

  test('a hostile cluster name past what the margins hold says how much follows and that the cover has it', async () => {
    const name = `hostile-${'segment-'.repeat(80)}end`;
    const { pages } = await demoPages(name, 'hostile-name.pdf');
    assert.ok(pages[0].includes(squeeze(name)), 'the cover names the cluster whole');
    for (const [i, page] of pages.slice(1).entries()) {
      const notes = [...page.matchAll(/…\((\d+)morecharacters;thewholenameisonthecover\)/g)];
      assert.equal(notes.length, 2, `page ${i + 2}: header and footer each say what follows`);
      for (const note of notes) {
        const shown = name.slice(0, name.length - Number(note[1]));
        assert.ok(shown.length > 0 && page.includes(`${shown}${note[0]}`), `page ${i + 2}: the start, then the count`);
      }
    }
  });

  test('a cell taller than a page continues on the next pages, whole, under a repeated header', async () => {
    const { doc, done } = createPdfDocument({ title: 't', subject: 's', creator: 'c', date: new Date(0) });
    const sect = doc.struct('Sect');
    doc.addStructure(sect);
    const words = Array.from({ length: 3000 }, (_, i) => `word${i}`).join(' ');
    const token = 'unbroken'.repeat(2500);
    const cell = (text: string) => ({ text, font: FONT.regular, color: 'black', align: 'left' as const });
    const started = performance.now();
    writeTable(
      doc,
      sect,
      [{ width: 80 }, { width: '*' }],
      [
        [cell('HeaderOne'), cell('HeaderTwo')],
        [cell('first'), cell(words)],
        [cell('second'), cell(breakableCell(token))],
      ],
    );
    const elapsed = performance.now() - started;
    sect.end();
    doc.end();
    const raw = pdfText(dir, 'tall.pdf', await done);
    const pages = raw.split('\f').filter((p) => p.trim() !== '');
    assert.ok(pages.length >= 3, `the long cells take several pages (${pages.length})`);
    for (const [i, page] of pages.entries()) assert.match(page, /HeaderTwo/, `page ${i + 1} repeats the header`);
    // The repeated header and the first column sit between the pieces of a continued cell.
    const text = squeeze(raw).replace(/HeaderOne|HeaderTwo|first|second/g, '');
    assert.ok(text.includes(squeeze(words)), 'every word of the tall cell is printed, in order');
    assert.ok(text.includes(token), 'the 20,000-character token is printed whole');
    assert.ok(elapsed < 15_000, `laid out in ${Math.round(elapsed)} ms`);
  });
});
