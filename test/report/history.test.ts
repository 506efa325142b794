import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareRuns, earlierRuns, trend } from '../../functions/report/history.js';
import { buildReportModel } from '../../functions/report/model.js';
import type { ScanResults } from '../../functions/scoring/results.js';
import { reportCatalog, reportHistory, reportResults } from '../fixtures/report/scan-results.js';

function withCheck(run: ScanResults, id: string, patch: Partial<ScanResults['checks'][number]>): ScanResults {
  return { ...run, checks: run.checks.map((c) => (c.id === id ? { ...c, ...patch } : c)) };
}

function runAt(base: ScanResults, runId: string, day: number, score = 50): ScanResults {
  const generatedAt = `2026-10-${String(day).padStart(2, '0')}T06:05:00.000Z`;
  return { ...base, runId, generatedAt, summary: { ...base.summary, score } };
}

describe('compareRuns', () => {
  const current = reportResults();
  const comparison = compareRuns(current, reportHistory());

  test('compares with the latest earlier run', () => {
    assert.equal(comparison.previous?.runId, 'run-2026-11-19');
    assert.equal(comparison.scoreDelta, 4);
  });

  test('new, fixed and still failing checks, ordered by severity', () => {
    assert.deepEqual(
      comparison.newFailing.map((c) => c.id),
      ['rbac-cluster-admin-bindings'],
    );
    assert.deepEqual(
      comparison.fixed.map((c) => [c.id, c.status]),
      [['pod-host-network', 'pass']],
    );
    assert.deepEqual(
      comparison.stillFailing.map((c) => [c.id, c.failingSince]),
      [
        ['pod-privileged', '2026-11-05T06:05:00.000Z'],
        ['pod-run-as-non-root', '2026-11-05T06:05:00.000Z'],
      ],
    );
    assert.deepEqual(comparison.noLongerAssessed, []);
  });

  test('a new failure lists all its objects as new; a still-failing one with the same objects none', () => {
    const rbac = comparison.newFailing[0];
    assert.deepEqual(
      rbac.newFindings.map((f) => f.name),
      ['ci-deployer-admin'],
    );
    assert.ok(comparison.stillFailing.every((c) => c.newFindings.length === 0 && c.fixedFindings.length === 0));
    assert.equal(comparison.newFindingCount, 1);
  });

  test('per-object new and fixed findings within a still-failing check (matched on kind, namespace, name)', () => {
    const base = reportResults();
    const privileged = base.checks.find((c) => c.id === 'pod-privileged');
    assert.ok(privileged);
    const gone = { kind: 'Deployment', namespace: 'legacy', name: 'old-agent', message: 'privileged' };
    const previous = withCheck(runAt(base, 'prev', 20), 'pod-privileged', {
      // The first object is unchanged but reworded; the second is new now; "old-agent" was fixed.
      failing: [{ ...privileged.failing[0], message: 'worded differently' }, privileged.failing[2], gone],
    });
    const result = compareRuns(base, [previous]);
    const change = result.stillFailing.find((c) => c.id === 'pod-privileged');
    assert.deepEqual(
      change?.newFindings.map((f) => f.name),
      [privileged.failing[1].name],
    );
    assert.deepEqual(
      change?.fixedFindings.map((f) => f.name),
      ['old-agent'],
    );
  });

  test('"failing since" starts after the last run in which the check did not fail', () => {
    const base = reportResults();
    const runs = [
      withCheck(runAt(base, 'a', 1), 'pod-privileged', { status: 'fail' }),
      withCheck(runAt(base, 'b', 8), 'pod-privileged', { status: 'pass', failing: [] }),
      withCheck(runAt(base, 'c', 15), 'pod-privileged', { status: 'fail' }),
      withCheck(runAt(base, 'd', 22), 'pod-privileged', { status: 'fail' }),
    ];
    const since = compareRuns(base, runs).stillFailing.find((c) => c.id === 'pod-privileged')?.failingSince;
    assert.equal(since, '2026-10-15T06:05:00.000Z');
  });

  test('a check that failed before and is not assessed now is not counted as fixed', () => {
    const base = reportResults();
    const now = withCheck(base, 'pod-run-as-non-root', { status: 'not-assessed', failing: [], reason: 'forbidden' });
    const gone = { ...base, checks: base.checks.filter((c) => c.id !== 'pod-privileged') };
    const r1 = compareRuns(now, [runAt(base, 'prev', 20)]);
    assert.deepEqual(
      r1.noLongerAssessed.map((c) => c.id),
      ['pod-run-as-non-root'],
    );
    assert.ok(!r1.fixed.some((c) => c.id === 'pod-run-as-non-root'));
    const r2 = compareRuns(gone, [runAt(base, 'prev', 20)]);
    assert.deepEqual(
      r2.noLongerAssessed.map((c) => [c.id, c.status]),
      [['pod-privileged', 'not-assessed']],
    );
  });

  test('not-applicable now (the failing objects are gone) counts as fixed, with the objects listed', () => {
    const base = reportResults();
    const now = withCheck(base, 'rbac-cluster-admin-bindings', { status: 'not-applicable', failing: [] });
    const result = compareRuns(now, [runAt(base, 'prev', 20)]);
    const fixed = result.fixed.find((c) => c.id === 'rbac-cluster-admin-bindings');
    assert.equal(fixed?.status, 'not-applicable');
    assert.deepEqual(
      fixed?.fixedFindings.map((f) => f.name),
      ['ci-deployer-admin'],
    );
  });

  test('without an earlier run nothing is new or fixed', () => {
    const alone = compareRuns(current, []);
    assert.equal(alone.previous, null);
    assert.equal(alone.scoreDelta, null);
    assert.deepEqual([alone.newFailing, alone.fixed, alone.stillFailing], [[], [], []]);
  });

  test('ignores the current run, duplicates and later runs in the history', () => {
    const later = { ...reportHistory()[0], runId: 'later', generatedAt: '2027-01-01T00:00:00.000Z' };
    const history = [current, later, ...reportHistory(), reportHistory()[2]];
    assert.deepEqual(
      earlierRuns(current, history).map((r) => r.runId),
      ['run-2026-11-05', 'run-2026-11-12', 'run-2026-11-19'],
    );
    assert.equal(compareRuns(current, history).previous?.runId, 'run-2026-11-19');
  });
});

describe('trend', () => {
  const base = reportResults();
  const runs = Array.from({ length: 15 }, (_, i) => runAt(base, `r${i + 1}`, i + 1, 40 + i));

  test('keeps the last 12 runs, oldest first, the newest marked current', () => {
    const points = trend([...runs].reverse(), 12);
    assert.equal(points.length, 12);
    assert.deepEqual(
      points.map((p) => p.runId),
      runs.slice(3).map((r) => r.runId),
    );
    assert.deepEqual(
      points.map((p) => p.current),
      [...Array(11).fill(false), true],
    );
    assert.equal(points[0].score, 43);
  });

  test('one point per run id', () => {
    assert.equal(trend([runs[0], runs[0], runs[1]]).length, 2);
  });

  test('the report model reads the same comparison and trend', () => {
    const history = [...runs.slice(0, 14)];
    const model = buildReportModel({ results: runs[14], history, catalog: reportCatalog });
    assert.equal(model.trend.points.length, 12);
    assert.equal(model.trend.points.at(-1)?.runId, 'r15');
    const full = buildReportModel({ results: base, history: reportHistory(), catalog: reportCatalog });
    assert.deepEqual(
      full.changes?.stillFailing.map((c) => [c.id, c.failingSince]),
      [
        ['pod-privileged', '2026-11-05'],
        ['pod-run-as-non-root', '2026-11-05'],
      ],
    );
  });
});
