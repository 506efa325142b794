import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { severityRank } from '../../functions/checks/types.js';
import { compareRuns } from '../../functions/report/history.js';
import {
  parseSummary,
  SUMMARY_LIST_LIMIT,
  SUMMARY_TEXT_MAX,
  SUMMARY_VERSION,
  summarizeCluster,
} from '../../functions/report/summary.js';
import type { ScanResults } from '../../functions/scoring/results.js';
import { clusterRun, EVIL_CLUSTER_NAME, previousRun } from '../fixtures/report/fleet.js';
import { reportResults } from '../fixtures/report/scan-results.js';

/** The fixture with every failing check failing `times` as many objects (names made unique). */
function withManyFindings(results: ScanResults, times: number): ScanResults {
  return {
    ...results,
    checks: results.checks.map((c) => ({
      ...c,
      failing: Array.from({ length: times }, (_, i) =>
        c.failing.map((f) => ({ ...f, name: `${f.name}-${i}`, message: `${f.message} (${i})` })),
      ).flat(),
    })),
  };
}

describe('summarizeCluster', () => {
  const results = reportResults();
  const summary = summarizeCluster(results, [], { html: 'reports/r/c/report.html' });

  test('its size does not grow with the cluster: a thousand times the findings, the same summary but for the counts', () => {
    const big = withManyFindings(results, 1000);
    const bigSummary = summarizeCluster(big, [], { html: 'reports/r/c/report.html' });
    assert.equal(bigSummary.findings, summary.findings * 1000);
    const size = (s: unknown) => JSON.stringify(s).length;
    assert.ok(size(big) > 200 * size(bigSummary), `${size(big)} vs ${size(bigSummary)}`);
    // Only the numbers change (a few digits each).
    assert.ok(Math.abs(size(bigSummary) - size(summary)) < 200, `${size(bigSummary)} vs ${size(summary)}`);
  });

  test('score, counts, failing checks and findings as results.json has them', () => {
    assert.equal(summary.summaryVersion, SUMMARY_VERSION);
    assert.equal(summary.score, results.summary.score);
    assert.deepEqual(summary.counts, results.summary.counts);
    const failing = results.checks.filter((c) => c.status === 'fail');
    assert.equal(summary.failingChecks, failing.length);
    assert.equal(
      summary.findings,
      failing.reduce((n, c) => n + c.failing.length, 0),
    );
    assert.deepEqual(summary.reports, { html: 'reports/r/c/report.html' });
  });

  test('top failures: most severe first, then most objects, at most SUMMARY_LIST_LIMIT', () => {
    const many: ScanResults = {
      ...results,
      checks: Array.from({ length: SUMMARY_LIST_LIMIT + 5 }, (_, i) => ({
        ...results.checks[0],
        id: `check-${String(i).padStart(2, '0')}`,
        status: 'fail' as const,
        severity: (['low', 'critical', 'medium', 'high'] as const)[i % 4],
        failing: results.checks[0].failing.slice(0, 1).concat(i % 2 ? results.checks[0].failing : []),
      })),
    };
    const top = summarizeCluster(many, []).topFailures;
    assert.equal(top.length, SUMMARY_LIST_LIMIT);
    assert.equal(summarizeCluster(many, []).failingChecks, SUMMARY_LIST_LIMIT + 5);
    for (let i = 1; i < top.length; i++) {
      const [a, b] = [top[i - 1], top[i]];
      assert.ok(
        severityRank(a.severity) < severityRank(b.severity) || (a.severity === b.severity && a.objects >= b.objects),
        `${a.id} before ${b.id}`,
      );
    }
    assert.equal(top[0].severity, 'critical');
  });

  test('changes since the previous run are compareRuns’, the new failures cut to the list limit', () => {
    const current = clusterRun('prod', { score: 45 });
    const previous = previousRun(current, 50);
    const s = summarizeCluster(current, [previous]);
    const c = compareRuns(current, [previous]);
    assert.deepEqual(s.changes.previous, c.previous);
    assert.equal(s.changes.scoreDelta, -5);
    assert.deepEqual(
      [s.changes.newFailing, s.changes.fixed, s.changes.stillFailing, s.changes.noLongerAssessed],
      [c.newFailing.length, c.fixed.length, c.stillFailing.length, c.noLongerAssessed.length],
    );
    assert.deepEqual(
      s.changes.newFailures.map((f) => f.id),
      c.newFailing.slice(0, SUMMARY_LIST_LIMIT).map((f) => f.id),
    );
    const first = summarizeCluster(current, []);
    assert.deepEqual([first.changes.previous, first.changes.scoreDelta, first.changes.newFailing], [null, null, 0]);
  });

  test('register states counted, and those expiring or expired listed with what they cover, expired first', () => {
    const waiverCheck = (id: string) => results.waivers?.find((w) => w.id === id)?.check;
    assert.deepEqual(summary.registers.waivers, { active: 1, expiring: 1, expired: 1, unused: 1 });
    assert.deepEqual(summary.registers.attestations, { active: 1, expiring: 0, expired: 0, unused: 0 });
    assert.deepEqual(
      summary.registers.attention.map((a) => [a.register, a.id, a.state, a.register === 'waiver' ? a.check : '']),
      [
        ['waiver', 'w-legacy', 'expired', waiverCheck('w-legacy')],
        ['waiver', 'w-cni', 'expiring', waiverCheck('w-cni')],
      ],
    );
  });

  test('coverage: the data sources collected, each gap by its source title, the checks not assessed', () => {
    const sources = results.sources ?? [];
    assert.deepEqual(summary.coverage.sources, {
      total: sources.length,
      collected: sources.filter((x) => x.status === 'collected').length,
    });
    const titles = new Map(sources.map((x) => [x.id, x.title]));
    assert.deepEqual(
      summary.coverage.gaps,
      results.gaps.map((g) => titles.get(g.source) ?? g.source),
    );
    assert.deepEqual(
      summary.coverage.notAssessedChecks,
      results.checks.filter((c) => c.status === 'not-assessed').map((c) => c.id),
    );
  });

  test('requirements carry their status, and a title only when failing; CIS sections count passed of assessed', () => {
    for (const f of summary.frameworks) {
      const own = results.frameworks.find((x) => x.id === f.id);
      assert.deepEqual(
        f.requirements.map((r) => [r.id, r.status]),
        own?.requirements.map((r) => [r.id, r.status]),
      );
      for (const r of f.requirements) assert.equal(r.title !== undefined, r.status === 'fail', r.id);
    }
    const s42 = summary.cisSections.find((s) => s.id === '4.2');
    assert.deepEqual([s42?.passed, s42?.assessed], [1, 3]);
  });

  test('strings are kept as results.json has them (the renderers make them one line), each capped', () => {
    const evil = summarizeCluster(clusterRun(EVIL_CLUSTER_NAME), []);
    assert.equal(evil.cluster.name, EVIL_CLUSTER_NAME);
    const long = summarizeCluster(clusterRun('x'.repeat(10_000)), []);
    assert.equal(long.cluster.name.length, SUMMARY_TEXT_MAX);
  });
});

describe('parseSummary', () => {
  test('reads back what summarizeCluster wrote, and refuses anything else', () => {
    const summary = summarizeCluster(reportResults(), []);
    assert.deepEqual(parseSummary(JSON.stringify(summary)), summary);
    assert.equal(parseSummary('not json'), undefined);
    assert.equal(parseSummary(JSON.stringify({ ...summary, summaryVersion: SUMMARY_VERSION + 1 })), undefined);
    assert.equal(parseSummary(JSON.stringify({ ...summary, frameworks: 'none' })), undefined);
    assert.equal(parseSummary('null'), undefined);
  });
});
