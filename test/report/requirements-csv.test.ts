import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { demoConfig } from '../../functions/demo/config.js';
import { DEMO_COLLECTED_AT, loadDemoSnapshot } from '../../functions/demo/index.js';
import { REQUIREMENTS_CSV_COLUMNS, renderRequirementsCsv } from '../../functions/report/requirements-csv.js';
import { evaluate } from '../../functions/scoring/evaluate.js';
import { reportResults } from '../fixtures/report/scan-results.js';
import { parseCsv } from '../support/csv.js';

function records(csv: string): Record<string, string>[] {
  const rows = parseCsv(csv);
  return rows.slice(1).map((r) => Object.fromEntries(rows[0].map((h, i) => [h, r[i]])));
}

describe('requirements.csv on the demo run', () => {
  const config = demoConfig(DEMO_COLLECTED_AT);
  const results = evaluate(loadDemoSnapshot({ collectedAt: DEMO_COLLECTED_AT }), {
    generatedAt: DEMO_COLLECTED_AT,
    waivers: config.waivers,
    attestations: config.attestations,
  });
  const csv = renderRequirementsCsv(results);
  const rows = records(csv);

  test('one row per requirement of every framework, in the header order, CRLF', () => {
    assert.ok(csv.startsWith(`${REQUIREMENTS_CSV_COLUMNS.join(',')}\r\n`));
    assert.ok(parseCsv(csv).every((r) => r.length === REQUIREMENTS_CSV_COLUMNS.length));
    const expected = results.frameworks.flatMap((f) => f.requirements.map((r) => `${f.id} ${r.id}`));
    assert.deepEqual(
      rows.map((r) => `${r.framework} ${r.requirement_id}`),
      expected,
    );
    assert.equal(new Set(expected).size, expected.length, 'a requirement appears once per framework');
  });

  test('status, verdict source and benchmark designation are results.json values', () => {
    for (const f of results.frameworks) {
      for (const r of f.requirements) {
        const row = rows.find((x) => x.framework === f.id && x.requirement_id === r.id);
        assert.equal(row?.status, r.status);
        assert.equal(row?.verdict_source, r.verdictSource);
        assert.equal(row?.benchmark_assessment, r.benchmarkAssessment ?? '');
        assert.equal(row?.collected_at, results.collectedAt);
      }
    }
    const cisManual = rows.filter((r) => r.framework === 'cis-eks-1.8.0' && r.benchmark_assessment === 'manual');
    assert.ok(cisManual.length >= 20);
  });

  test('evaluated and failing add up over the checks; evidence names them; an attested row names the attestation', () => {
    const byId = new Map(results.checks.map((c) => [c.id, c]));
    const cis = results.frameworks[0];
    const failingReq = cis.requirements.find((r) => r.status === 'fail' && r.checks.length === 1);
    assert.ok(failingReq);
    const check = byId.get(failingReq.checks[0]);
    const row = rows.find((r) => r.requirement_id === failingReq.id && r.framework === cis.id);
    assert.equal(row?.evaluated, `${check?.evaluatedCount}`);
    assert.ok(Number(row?.failing) > 0);
    assert.match(row?.evidence ?? '', new RegExp(`^${check?.id}: `));
    const attested = rows.find((r) => r.verdict_source === 'attestation');
    assert.match(attested?.evidence ?? '', /^attestation A-\d+: pass by /);
    // No check ran: nothing evaluated is left empty, not 0.
    const manual = rows.find((r) => r.verdict_source === 'manual');
    assert.deepEqual([manual?.evaluated, manual?.failing], ['', '']);
  });
});

describe('requirements.csv cells', () => {
  test('cells a spreadsheet would evaluate are neutralised, quotes and newlines survive', () => {
    const base = reportResults();
    const fw = base.frameworks[0];
    const results = {
      ...base,
      frameworks: [
        { ...fw, requirements: [{ ...fw.requirements[0], title: '=HYPERLINK("http://x","y")', reason: 'a, "b"\nc' }] },
      ],
    };
    const [row] = records(renderRequirementsCsv(results));
    assert.equal(row.title, `'=HYPERLINK("http://x","y")`);
    assert.equal(row.reason, 'a, "b"\nc');
  });
});
