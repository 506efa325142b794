import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildReportModel, FINDINGS_ROW_LIMIT } from '../../functions/report/model.js';
import {
  HOSTILE_CLUSTER_NAME,
  MANY_FINDINGS,
  RATIONALE_PRIVILEGED,
  reportCatalog,
  reportHistory,
  reportResults,
} from '../fixtures/report/scan-results.js';

describe('buildReportModel', () => {
  const model = buildReportModel({ results: reportResults(), history: reportHistory(), catalog: reportCatalog });

  test('carries scope, score formula and counts', () => {
    assert.equal(model.cluster.name, HOSTILE_CLUSTER_NAME);
    assert.equal(model.cluster.accountId, '123456789012');
    assert.equal(model.generatedAtText, '2026-11-26 06:05 UTC');
    assert.equal(model.collectedAtText, '2026-11-26 06:00 UTC');
    assert.match(model.score.formula, /weights critical 10/);
    assert.deepEqual(
      model.requirementCounts.map((c) => [c.key, c.count]),
      [
        ['pass', 4],
        ['fail', 7],
        ['manual', 2],
        ['waived', 0],
        ['not-applicable', 1],
        ['not-assessed', 1],
      ],
    );
    const medium = model.severityCounts.find((s) => s.severity === 'medium');
    assert.deepEqual([medium?.failingChecks, medium?.findings], [1, MANY_FINDINGS]);
  });

  test('orders failing checks by severity and caps their rows', () => {
    assert.deepEqual(
      model.failingChecks.map((c) => c.id),
      ['pod-privileged', 'rbac-cluster-admin-bindings', 'pod-run-as-non-root'],
    );
    const many = model.failingChecks.find((c) => c.id === 'pod-run-as-non-root');
    assert.equal(many?.rows.length, FINDINGS_ROW_LIMIT);
    assert.equal(many?.moreCount, MANY_FINDINGS - FINDINGS_ROW_LIMIT);
    assert.equal(many?.moreText, `… and ${MANY_FINDINGS - FINDINGS_ROW_LIMIT} more (see findings.csv)`);
    const privileged = model.failingChecks[0];
    assert.equal(privileged.rationale, RATIONALE_PRIVILEGED);
    assert.equal(privileged.requirementRefs, 'CIS 4.2.1, NSA/CISA pod-security.privileged, Top 10 K01');
    assert.deepEqual(
      privileged.rows.map((r) => r.status),
      ['fail', 'fail', 'fail', 'waived'],
    );
    assert.deepEqual(
      model.waivedChecks.map((c) => c.id),
      ['pod-host-network'],
    );
  });

  test('lists not-assessed checks, requirements and data-source gaps with reasons', () => {
    const scopes = model.notAssessed.map((i) => `${i.scope}:${i.id}`);
    assert.deepEqual(scopes, [
      'Data source:kubelet-config',
      'Data source:aws:guardduty',
      'Check:kubelet-anonymous-auth',
      'CIS requirement:3.2.1',
    ]);
    assert.ok(model.notAssessed.every((i) => i.reason.length > 0));
  });

  test('manual requirements carry guidance and attestations', () => {
    const cis = model.frameworks.find((f) => f.id === 'cis-eks-1.8.0');
    assert.match(cis?.requirements.find((r) => r.id === '4.1.8')?.note ?? '', /bind, impersonate or escalate/);
    const nsa = model.frameworks.find((f) => f.id === 'nsa-cisa-1.2');
    assert.match(nsa?.requirements.find((r) => r.id === 'audit.review')?.note ?? '', /Attested pass by sec-team/);
  });

  test('trend has one point per run, oldest first, ending with this run', () => {
    assert.deepEqual(
      model.trend.points.map((p) => p.score),
      [48, 52, 57, 61],
    );
    assert.equal(model.trend.points.at(-1)?.current, true);
    const xs = model.trend.points.map((p) => p.x);
    assert.deepEqual(
      xs,
      [...xs].sort((a, b) => a - b),
    );
    // Higher score is drawn higher (smaller y).
    assert.ok(model.trend.points[3].y < model.trend.points[0].y);
  });

  test('reports new and fixed failing checks against the previous run', () => {
    assert.equal(model.changes?.previousRunId, 'run-2026-11-19');
    assert.deepEqual(
      model.changes?.newFailing.map((c) => c.id),
      ['rbac-cluster-admin-bindings'],
    );
    assert.deepEqual(
      model.changes?.fixed.map((c) => [c.id, c.statusLabel]),
      [['pod-host-network', 'Pass']],
    );
    assert.equal(model.changes?.scoreDeltaText, '+4');
  });

  test('without history there is one trend point and no changes; history order does not matter', () => {
    const alone = buildReportModel({ results: reportResults(), catalog: reportCatalog });
    assert.equal(alone.trend.points.length, 1);
    assert.equal(alone.changes, null);
    const shuffled = buildReportModel({
      results: reportResults(),
      history: [...reportHistory()].reverse(),
      catalog: reportCatalog,
    });
    assert.deepEqual(shuffled.trend.points, model.trend.points);
  });

  test('is plain data (no class instances or getters) and works with the default catalog', () => {
    const withDefault = buildReportModel({ results: reportResults() });
    assert.deepEqual(JSON.parse(JSON.stringify(withDefault)), withDefault);
  });
});
