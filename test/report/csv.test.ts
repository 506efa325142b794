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
