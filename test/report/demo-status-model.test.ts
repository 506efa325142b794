/**
 * The demo run read as an auditor would: one status model in results.json, the report model and the PDF, the
 * benchmark's own Automated/Manual designation beside our verdict source, and registers tied to findings.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { demoConfig } from '../../functions/demo/config.js';
import { DEMO_COLLECTED_AT, loadDemoSnapshot } from '../../functions/demo/index.js';
import { CIS_EKS_1_8_0 } from '../../functions/frameworks/index.js';
import { buildReportModel } from '../../functions/report/model.js';
import { renderPdf } from '../../functions/report/pdf.js';
import { evaluate } from '../../functions/scoring/evaluate.js';
import { validateResults } from '../../functions/scoring/validate-results.js';
import { needs, tool } from '../support/tools.js';

describe('demo run: one status model', needs('poppler'), () => {
  const config = demoConfig(DEMO_COLLECTED_AT);
  const results = evaluate(loadDemoSnapshot({ collectedAt: DEMO_COLLECTED_AT }), {
    generatedAt: DEMO_COLLECTED_AT,
    waivers: config.waivers,
    attestations: config.attestations,
  });
  const model = buildReportModel({ results });
  const cis = results.frameworks.find((f) => f.id === CIS_EKS_1_8_0.id);
  let dir: string;
  let layout: string;
  let firstPage: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'demo-status-'));
    const pdfPath = join(dir, 'report.pdf');
    writeFileSync(pdfPath, await renderPdf({ results }));
    layout = execFileSync(tool('pdftotext'), ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    firstPage = execFileSync(tool('pdftotext'), ['-l', '1', pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the demo has a waived check, so the cover must tell it from a pass; its results.json is valid', () => {
    assert.ok(results.summary.counts.waived > 0);
    assert.deepEqual(validateResults(JSON.parse(JSON.stringify(results))).errors, []);
  });

  test('the cover counts checks exactly as results.json does, waived on its own', () => {
    const c = results.summary.counts;
    assert.deepEqual(Object.fromEntries(model.checkCounts.map((x) => [x.key, x.count])), {
      pass: c.pass,
      fail: c.fail,
      waived: c.waived,
      'not-applicable': c.notApplicable,
      'not-assessed': c.notAssessed,
    });
    assert.ok(
      firstPage.includes(`pass ${c.pass}, fail ${c.fail}, waived ${c.waived},`),
      `page 1 shows pass, fail and waived as results.json counts them: ${firstPage.slice(0, 600)}`,
    );
  });

  test('the headline score is labelled with what it measures, and coverage is printed beside it', () => {
    assert.ok(
      firstPage.includes(
        `Severity-weighted pass rate of the ${results.summary.counts.pass + results.summary.counts.fail} checks`,
      ),
    );
    const cov = cis?.coverage;
    assert.ok(cov);
    assert.ok(firstPage.includes(`${cov.automated} of ${cov.requirements} CIS requirements machine-verified`));
    const sum = cov.automated + cov.attestation + cov.waiver + cov.manual + cov.notAssessed;
    assert.equal(sum, cov.requirements);
  });

  test('every requirement is listed once per framework in the breakdown', () => {
    for (const fw of model.frameworks) {
      const b = fw.breakdown;
      const ids = [...b.failing, ...b.passing, ...b.manual, ...b.notAssessed].map((r) => r.id);
      assert.deepEqual([...ids].sort(), fw.requirements.map((r) => r.id).sort(), fw.id);
    }
    // The case that used to appear twice: an attested manual requirement.
    const attested = cis?.requirements.filter((r) => r.verdictSource === 'attestation') ?? [];
    assert.ok(attested.length > 0);
  });

  test("at least 20 CIS requirements carry the benchmark's Manual designation, in results.json and the PDF", () => {
    const manual = cis?.requirements.filter((r) => r.benchmarkAssessment === 'manual') ?? [];
    const listed = CIS_EKS_1_8_0.requirements.filter((r) => r.benchmarkAssessment === 'manual');
    assert.equal(manual.length, listed.length);
    assert.ok(manual.length >= 20, `${manual.length} manual`);
    assert.ok(cis?.requirements.every((r) => r.benchmarkAssessment !== undefined && r.verdictSource !== undefined));
    // The CIS requirements table prints the designation on the id's first line.
    const rowOf = (id: string) =>
      layout
        .split('\n')
        .find(
          (line) => new RegExp(`^\\s*${id.replace(/\./g, '\\.')}\\s{2,}`).test(line) && /Manual|Automated/.test(line),
        );
    for (const r of manual) assert.match(rowOf(r.id) ?? '', /\bManual\b/, `CIS ${r.id} row`);
  });

  test('a finding whose waiver expired says so, in results.json and the PDF', () => {
    const lapsed = results.checks.flatMap((c) => c.failing.filter((f) => f.expiredWaiver));
    assert.ok(lapsed.length > 0);
    const w = lapsed[0].expiredWaiver;
    assert.ok(layout.replace(/\s+/g, ' ').includes(`waived by ${w?.id} until ${w?.expires}`));
  });

  test('manual requirements show their attestation state; waivers their approval date', () => {
    const states = new Set(
      results.frameworks.flatMap((f) => f.requirements.map((r) => r.attestationState)).filter((s) => s !== undefined),
    );
    assert.ok(states.has('in-force') && states.has('none') && states.has('expired'), [...states].join(','));
    assert.ok(results.waivers?.every((w) => /^\d{4}-\d{2}-\d{2}$/.test(w.approvedOn ?? '')));
    const w = results.waivers?.[0];
    assert.ok(layout.replace(/\s+/g, ' ').includes(`on ${w?.approvedOn} (${w?.ticket})`));
  });
});
