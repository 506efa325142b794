import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluate } from '../../functions/scoring/evaluate.js';
import { validateResults } from '../../functions/scoring/validate-results.js';
import { failing, fakeCheck, GENERATED_AT, NA, PASS, snapshot } from './fixtures.js';

function sampleResults() {
  const checks = [
    fakeCheck('pod-privileged-container', failing(['Pod', 'app', 'web'], ['Node', null, 'n1']), {
      severity: 'critical',
    }),
    fakeCheck('pod-host-pid', PASS),
    fakeCheck('pod-host-ipc', NA),
    fakeCheck('pod-host-network', PASS, { inputs: [{ kind: 'aws', fact: 'cluster' }] }),
  ];
  return evaluate(snapshot(), {
    checks,
    generatedAt: GENERATED_AT,
    waivers: [{ id: 'W-1', check: '*', kinds: ['Node'], reason: 'r', approvedBy: 'a', expires: '2026-12-31' }],
  });
}

test('an evaluate() result, as written to disk, is valid against the schema', () => {
  const doc = JSON.parse(JSON.stringify(sampleResults()));
  const v = validateResults(doc);
  assert.deepEqual(v.errors, []);
  assert.equal(v.valid, true);
  // the sample exercises the interesting shapes
  assert.equal(doc.frameworks.length, 3);
  // and a run where nothing was measured (every framework score null) is valid too
  const empty = JSON.parse(JSON.stringify(evaluate(snapshot(), { checks: [], generatedAt: GENERATED_AT })));
  assert.ok(empty.frameworks.every((f: { score: unknown }) => f.score === null));
  assert.deepEqual(validateResults(empty).errors, []);
  assert.ok(doc.checks.some((c: { waived: unknown[] }) => c.waived.length > 0));
});

test('a broken document is rejected with readable paths', () => {
  const doc = JSON.parse(JSON.stringify(sampleResults()));
  doc.frameworks[0].score = 'high';
  doc.frameworks[1].id = 'pci-dss';
  doc.checks[0].severity = 'severe';
  doc.summary.counts.extra = 1;
  delete doc.cluster.source;
  doc.generatedAt = 'yesterday';
  const v = validateResults(doc);
  assert.equal(v.valid, false);
  assert.ok(v.errors.includes('frameworks/0/score: must be number'), v.errors.join('\n'));
  assert.ok(v.errors.some((e) => e.startsWith('frameworks/1/id: must be equal to one of the allowed values')));
  assert.ok(v.errors.some((e) => e.startsWith('checks/0/severity: must be equal to one of the allowed values')));
  assert.ok(v.errors.includes('summary/counts: must NOT have additional properties "extra"'));
  assert.ok(v.errors.includes("cluster: must have required property 'source'"));
  assert.ok(v.errors.includes('generatedAt: must match format "date-time"'));
});

test('a wrong schemaVersion and a non-object are rejected', () => {
  const doc = JSON.parse(JSON.stringify(sampleResults()));
  doc.schemaVersion = 2;
  assert.ok(validateResults(doc).errors.includes('schemaVersion: must be equal to constant 1'));
  assert.equal(validateResults(null).valid, false);
  assert.ok(validateResults([]).errors.includes('(root): must be object'));
});

test('added fields are allowed (the contract grows by adding fields)', () => {
  const doc = JSON.parse(JSON.stringify(sampleResults()));
  doc.newTopLevel = { x: 1 };
  doc.checks[0].newField = 'x';
  assert.deepEqual(validateResults(doc).errors, []);
});

test('the registered checks on a small cluster give a valid document', () => {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27', securityContext: { privileged: true } }] },
  };
  const results = evaluate(snapshot([pod]), { generatedAt: GENERATED_AT });
  assert.deepEqual(validateResults(results).errors, [], 'the in-memory object, as the pipeline validates it');
  assert.deepEqual(validateResults(JSON.parse(JSON.stringify(results))).errors, []);
  const cis = results.frameworks.find((f) => f.id === 'cis-eks-1.8.0');
  assert.equal(cis?.requirements.find((r) => r.id === '4.2.1')?.status, 'fail');
  assert.equal(cis?.requirements.find((r) => r.id === '3.1.1')?.status, 'not-assessed');
});
