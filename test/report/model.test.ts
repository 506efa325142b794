import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { distinctObjects } from '../../functions/checks/types.js';
import { buildReportModel, CHANGES_LIST_LIMIT, FINDINGS_ROW_LIMIT } from '../../functions/report/model.js';
import {
  ATTESTATION_STATEMENT,
  auditHistory,
  auditResults,
  EXTRA_FAILING,
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
    assert.equal(
      many?.moreText,
      `… and ${MANY_FINDINGS - FINDINGS_ROW_LIMIT} more not listed here: findings.csv and results.json list every one`,
    );
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

  test('top risks: critical and high failing checks first, with object counts, at least five when there are', () => {
    assert.deepEqual(
      model.topRisks.map((r) => [r.id, r.objectsText]),
      [
        ['pod-privileged', '3 of 42 objects'],
        ['rbac-cluster-admin-bindings', '1 of 12 objects'],
        ['pod-run-as-non-root', '31 of 42 objects'],
      ],
    );
    const audit = buildReportModel({ results: auditResults(), catalog: reportCatalog });
    assert.equal(audit.topRisks.length, 5, 'two severe checks are topped up to five');
    assert.equal(audit.topRisks[0].id, 'pod-privileged');
  });

  test('top risks count objects with the plural helper: separators in large counts, "object" for one', () => {
    const results = reportResults();
    const privileged = results.checks.find((c) => c.id === 'pod-privileged');
    const admin = results.checks.find((c) => c.id === 'rbac-cluster-admin-bindings');
    assert.ok(privileged && admin);
    privileged.evaluatedCount = 12_345;
    privileged.failing = Array.from({ length: 1_234 }, (_, i) => ({
      ...privileged.failing[0],
      name: `privileged-${i}`,
    }));
    admin.evaluatedCount = 1;
    const risks = buildReportModel({ results, catalog: reportCatalog }).topRisks;
    assert.deepEqual(
      risks.filter((r) => r.id === privileged.id || r.id === admin.id).map((r) => r.objectsText),
      ['1,234 of 12,345 objects', '1 of 1 object'],
    );
  });

  test('a failing requirement prints its failing checks once; later requirements refer to them', () => {
    const cis = model.frameworks.find((f) => f.id === 'cis-eks-1.8.0');
    const nsa = model.frameworks.find((f) => f.id === 'nsa-cisa-1.2');
    const cis421 = cis?.breakdown.failing.find((r) => r.id === '4.2.1');
    assert.equal(cis421?.checks[0].section?.id, 'pod-privileged');
    assert.equal(cis421?.checks[0].section?.rationale, RATIONALE_PRIVILEGED);
    const nsaPriv = nsa?.breakdown.failing.find((r) => r.id === 'pod-security.privileged');
    assert.equal(nsaPriv?.checks[0].section, undefined);
    assert.equal(nsaPriv?.checks[0].printedUnder, 'CIS 4.2.1');
    const printedSections = model.frameworks.flatMap((f) =>
      f.breakdown.failing.flatMap((r) => r.checks.filter((c) => c.section).map((c) => c.id)),
    );
    assert.deepEqual([...printedSections].sort(), model.failingChecks.map((c) => c.id).sort());
    assert.deepEqual(model.unplacedFailingChecks, []);
  });

  test('passing requirements summarise their evidence; manual ones carry guidance and attestation', () => {
    const cis = model.frameworks.find((f) => f.id === 'cis-eks-1.8.0');
    const passing = Object.fromEntries((cis?.breakdown.passing ?? []).map((r) => [r.id, r.lines]));
    assert.deepEqual(passing['5.3.1'], ['eks-secrets-encryption: 1 object evaluated, none failing']);
    assert.deepEqual(passing['4.2.4'], [
      'pod-host-network: 42 objects evaluated, 1 object waived (w-cni), none failing otherwise',
    ]);
    assert.deepEqual(
      cis?.breakdown.notAssessed.map((r) => r.id),
      ['3.2.1'],
    );
    const nsa = model.frameworks.find((f) => f.id === 'nsa-cisa-1.2');
    const audit = nsa?.breakdown.manual.find((r) => r.id === 'audit.review');
    assert.ok(audit?.attested);
    assert.ok(audit?.attestation.includes(ATTESTATION_STATEMENT));
    assert.match(audit?.attestation ?? '', /Evidence: https:\/\/wiki\.example\.com\/audit-review/);
    const manual = cis?.breakdown.manual.find((r) => r.id === '4.1.8');
    assert.match(manual?.guidance ?? '', /bind, impersonate or escalate/);
    assert.equal(manual?.attestation, 'No attestation recorded.');
  });

  test('registers and data sources come from results.json', () => {
    assert.deepEqual(
      model.registers.waivers.map((w) => [w.id, w.state, w.stateLabel]),
      [
        ['w-node-exporter', 'active', 'Active'],
        ['w-cni', 'expiring', 'Expiring ≤30 days'],
        ['w-legacy', 'expired', 'Expired'],
        ['w-stale', 'unused', 'Unused'],
      ],
    );
    assert.equal(model.registers.waivers[1].expiryText, 'ends in 12 days');
    assert.equal(model.registers.waivers[2].expiryText, 'expired 20 days ago');
    assert.equal(model.registers.waivers[0].scope, 'namespaces monitoring; names node-exporter');
    assert.equal(model.registers.attestations[0].requirement, 'NSA/CISA audit.review');
    assert.equal(model.sources.summaryText, '6 data sources: 4 collected, 2 not collected.');
    assert.deepEqual(
      model.sources.notCollectedRows.map((r) => r.permission),
      ['get nodes/proxy', 'guardduty:ListDetectors'],
    );
    assert.match(model.sources.permissionSummary.find((p) => p.label === 'AWS APIs')?.value ?? '', /eks \(1 action\)/);
  });

  test('results.json without the scope fields still builds a model that says so', () => {
    const old = buildReportModel({
      results: { ...reportResults(), sources: undefined, waivers: undefined, attestations: undefined },
      catalog: reportCatalog,
    });
    assert.equal(old.sources.available, false);
    assert.match(old.sources.summaryText, /do not record their data sources/);
    assert.deepEqual(old.registers.waivers, []);
  });

  test('a failing check that no failing requirement names is still shown, as an other failing check', () => {
    const results = reportResults();
    const frameworks = results.frameworks.map((f) => ({
      ...f,
      requirements: f.requirements.filter((r) => !r.checks.includes('rbac-cluster-admin-bindings')),
    }));
    const orphan = buildReportModel({ results: { ...results, frameworks }, catalog: reportCatalog });
    assert.deepEqual(
      orphan.unplacedFailingChecks.map((c) => c.id),
      ['rbac-cluster-admin-bindings'],
    );
  });

  test('changes lists are capped with the rest counted', () => {
    const audit = buildReportModel({ results: auditResults(), history: auditHistory(), catalog: reportCatalog });
    const stillFailing = 2 + EXTRA_FAILING;
    assert.equal(audit.changes?.totals.stillFailing, stillFailing);
    assert.equal(audit.changes?.stillFailing.length, CHANGES_LIST_LIMIT);
    assert.equal(audit.changes?.stillFailingMoreText, `… and ${stillFailing - CHANGES_LIST_LIMIT} more`);
    assert.equal(audit.changes?.newFailingMoreText, '');
  });
});

describe('failing objects are objects, not findings', () => {
  test('two offending containers of one pod make one failing object; the rows keep both findings', () => {
    const results = reportResults();
    const check = results.checks.find((c) => c.id === 'pod-privileged');
    assert.ok(check && check.failing.length > 0);
    const [first] = check.failing;
    check.failing = [first, { ...first, message: `${first.message} (second container)`, path: 'spec.containers[1]' }];
    check.evaluatedCount = 1;
    const built = buildReportModel({ results, history: [], catalog: reportCatalog });
    const view = built.failingChecks.find((c) => c.id === 'pod-privileged');
    assert.equal(view?.failingCount, 1);
    assert.equal(view?.rows.filter((r) => r.status === 'fail').length, 2);
    assert.equal(built.topRisks.find((r) => r.id === 'pod-privileged')?.objectsText, '1 of 1 object');
  });

  test('distinctObjects tells objects apart by kind, namespace and name', () => {
    const f = (kind: string, namespace: string | null, name: string) => ({ kind, namespace, name, message: 'm' });
    assert.equal(distinctObjects([]), 0);
    assert.equal(distinctObjects([f('Pod', 'a', 'x'), f('Pod', 'a', 'x'), f('Pod', 'b', 'x')]), 2);
    assert.equal(distinctObjects([f('Pod', null, 'x'), f('Deployment', null, 'x'), f('Pod', null, 'x')]), 2);
  });
});

describe('requirements by status', () => {
  test('counts the requirements of every framework of the run, not the checks of the summary', () => {
    const results = reportResults();
    // evaluate() counts checks in summary.counts; the requirement table must not show those.
    results.summary.counts = { pass: 90, fail: 1, manual: 0, notApplicable: 0, notAssessed: 0, waived: 0 };
    const built = buildReportModel({ results, history: [], catalog: reportCatalog });
    const sum = (key: 'pass' | 'fail' | 'manual') => results.frameworks.reduce((n, f) => n + f.counts[key], 0);
    const count = (key: string) => built.requirementCounts.find((c) => c.key === key)?.count;
    assert.deepEqual([count('pass'), count('fail'), count('manual')], [sum('pass'), sum('fail'), sum('manual')]);
    assert.ok(sum('manual') > 0, 'the fixture has manual requirements');
  });
});
