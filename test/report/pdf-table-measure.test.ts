import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { syntheticSnapshot } from '../../bench/synthetic-cluster.js';
import { configuredChecks } from '../../functions/checks/registry.js';
import { renderPdf } from '../../functions/report/pdf.js';
import { cellMeasurement, createPdfDocument, PdfWriter, type TableCell } from '../../functions/report/pdf-writer.js';
import { evaluate } from '../../functions/scoring/evaluate.js';
import { auditHistory, auditResults, reportCatalog } from '../fixtures/report/scan-results.js';

/**
 * A PDF of one table, with the table writer's shortcuts (the second cell measurement replayed from the first
 * wrap's words, lines drawn with cached show operators) or with pdfkit's own wrapping and drawing.
 */
async function tablePdf(widths: number[], rows: TableCell[][], shortcuts: boolean): Promise<Buffer> {
  const before = { ...cellMeasurement };
  cellMeasurement.wrapFromWords = shortcuts;
  cellMeasurement.cachedShowOperators = shortcuts;
  try {
    const { doc, done } = createPdfDocument({
      title: 'table',
      subject: 'cells',
      creator: 'test',
      date: new Date('2026-01-05T09:00:00.000Z'),
    });
    const w = new PdfWriter(doc, {});
    const columns = [
      { header: 'Object', width: widths[0] },
      { header: 'Message', width: '*' },
      { header: 'Count', width: widths[1], align: 'right' as const },
    ];
    w.table(w.section(), columns, rows);
    w.root.end();
    doc.end();
    return await done;
  } finally {
    Object.assign(cellMeasurement, before);
  }
}

const word = fc.oneof(
  fc.constantFrom(
    'pod',
    'default',
    'kube-system',
    'Containers',
    'do',
    'not',
    'run',
    'privileged',
    'a',
    'é',
    'e\u0301',
    '—',
    'ﬁ',
  ),
  fc.stringMatching(/^[a-z0-9-]{1,12}$/),
  // Tokens too long for a narrow column, which the wrapper cuts in pieces.
  fc.stringMatching(/^[a-z0-9.[\]-]{30,70}$/),
);
const separator = fc.constantFrom(' ', ' ', ' ', '  ', '\n', '/', '-', ' \n');
const cellText = fc
  .array(fc.tuple(word, separator), { minLength: 0, maxLength: 14 })
  .map((parts) => parts.map(([w, s]) => w + s).join(''))
  .chain((text) => fc.constantFrom(text, text.trimEnd(), `${text}x`));

describe('table cell measurement', () => {
  test("the writer's shortcuts give the same PDF as pdfkit's wrapping and drawing", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(fc.integer({ min: 30, max: 160 }), fc.integer({ min: 25, max: 90 })),
        fc.array(fc.tuple(cellText, cellText, fc.stringMatching(/^[0-9]{1,6}$/)), { minLength: 1, maxLength: 40 }),
        async (widths, cells) => {
          const rows = cells.map(([a, b, c]) => [
            { text: a, color: '#a40e26' },
            { text: b, bold: b.length % 3 === 0, background: b.length % 4 === 0 ? '#f6f8fa' : undefined },
            { text: c },
          ]);
          const replayed = await tablePdf(widths, rows, true);
          const wrapped = await tablePdf(widths, rows, false);
          assert.ok(replayed.equals(wrapped), 'the PDFs differ');
        },
      ),
      { numRuns: 40, seed: 20_260_105 },
    );
  });
});

describe('whole reports', () => {
  /** The report rendered with the writer's shortcuts, then with pdfkit's own wrapping and drawing. */
  async function bothWays(input: Parameters<typeof renderPdf>[0]): Promise<[Buffer, Buffer]> {
    const before = { ...cellMeasurement };
    try {
      const fast = await renderPdf(input);
      cellMeasurement.wrapFromWords = false;
      cellMeasurement.cachedShowOperators = false;
      const slow = await renderPdf(input);
      return [fast, slow];
    } finally {
      Object.assign(cellMeasurement, before);
    }
  }

  test('the audit fixture (hostile names, long values, every section) is byte-identical either way', async () => {
    const [fast, slow] = await bothWays({ results: auditResults(), history: auditHistory(), catalog: reportCatalog });
    assert.ok(fast.equals(slow), 'the PDFs differ');
  });

  test('a synthetic cluster (tables across pages, long tokens cut) is byte-identical either way', async () => {
    const snapshot = syntheticSnapshot({ seed: 7, pods: 400 });
    const results = evaluate(snapshot, { checks: configuredChecks({}), generatedAt: '2026-01-05T09:00:00.000Z' });
    assert.ok(
      results.checks.some((c) => c.failing.length > 20),
      'some evidence table spans pages',
    );
    const [fast, slow] = await bothWays({ results, history: [] });
    assert.ok(fast.equals(slow), 'the PDFs differ');
    // And the bytes are a sound PDF: pages sealed early, streams in pieces, all decodable (qpdf exits non-zero else).
    const dir = mkdtempSync(join(tmpdir(), 'pdf-synthetic-'));
    try {
      writeFileSync(join(dir, 'report.pdf'), fast);
      const out = execFileSync('qpdf', ['--check', join(dir, 'report.pdf')], { encoding: 'utf8' });
      assert.match(out, /No syntax or stream encoding errors found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
