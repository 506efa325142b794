import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CheckDefinition } from '../../functions/checks/types.js';
import { evidenceLine } from '../../functions/report/model-requirements.js';
import { evaluate } from '../../functions/scoring/evaluate.js';
import type { RequirementResult, ScanResults } from '../../functions/scoring/results.js';
import type { Attestation, Waiver } from '../../functions/scoring/waiver-types.js';
import { failing, fakeCheck, framework, GENERATED_AT, NA, PASS, req, snapshot } from './fixtures.js';

function requirement(results: ScanResults, id: string, fw = 0): RequirementResult {
  const r = results.frameworks[fw].requirements.find((x) => x.id === id);
  assert.ok(r, `requirement ${id} present`);
  return r;
}

describe('requirement status rules', () => {
  const checks: CheckDefinition[] = [
    fakeCheck('c-pass', PASS),
    fakeCheck('c-pass2', PASS),
    fakeCheck('c-fail', failing(['Pod', 'app', 'web'])),
    fakeCheck('c-na', NA),
    fakeCheck('c-na2', NA),
    fakeCheck('c-missing-input', PASS, { inputs: [{ kind: 'aws', fact: 'cluster' }] }),
  ];
  const fw = framework([
    req('all-pass', ['c-pass', 'c-pass2']),
    req('one-fails', ['c-pass', 'c-fail']),
    req('fail-beats-not-assessed', ['c-fail', 'c-missing-input']),
    req('not-assessed', ['c-pass', 'c-missing-input']),
    req('all-na', ['c-na', 'c-na2']),
    req('pass-and-na', ['c-pass', 'c-na']),
    req('manual', [], { manualGuidance: 'look at the thing' }),
    req('node-files', [], { notAssessableReason: 'node file permissions cannot be read remotely' }),
    req('unknown-check', ['c-does-not-exist']),
  ]);
  const results = evaluate(snapshot(), { checks, frameworks: [fw], generatedAt: GENERATED_AT });

  test('all checks pass → pass', () => assert.equal(requirement(results, 'all-pass').status, 'pass'));
  test('any check fails → fail, naming the check', () => {
    const r = requirement(results, 'one-fails');
    assert.equal(r.status, 'fail');
    assert.match(r.reason ?? '', /c-fail \(1 object\)/);
  });
  test('fail takes precedence over not-assessed', () =>
    assert.equal(requirement(results, 'fail-beats-not-assessed').status, 'fail'));
  test('a not-assessed check makes the requirement not-assessed with its reason', () => {
    const r = requirement(results, 'not-assessed');
    assert.equal(r.status, 'not-assessed');
    assert.match(r.reason ?? '', /c-missing-input: AWS data "cluster" not collected/);
  });
  test('all not-applicable → not-applicable with the reason', () => {
    const r = requirement(results, 'all-na');
    assert.equal(r.status, 'not-applicable');
    assert.match(r.reason ?? '', /no pods/);
  });
  test('pass mixed with not-applicable → pass', () => assert.equal(requirement(results, 'pass-and-na').status, 'pass'));
  test('no checks → manual with the guidance as reason', () => {
    const r = requirement(results, 'manual');
    assert.equal(r.status, 'manual');
    assert.equal(r.reason, 'look at the thing');
  });
  test('notAssessableReason → not-assessed with that reason', () => {
    const r = requirement(results, 'node-files');
    assert.equal(r.status, 'not-assessed');
    assert.equal(r.reason, 'node file permissions cannot be read remotely');
  });
  test('a mapped check that is not in this run → not-assessed, naming it', () => {
    const r = requirement(results, 'unknown-check');
    assert.equal(r.status, 'not-assessed');
    assert.match(r.reason ?? '', /c-does-not-exist/);
  });
  test('each requirement names what decided it, and the framework counts requirements by that source', () => {
    const sources = Object.fromEntries(results.frameworks[0].requirements.map((r) => [r.id, r.verdictSource]));
    assert.deepEqual(sources, {
      'all-pass': 'automated',
      'one-fails': 'automated',
      'fail-beats-not-assessed': 'automated',
      'not-assessed': 'not-assessed',
      'all-na': 'automated',
      'pass-and-na': 'automated',
      manual: 'manual',
      'node-files': 'not-assessed',
      'unknown-check': 'not-assessed',
    });
    assert.deepEqual(results.frameworks[0].coverage, {
      requirements: 9,
      automated: 5,
      attestation: 0,
      waiver: 0,
      manual: 1,
      notAssessed: 3,
    });
    // Only a requirement a person judges has an attestation state.
    assert.equal(requirement(results, 'all-pass').attestationState, undefined);
    assert.equal(requirement(results, 'manual').attestationState, 'none');
  });

  test("the benchmark's own Automated/Manual designation is copied, never inferred", () => {
    const fw2 = framework([
      req('a', ['c-pass'], { benchmarkAssessment: 'manual' }),
      req('b', [], { benchmarkAssessment: 'automated' }),
      req('c', ['c-pass']),
    ]);
    const r = evaluate(snapshot(), { checks, frameworks: [fw2], generatedAt: GENERATED_AT });
    assert.deepEqual(
      r.frameworks[0].requirements.map((x) => [x.id, x.benchmarkAssessment, x.verdictSource]),
      [
        ['a', 'manual', 'automated'],
        ['b', 'automated', 'manual'],
        ['c', undefined, 'automated'],
      ],
    );
  });

  test('framework counts add up to the requirements', () => {
    const c = results.frameworks[0].counts;
    assert.deepEqual(c, { pass: 2, fail: 2, manual: 1, notApplicable: 1, notAssessed: 3, waived: 0 });
  });
  test('requirement results carry their section and check ids', () => {
    const r = requirement(results, 'one-fails');
    assert.equal(r.section, 'S');
    assert.deepEqual(r.checks, ['c-pass', 'c-fail']);
  });
});

describe('missing data and broken checks', () => {
  test('a missing inventory makes the check not-assessed, naming the inventory, reason and permission', () => {
    const snap = snapshot();
    snap.kubernetes.inventories.secrets = {
      status: 'not-collected',
      reason: 'list secrets: 403 Forbidden',
      permission: 'list secrets',
    };
    const check = fakeCheck('needs-secrets', () => assert.fail('must not run without its input'), {
      inputs: [
        { kind: 'kubernetes', inventory: 'pods' },
        { kind: 'kubernetes', inventory: 'secrets' },
      ],
    });
    const results = evaluate(snap, {
      checks: [check],
      frameworks: [framework([req('r', ['needs-secrets'])])],
      generatedAt: GENERATED_AT,
    });
    const c = results.checks[0];
    assert.equal(c.status, 'not-assessed');
    assert.equal(c.reason, 'secrets not collected: list secrets: 403 Forbidden (needs list secrets)');
    assert.equal(requirement(results, 'r').status, 'not-assessed');
    assert.match(requirement(results, 'r').reason ?? '', /list secrets: 403 Forbidden/);
    assert.deepEqual(
      results.gaps.find((g) => g.source === 'secrets'),
      { source: 'secrets', reason: c.reason },
    );
  });

  test('an inventory absent from the snapshot, kubelet configs and AWS facts are named too', () => {
    const snap = snapshot();
    delete snap.kubernetes.inventories.nodes;
    const check = fakeCheck('needs-all', PASS, {
      inputs: [{ kind: 'kubernetes', inventory: 'nodes' }, { kind: 'kubelet-config' }, { kind: 'aws', fact: 'ecr' }],
    });
    const results = evaluate(snap, {
      checks: [check],
      frameworks: [framework([req('r', ['needs-all'])])],
      generatedAt: GENERATED_AT,
    });
    const reason = results.checks[0].reason ?? '';
    assert.match(reason, /nodes not collected/);
    assert.match(reason, /kubelet configuration not collected: .*nodes\/proxy/);
    assert.match(reason, /AWS data "ecr" not collected/);
  });

  test('the snapshot gap is not duplicated when the collector already recorded it', () => {
    const snap = snapshot();
    snap.kubernetes.inventories.secrets = { status: 'not-collected', reason: 'forbidden' };
    snap.gaps.push({ source: 'secrets', reason: 'list secrets: 403' });
    const results = evaluate(snap, {
      checks: [fakeCheck('s', PASS, { inputs: [{ kind: 'kubernetes', inventory: 'secrets' }] })],
      frameworks: [framework([req('r', ['s'])])],
      generatedAt: GENERATED_AT,
    });
    assert.deepEqual(results.gaps, [{ source: 'secrets', reason: 'list secrets: 403' }]);
  });

  test('a throwing check becomes not-assessed and the others still run', () => {
    const boom = fakeCheck('boom', () => {
      throw new Error('cannot read properties of undefined');
    });
    const results = evaluate(snapshot(), {
      checks: [boom, fakeCheck('ok', PASS)],
      frameworks: [framework([req('r1', ['boom']), req('r2', ['ok'])])],
      generatedAt: GENERATED_AT,
    });
    const b = results.checks.find((c) => c.id === 'boom');
    assert.equal(b?.status, 'not-assessed');
    assert.equal(b?.reason, 'check failed: cannot read properties of undefined');
    assert.equal(results.checks.find((c) => c.id === 'ok')?.status, 'pass');
    assert.equal(requirement(results, 'r1').status, 'not-assessed');
    assert.ok(results.gaps.some((g) => g.source === 'check:boom'));
  });

  test('a check returning an invalid outcome is not-assessed, not a crash', () => {
    const bad = fakeCheck('bad', () => ({ status: 'maybe' }) as never);
    const results = evaluate(snapshot(), {
      checks: [bad],
      frameworks: [framework([req('r', ['bad'])])],
      generatedAt: GENERATED_AT,
    });
    assert.equal(results.checks[0].status, 'not-assessed');
    assert.match(results.checks[0].reason ?? '', /^check failed: .*invalid status "maybe"/);
  });
});

describe('waivers', () => {
  const base: Waiver = {
    id: 'W-1',
    check: 'pod-*',
    reason: 'vendor agent',
    approvedBy: 'sec@example.com',
    expires: '2026-06-30',
  };
  const check = fakeCheck(
    'pod-privileged',
    failing(['DaemonSet', 'monitoring', 'node-agent'], ['Deployment', 'shop', 'web'], ['Node', null, 'ip-10-0-0-1']),
  );
  const fw = framework([req('r', ['pod-privileged'])]);
  const run = (waivers: Waiver[], clusterName = 'prod-eu') =>
    evaluate(snapshot([], clusterName), { checks: [check], frameworks: [fw], generatedAt: GENERATED_AT, waivers });

  test('a matching waiver moves findings to waived[] and leaves the rest failing', () => {
    const results = run([{ ...base, namespaces: ['monitor*'] }]);
    const c = results.checks[0];
    assert.equal(c.status, 'fail');
    assert.deepEqual(
      c.failing.map((f) => f.name),
      ['web', 'ip-10-0-0-1'],
    );
    assert.deepEqual(c.waived, [
      { kind: 'DaemonSet', namespace: 'monitoring', name: 'node-agent', waiver: 'W-1', message: 'node-agent is bad' },
    ]);
    assert.equal(requirement(results, 'r').status, 'fail');
  });

  test('an object waived for several findings keeps each finding, and the reports count it once', () => {
    const volumes = ['proc', 'sys', 'root'].map((v) => ({
      kind: 'DaemonSet',
      namespace: 'monitoring',
      name: 'node-exporter',
      message: `hostPath volume ${v}`,
      path: `spec.template.spec.volumes[name=${v}]`,
    }));
    const multi = fakeCheck('pod-host-path', { status: 'fail', evaluatedCount: 4, failing: volumes });
    const results = evaluate(snapshot([], 'prod-eu'), {
      checks: [multi],
      frameworks: [framework([req('r', ['pod-host-path'])])],
      generatedAt: GENERATED_AT,
      waivers: [{ ...base, names: ['node-exporter'] }],
    });
    const c = results.checks[0];
    assert.equal(c.status, 'pass');
    assert.deepEqual(
      c.waived.map((w) => [w.message, w.path]),
      volumes.map((f) => [f.message, f.path]),
    );
    assert.equal(evidenceLine(c), 'pod-host-path: 4 objects evaluated, 1 object waived (W-1), none failing otherwise');
  });

  test('when every finding is waived the requirement is waived and leaves the score', () => {
    const results = run([base]);
    const c = results.checks[0];
    assert.equal(c.status, 'pass');
    assert.equal(c.failing.length, 0);
    assert.equal(c.waived.length, 3);
    assert.equal(requirement(results, 'r').status, 'waived');
    assert.equal(results.frameworks[0].score, null);
    assert.equal(results.summary.counts.waived, 1);
    assert.equal(results.summary.counts.pass, 0);
  });

  test('an expired waiver does not apply (it applies through its expiry day)', () => {
    const lastDay = run([{ ...base, expires: '2026-01-10' }]);
    assert.equal(lastDay.checks[0].waived.length, 3);
    const expired = run([{ ...base, expires: '2026-01-09' }]);
    assert.equal(expired.checks[0].status, 'fail');
    assert.equal(expired.checks[0].waived.length, 0);
  });

  test('an object whose waiver expired fails again and names that waiver and its end date', () => {
    const results = run([
      { ...base, id: 'W-old', expires: '2026-01-09', names: ['web', 'node-agent'] },
      { ...base, id: 'W-live', names: ['node-agent'] },
    ]);
    const c = results.checks[0];
    const web = c.failing.find((f) => f.name === 'web');
    assert.deepEqual(web?.expiredWaiver, { id: 'W-old', expires: '2026-01-09' });
    // Never covered by a waiver: nothing to say. Covered by a live one too: waived, not failing.
    assert.equal(c.failing.find((f) => f.name === 'ip-10-0-0-1')?.expiredWaiver, undefined);
    assert.deepEqual(
      c.waived.map((w) => [w.name, w.waiver]),
      [['node-agent', 'W-live']],
    );
    assert.equal(run([{ ...base, expires: '2026-01-10' }]).checks[0].failing.length, 0);
  });

  test('waiver records carry the approval date when the config gives one', () => {
    const results = run([
      { ...base, approvedOn: '2025-12-01' },
      { ...base, id: 'W-2' },
    ]);
    assert.equal(results.waivers?.[0].approvedOn, '2025-12-01');
    assert.equal(results.waivers?.[1].approvedOn, undefined);
  });

  test('globs on cluster, name and kind must all match', () => {
    assert.equal(run([{ ...base, clusters: ['staging-*'] }]).checks[0].waived.length, 0);
    assert.equal(run([{ ...base, clusters: ['prod-*'] }]).checks[0].waived.length, 3);
    const byName = run([{ ...base, names: ['node-?gent', 'w*'] }]).checks[0];
    assert.deepEqual(byName.waived.map((w) => w.name).sort(), ['node-agent', 'web']);
    const byKind = run([{ ...base, kinds: ['Node'] }]).checks[0];
    assert.deepEqual(
      byKind.waived.map((w) => w.name),
      ['ip-10-0-0-1'],
    );
    assert.equal(run([{ ...base, check: 'rbac-*' }]).checks[0].waived.length, 0);
  });

  test('a namespace glob does not match cluster-scoped objects unless it is "*"', () => {
    assert.equal(run([{ ...base, kinds: ['Node'], namespaces: ['*'] }]).checks[0].waived.length, 1);
    assert.equal(run([{ ...base, kinds: ['Node'], namespaces: ['m*'] }]).checks[0].waived.length, 0);
  });

  test('the first matching waiver in config order is named', () => {
    const results = run([
      { ...base, id: 'W-A', names: ['web'] },
      { ...base, id: 'W-B' },
    ]);
    const byName = Object.fromEntries(results.checks[0].waived.map((w) => [w.name, w.waiver]));
    assert.deepEqual(byName, { web: 'W-A', 'node-agent': 'W-B', 'ip-10-0-0-1': 'W-B' });
  });

  test('a requirement with a waived check and a passing one is waived', () => {
    const results = evaluate(snapshot(), {
      checks: [check, fakeCheck('other', PASS)],
      frameworks: [framework([req('r', ['pod-privileged', 'other'])])],
      generatedAt: GENERATED_AT,
      waivers: [base],
    });
    assert.equal(requirement(results, 'r').status, 'waived');
    assert.equal(requirement(results, 'r').verdictSource, 'waiver');
  });
});

describe('attestations', () => {
  const fw = framework([
    req('4.1.8', [], { manualGuidance: 'review bind' }),
    req('3.1.1', [], { notAssessableReason: 'node files' }),
  ]);
  const att: Attestation = {
    id: 'A-1',
    framework: 'cis-eks-1.8.0',
    requirement: '4.1.8',
    status: 'pass',
    statement: 'Reviewed all bind/escalate grants',
    attestedBy: 'Jane Doe',
    date: '2026-01-02',
    expires: '2026-04-02',
    evidence: 'TICKET-12',
  };
  const run = (attestations: Attestation[], clusterName = 'prod-eu') =>
    evaluate(snapshot([], clusterName), { checks: [], frameworks: [fw], generatedAt: GENERATED_AT, attestations });

  test('a valid attestation settles a manual requirement and is attached', () => {
    const r = requirement(run([att]), '4.1.8');
    assert.equal(r.status, 'pass');
    assert.deepEqual(r.attestation, {
      id: 'A-1',
      status: 'pass',
      by: 'Jane Doe',
      date: '2026-01-02',
      expires: '2026-04-02',
      evidence: 'TICKET-12',
    });
    assert.match(r.reason ?? '', /Jane Doe/);
  });

  test('an attested fail counts in the score with the medium weight', () => {
    const results = run([
      { ...att, status: 'fail' },
      { ...att, id: 'A-2', requirement: '3.1.1', status: 'pass' },
    ]);
    assert.equal(requirement(results, '4.1.8').status, 'fail');
    assert.equal(requirement(results, '3.1.1').status, 'pass');
    assert.equal(results.frameworks[0].score, 50);
  });

  test('an expired attestation no longer applies', () => {
    const r = requirement(run([{ ...att, expires: '2026-01-09' }]), '4.1.8');
    assert.equal(r.status, 'manual');
    assert.equal(r.attestation, undefined);
  });

  test('a requirement a person judges carries its attestation state and verdict source', () => {
    const inForce = requirement(run([att]), '4.1.8');
    assert.deepEqual([inForce.attestationState, inForce.verdictSource], ['in-force', 'attestation']);
    // 29 days left is expiring (within 30), 31 days left is in force.
    const expiring = requirement(run([{ ...att, expires: '2026-02-08' }]), '4.1.8');
    assert.deepEqual([expiring.attestationState, expiring.verdictSource], ['expiring', 'attestation']);
    const later = requirement(run([{ ...att, expires: '2026-02-10' }]), '4.1.8');
    assert.equal(later.attestationState, 'in-force');
    const expired = requirement(
      run([
        { ...att, expires: '2026-01-09' },
        { ...att, id: 'A-older', expires: '2025-12-31' },
      ]),
      '4.1.8',
    );
    assert.deepEqual([expired.attestationState, expired.verdictSource], ['expired', 'manual']);
    assert.deepEqual(expired.expiredAttestation, { id: 'A-1', expires: '2026-01-09' });
    assert.match(expired.reason ?? '', /^review bind Attestation A-1 was valid until 2026-01-09 and has expired\.$/);
    const none = requirement(run([]), '3.1.1');
    assert.deepEqual(
      [none.attestationState, none.verdictSource, none.status],
      ['none', 'not-assessed', 'not-assessed'],
    );
  });

  test('an attestation for other clusters or another framework does not apply', () => {
    assert.equal(requirement(run([{ ...att, clusters: ['staging-*'] }]), '4.1.8').status, 'manual');
    assert.equal(requirement(run([{ ...att, framework: 'nsa-cisa-1.2' }]), '4.1.8').status, 'manual');
    assert.equal(requirement(run([{ ...att, clusters: ['prod-*'] }]), '4.1.8').status, 'pass');
  });

  test('the most recent of several valid attestations wins', () => {
    const r = requirement(run([att, { ...att, id: 'A-new', status: 'fail', date: '2026-01-05' }]), '4.1.8');
    assert.equal(r.attestation?.id, 'A-new');
    assert.equal(r.status, 'fail');
  });

  test('attestations do not override automated requirements', () => {
    const results = evaluate(snapshot(), {
      checks: [fakeCheck('c', failing(['Pod', 'a', 'b']))],
      frameworks: [framework([req('4.1.8', ['c'])])],
      generatedAt: GENERATED_AT,
      attestations: [att],
    });
    assert.equal(requirement(results, '4.1.8').status, 'fail');
  });
});

describe('engine behaviour', () => {
  test('risk-area requirements run the checks they map, and only those', () => {
    const checks = [fakeCheck('a', PASS), fakeCheck('b', failing(['Pod', 'x', 'y'])), fakeCheck('c', PASS)];
    const fw = framework([req('1', ['a']), req('3', ['a', 'b']), req('7', [])], 'k8s-top10-risks');
    const results = evaluate(snapshot(), { checks, frameworks: [fw], generatedAt: GENERATED_AT });
    assert.deepEqual(requirement(results, '3').checks, ['a', 'b']);
    assert.equal(requirement(results, '3').status, 'fail');
    assert.equal(requirement(results, '1').status, 'pass');
    assert.equal(requirement(results, '7').status, 'manual');
    // c serves no selected requirement, so it is outside this run.
    assert.deepEqual(
      results.checks.map((c) => c.id),
      ['a', 'b'],
    );
  });

  test('a check shared by two frameworks is evaluated once and counted once in the summary', () => {
    let calls = 0;
    const shared = fakeCheck('shared', () => {
      calls += 1;
      return failing(['Pod', 'a', 'b']);
    });
    const results = evaluate(snapshot(), {
      checks: [shared, fakeCheck('p', PASS, { severity: 'low' })],
      frameworks: [
        framework([req('x', ['shared']), req('y', ['p'])]),
        framework([req('z', ['shared'])], 'nsa-cisa-1.2'),
      ],
      generatedAt: GENERATED_AT,
    });
    assert.equal(calls, 1);
    assert.equal(results.checks.length, 2);
    assert.deepEqual(results.summary.counts, {
      pass: 1,
      fail: 1,
      manual: 0,
      notApplicable: 0,
      notAssessed: 0,
      waived: 0,
    });
    // high (5) fails, low (1) passes → 100 × 1 / 6
    assert.equal(results.summary.score, 16.7);
    assert.equal(results.frameworks[0].score, 16.7);
    assert.equal(results.frameworks[1].score, 0);
  });

  test('framework ids are resolved and an unknown id is a usage error', () => {
    const results = evaluate(snapshot(), { checks: [], frameworks: ['nsa-cisa-1.2'], generatedAt: GENERATED_AT });
    assert.deepEqual(
      results.frameworks.map((f) => f.id),
      ['nsa-cisa-1.2'],
    );
    assert.throws(() => evaluate(snapshot(), { frameworks: ['pci'] }), /unknown framework "pci"/);
  });

  test('defaults: all frameworks; runId and now derive from generatedAt; cluster and tool copied', () => {
    const results = evaluate(snapshot([], 'Prod EU/1'), { checks: [], generatedAt: GENERATED_AT });
    assert.deepEqual(
      results.frameworks.map((f) => f.id),
      ['cis-eks-1.8.0', 'nsa-cisa-1.2', 'k8s-top10-risks'],
    );
    assert.equal(results.runId, 'prod-eu-1-20260110090000');
    assert.equal(results.generatedAt, GENERATED_AT);
    assert.equal(results.collectedAt, '2026-01-10T08:00:00.000Z');
    assert.equal(results.cluster.name, 'Prod EU/1');
    assert.equal(results.cluster.region, 'eu-west-1');
    assert.equal(results.tool.name, 'eks-compliance-reporter');
    assert.equal(results.schemaVersion, 1);
    assert.match(results.summary.scoreFormula ?? '', /critical 10, high 5, medium 3, low 1, info 0/);
    // nothing measured: the summary score is 0 and every framework score is null
    assert.equal(results.summary.score, 0);
    assert.ok(results.frameworks.every((f) => f.score === null));
  });

  test('the same input gives the same output (pure)', () => {
    const opts = { checks: [fakeCheck('a', failing(['Pod', 'n', 'p']))], generatedAt: GENERATED_AT, runId: 'r-1' };
    const fw = [framework([req('x', ['a'])])];
    const one = evaluate(snapshot(), { ...opts, frameworks: fw });
    const two = evaluate(snapshot(), { ...opts, frameworks: fw });
    assert.deepEqual(one, two);
    assert.equal(one.runId, 'r-1');
  });
});

describe('partial credit in framework scores', () => {
  test('a failing multi-check requirement earns the weight share of its passing checks', () => {
    const checks: CheckDefinition[] = [
      fakeCheck('critical-pass', PASS, { severity: 'critical' }),
      fakeCheck('high-pass', PASS, { severity: 'high' }),
      fakeCheck('high-fail', failing(['Pod', 'app', 'web']), { severity: 'high' }),
      fakeCheck('medium-fail', failing(['Pod', 'app', 'api']), { severity: 'medium' }),
    ];
    const broad = framework([req('area', ['critical-pass', 'high-pass', 'high-fail'])]);
    const single = framework([req('one', ['medium-fail']), req('two', ['high-pass'])]);
    const broadScore = evaluate(snapshot(), { checks, frameworks: [broad], generatedAt: GENERATED_AT });
    // weight 10 (critical); credit = (10 + 5) / (10 + 5 + 5) = 0.75 → 75.0, while the requirement still fails.
    assert.equal(requirement(broadScore, 'area').status, 'fail');
    assert.equal(broadScore.frameworks[0].score, 75);
    const singleScore = evaluate(snapshot(), { checks, frameworks: [single], generatedAt: GENERATED_AT });
    // one: weight 3, fails with no credit; two: weight 5, passes → 5 / 8.
    assert.equal(singleScore.frameworks[0].score, 62.5);
  });
});
