import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CSV_COLUMNS, csvCell, renderCsv } from '../../functions/report/csv.js';
import { MANY_FINDINGS, reportResults } from '../fixtures/report/scan-results.js';
import { parseCsv } from '../support/csv.js';

describe('renderCsv', () => {
  const csv = renderCsv(reportResults());
  const rows = parseCsv(csv);
  const header = rows[0];
  const records = rows.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));

  test('has the header and one row per finding, waived object and not-assessed check', () => {
    assert.ok(csv.startsWith(`${CSV_COLUMNS.join(',')}\r\n`));
    assert.ok(csv.endsWith('\r\n'));
    assert.ok(rows.every((r) => r.length === CSV_COLUMNS.length));
    const count = (type: string) => records.filter((r) => r.row_type === type).length;
    assert.equal(count('finding'), 3 + MANY_FINDINGS + 1);
    assert.equal(count('waived'), 2);
    assert.equal(count('not-assessed'), 1);
    const gap = records.find((r) => r.row_type === 'not-assessed');
    assert.match(gap?.message ?? '', /nodes\/proxy is not granted/);
  });

  test('check_status is the state results.json counts: a check passing only through waivers is waived', () => {
    const waivedOnly = reportResults().checks.filter((c) => c.status === 'pass' && c.waived.length > 0);
    assert.ok(waivedOnly.length > 0);
    for (const c of waivedOnly) {
      const mine = records.filter((r) => r.check_id === c.id);
      assert.ok(mine.length > 0 && mine.every((r) => r.check_status === 'waived'), c.id);
    }
  });

  test('a finding whose waiver expired names it and its last day', () => {
    const results = reportResults();
    const check = results.checks.find((c) => c.failing.length > 0);
    assert.ok(check);
    check.failing[0] = { ...check.failing[0], expiredWaiver: { id: 'W-9', expires: '2026-11-01' } };
    const again = parseCsv(renderCsv(results));
    const col = again[0].indexOf('waiver');
    assert.ok(again.some((r) => r[col] === 'W-9 (expired; waived until 2026-11-01)'));
  });

  test('quotes commas, quotes and newlines (RFC 4180)', () => {
    assert.ok(csv.includes('"securityContext.privileged is true in container ""x"", y"'));
    assert.ok(csv.includes('"securityContext.privileged is true in container agent\nsecond line"'));
    const pod = records.find((r) => r.kind === 'Pod');
    assert.equal(pod?.message, 'securityContext.privileged is true in container "x", y');
    assert.equal(pod?.name, '<script>alert(1)</script>');
  });

  test('neutralises cells a spreadsheet would evaluate', () => {
    const formula = records.find((r) => r.kind === 'DaemonSet' && r.namespace === 'kube-system');
    assert.equal(formula?.name, `'=HYPERLINK("http://evil.example","x")`);
    for (const record of records) {
      for (const value of Object.values(record)) assert.doesNotMatch(value, /^[=+\-@\t\r]/);
    }
    assert.equal(csvCell('+1'), "'+1");
    assert.equal(csvCell('-1'), "'-1");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\tx'), "'\tx");
    assert.equal(csvCell('\rx'), `"'\rx"`);
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell(''), '');
  });
});
