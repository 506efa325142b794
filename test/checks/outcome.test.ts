/**
 * The one outcome builder (functions/checks/outcome.ts): status, count and evidence follow from what a check
 * evaluated, and no check builds a CheckOutcome by hand (the files are discovered, not listed).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import {
  mergeObservations,
  notApplicable,
  notAssessed,
  outcome,
  withUnjudged,
} from '../../functions/checks/outcome.js';
import type { Finding, Observation } from '../../functions/checks/types.js';

const CHECKS_DIR = resolve('functions/checks');
/** Where a CheckOutcome may be spelled out: the builder, and the type itself. */
const ALLOWED = new Set(['outcome.ts', 'types.ts']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The ways an outcome literal shows itself in source: its count field, a status literal, a cast. */
const HAND_BUILT = [
  /\bevaluatedCount\s*:/,
  /\bstatus\s*:\s*(['"`])(pass|fail|not-applicable|not-assessed)\1/,
  /\bstatus\s*:\s*failing\.length/,
  /\bas\s+CheckOutcome\b/,
];

function handBuilt(source: string): string[] {
  return source
    .split('\n')
    .filter((line) => HAND_BUILT.some((re) => re.test(line)))
    .map((line) => line.trim());
}

test('the hand-built pattern recognises the shapes outcomes used to be written in', () => {
  for (const planted of [
    "return { status: 'not-applicable', evaluatedCount: 0, failing: [], reason: 'no Ingresses' };",
    "return { status: failing.length > 0 ? 'fail' : 'pass', failing };",
    'status: "pass",',
    'return { failing } as CheckOutcome;',
  ]) {
    assert.equal(handBuilt(planted).length, 1, planted);
  }
  assert.deepEqual(handBuilt("return outcome({ evaluated, failing, ifNoneEvaluated: 'no Ingresses' });"), []);
});

test('no check file builds a CheckOutcome by hand: every one goes through functions/checks/outcome.ts', () => {
  const files = sourceFiles(CHECKS_DIR).filter((f) => !ALLOWED.has(relative(CHECKS_DIR, f)));
  assert.ok(files.length > 0);
  const offenders = files.flatMap((f) => handBuilt(readFileSync(f, 'utf8')).map((l) => `${relative('.', f)}: ${l}`));
  assert.deepEqual(offenders, []);
});

const seen = (name: string, observed: string, namespace: string | null = 'app'): Observation => ({
  kind: 'Deployment',
  namespace,
  name,
  observed,
});
const finding = (name: string): Finding => ({ kind: 'Deployment', namespace: 'app', name, message: 'bad' });

test('a finding fails the check; the count is what was evaluated, failing objects included', () => {
  const o = outcome({
    evaluated: [seen('a', 'ok'), seen('b', 'bad')],
    failing: [finding('b')],
    ifNoneEvaluated: 'no workloads',
    passReason: 'all fine',
    reason: 'two read',
  });
  assert.equal(o.status, 'fail');
  assert.equal(o.evaluatedCount, 2);
  assert.deepEqual(o.failing, [finding('b')]);
  assert.equal(o.reason, 'two read', 'a fail keeps `reason`, not `passReason`');
  assert.deepEqual(
    o.observed?.map((x) => x.name),
    ['a', 'b'],
  );
});

test('nothing wrong and something evaluated passes, with what was observed as evidence', () => {
  const o = outcome({ evaluated: [seen('a', 'spec.hostPID: not set')], ifNoneEvaluated: 'none', passReason: 'p' });
  assert.equal(o.status, 'pass');
  assert.equal(o.evaluatedCount, 1);
  assert.equal(o.reason, 'p');
  assert.deepEqual(o.observed, [seen('a', 'spec.hostPID: not set')]);
  assert.equal(outcome({ evaluated: [seen('a', 'x')], ifNoneEvaluated: 'none', reason: 'r' }).reason, 'r');
});

test('nothing evaluated is not-applicable with the reason the check gives, even without findings', () => {
  const o = outcome({ evaluated: [], ifNoneEvaluated: 'no Ingresses', passReason: 'never used' });
  assert.deepEqual(
    { status: o.status, evaluatedCount: o.evaluatedCount, reason: o.reason, failing: o.failing },
    { status: 'not-applicable', evaluatedCount: 0, reason: 'no Ingresses', failing: [] },
  );
  // A finding without anything evaluated still fails: the check found something wrong.
  assert.equal(outcome({ evaluated: [], failing: [finding('x')], ifNoneEvaluated: 'none' }).status, 'fail');
});

test('several observations of one object are one observation, each value once, and still all counted', () => {
  const o = outcome({
    evaluated: [
      seen('a', 'container app: image x:1'),
      seen('a', 'container side: image y:2'),
      seen('a', 'container app: image x:1'),
    ],
    ifNoneEvaluated: 'none',
  });
  assert.equal(o.evaluatedCount, 3);
  assert.deepEqual(o.observed, [seen('a', 'container app: image x:1; container side: image y:2')]);
  // Same name in another namespace is another object.
  assert.equal(mergeObservations([seen('a', '1', 'x'), seen('a', '2', 'y')]).length, 2);
});

test('an object observed once keeps its observation (no copy); merged lists still normalise the namespace', () => {
  const once = seen('a', 'spec.hostPID: not set');
  const twice = [seen('b', 'x'), seen('b', 'y')];
  const merged = mergeObservations([once, ...twice], [{ kind: 'Pod', name: 'c', observed: 'z' } as never]);
  assert.equal(merged[0], once, 'the same object, not a copy');
  assert.deepEqual(merged[1], { ...twice[0], observed: 'x; y' });
  assert.deepEqual(merged[2], { kind: 'Pod', namespace: null, name: 'c', observed: 'z' });
});

test('platform exemptions and coverage pass through; empty exemptions are left out', () => {
  const exemption = {
    kind: 'DaemonSet',
    namespace: 'kube-system',
    name: 'aws-node',
    addon: 'vpc-cni',
    images: ['img'],
    reason: 'r',
    observed: ['privileged'],
  };
  const o = outcome({
    evaluated: [seen('a', 'ok')],
    ifNoneEvaluated: 'none',
    platformExemptions: [exemption],
    coverage: '1 of 2 nodes read',
  });
  assert.deepEqual(o.platformExemptions, [exemption]);
  assert.equal(o.coverage, '1 of 2 nodes read');
  assert.equal('platformExemptions' in outcome({ evaluated: [], ifNoneEvaluated: 'n', platformExemptions: [] }), false);
});

test('notAssessed and notApplicable carry their reason; notAssessed counts what it did look at', () => {
  assert.deepEqual(notApplicable('the cluster has no nodes'), {
    status: 'not-applicable',
    evaluatedCount: 0,
    failing: [],
    reason: 'the cluster has no nodes',
  });
  const o = notAssessed('policies could not be read', [seen('role-a', 'attached: X')]);
  assert.equal(o.status, 'not-assessed');
  assert.equal(o.evaluatedCount, 1);
  assert.equal(o.observed?.[0].observed, 'attached: X');
});

test('withUnjudged keeps a fail and makes anything else not-assessed, with the count and observations', () => {
  const passed = outcome({ evaluated: [seen('a', 'ok')], ifNoneEvaluated: 'none' });
  const partly = withUnjudged(passed, 'registry owner unknown');
  assert.deepEqual(
    { status: partly.status, reason: partly.reason, evaluatedCount: partly.evaluatedCount, observed: partly.observed },
    { status: 'not-assessed', reason: 'registry owner unknown', evaluatedCount: 1, observed: passed.observed },
  );
  const failed = outcome({ evaluated: [seen('a', 'bad')], failing: [finding('a')], ifNoneEvaluated: 'none' });
  assert.equal(withUnjudged(failed, 'r').status, 'fail');
  assert.equal(withUnjudged(failed, 'r').reason, 'r');
});

test('objects looked at but not judged are kept as evidence after the evaluated ones, and not counted', () => {
  const o = outcome({ evaluated: [seen('a', 'ok')], notJudged: [seen('b', 'not described')], ifNoneEvaluated: 'n' });
  assert.equal(o.evaluatedCount, 1);
  assert.deepEqual(
    o.observed?.map((x) => x.name),
    ['a', 'b'],
  );
  assert.equal(outcome({ evaluated: [], notJudged: [seen('b', 'x')], ifNoneEvaluated: 'n' }).status, 'not-applicable');
});
