/**
 * The PDF shows evidence for every requirement (issue 14, item 2), read back with pdftotext: for each requirement
 * with checks, passing ones included, each check's sources and its sample of objects with the observed values,
 * whole; the kubelet checks' coverage (nodes read and not read); and, where the sample is capped, how many more
 * and where the rest is. The requirements and checks are discovered from the results, not listed.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { demoConfig } from '../../functions/demo/config.js';
import { DEMO_COLLECTED_AT, loadDemoSnapshot } from '../../functions/demo/index.js';
import { checkEvidenceView, sampleMoreText } from '../../functions/report/model-evidence.js';
import { renderPdf } from '../../functions/report/pdf.js';
import { evaluate } from '../../functions/scoring/evaluate.js';
import type { CheckResult } from '../../functions/scoring/results.js';

/** Text compared without whitespace, zero-width spaces or soft hyphens: wrapping may put any of them anywhere. */
function squeeze(text: string): string {
  return text.replace(/[\s\u200b\u00ad]+/g, '');
}

describe('the PDF shows each check’s evidence', () => {
  let dir: string;
  let text: string;
  const config = demoConfig(DEMO_COLLECTED_AT);
  const results = evaluate(loadDemoSnapshot({ collectedAt: DEMO_COLLECTED_AT }), {
    generatedAt: DEMO_COLLECTED_AT,
    waivers: config.waivers,
    attestations: config.attestations,
  });
  const byId = new Map(results.checks.map((c) => [c.id, c]));

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pdf-evidence-'));
    const path = join(dir, 'demo.pdf');
    writeFileSync(path, await renderPdf({ results }));
    text = squeeze(execFileSync('pdftotext', ['-raw', path, '-'], { encoding: 'utf8' }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('every check behind a passing requirement has its sources and sample printed whole', () => {
    const passingChecks = new Set<string>();
    for (const fw of results.frameworks)
      for (const r of fw.requirements)
        if (r.status === 'pass' || r.status === 'waived') for (const id of r.checks) passingChecks.add(id);
    const printed = [...passingChecks]
      .map((id) => byId.get(id))
      .filter((c): c is CheckResult => c !== undefined && (c.evidence?.sample.length ?? 0) > 0);
    assert.ok(printed.length > 0, 'the demo has passing requirements with evidence');
    for (const check of printed) {
      const view = checkEvidenceView(check);
      assert.ok(text.includes(squeeze(`Read: ${view.sources}`)), `${check.id}: sources printed`);
      for (const row of view.rows) {
        assert.ok(text.includes(squeeze(row.object)), `${check.id}: ${row.object} printed`);
        assert.ok(text.includes(squeeze(row.observed)), `${check.id}: "${row.observed}" printed whole`);
      }
      if (view.moreText) assert.ok(text.includes(squeeze(view.moreText)), `${check.id}: says how many more`);
    }
  });

  test('a failing check also shows what it read and the objects it passed', () => {
    const failing = results.checks.filter((c) => c.status === 'fail' && c.evidence);
    assert.ok(failing.length > 0);
    for (const check of failing) {
      const view = checkEvidenceView(check);
      assert.ok(text.includes(squeeze(`Read: ${view.sources}`)), `${check.id}: sources printed`);
      for (const row of view.rows.filter((r) => !r.failing)) {
        assert.ok(text.includes(squeeze(row.observed)), `${check.id}: "${row.observed}" printed`);
      }
    }
  });

  test('the kubelet checks name the nodes read and not read', () => {
    const sampled = results.checks.filter((c) => c.evidence?.coverage);
    assert.ok(sampled.length > 0, 'the demo reads kubelet configuration from a sample of nodes');
    for (const check of sampled) {
      assert.match(check.evidence?.coverage ?? '', /^\d+ of \d+ nodes read, one per node group: .+; not read: /);
      assert.ok(text.includes(squeeze(`Sampled: ${check.evidence?.coverage}`)), `${check.id}: coverage printed`);
    }
  });

  test('a capped sample says how many more objects there are and where the rest is', () => {
    assert.equal(sampleMoreText(10, 10), '');
    assert.match(sampleMoreText(10, 27), /^Showing 10 of 27 objects observed \(17 more, not listed\)\. results\.json/);
    const capped = results.checks.filter((c) => (c.evidence?.observedObjects ?? 0) > (c.evidence?.sample.length ?? 0));
    assert.ok(capped.length > 0, 'some demo check observed more objects than its sample holds');
    const printedCapped = capped.filter((c) => text.includes(squeeze(checkEvidenceView(c).moreText)));
    assert.ok(printedCapped.length > 0, 'a capped sample in the PDF says how many more');
  });
});
