/**
 * Property tests over every check in ALL_CHECKS: generated snapshots (objects of every inventory, often malformed;
 * AWS facts; kubelet configurations; aws-auth mappings) never make a check throw, every outcome is well formed, and
 * a verdict (status and the set of findings) does not depend on
 *   - the order of keys in any object (the API, manifests and JSON round-trips all order them differently),
 *   - an extra field the check cannot know about (newer API versions add fields all the time),
 *   - data the check does not declare as an input (a check must not read what the engine does not guard).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ALL_CHECKS } from '../../functions/checks/registry.js';
import type { CheckDefinition, CheckOutcome } from '../../functions/checks/types.js';
import { InvalidObjectError, normalizeObject } from '../../functions/kube/normalize.js';
import { AWS_FACT_NAMES } from '../../functions/model/aws-facts.js';
import {
  KUBE_INVENTORIES,
  type KubeInventory,
  type KubeObject,
  type Snapshot,
} from '../../functions/model/snapshot.js';
import { evaluate } from '../../functions/scoring/evaluate.js';
import { validateResults } from '../../functions/scoring/validate-results.js';
import { reorderKeys } from '../support/reorder-keys.js';
import { awsAuth, factEntry, type Json, kubeletConfigs, objectsOf } from './arbitraries.js';

interface World {
  objects: Record<KubeInventory, Json[]>;
  aws: Record<string, Json>;
  kubeletConfigs: Json;
  awsAuth: Json;
}

const world: fc.Arbitrary<World> = fc.record({
  objects: fc.record(
    Object.fromEntries(KUBE_INVENTORIES.map((inv) => [inv, objectsOf(inv)])) as Record<
      KubeInventory,
      fc.Arbitrary<Json[]>
    >,
  ),
  aws: fc.record(Object.fromEntries(AWS_FACT_NAMES.map((f) => [f, factEntry(f)]))),
  kubeletConfigs,
  awsAuth,
});

type Transform = (value: unknown) => unknown;
const identity: Transform = (v) => v;

/** What a check may read, as the engine guards it. */
interface Declared {
  inventories: Set<KubeInventory>;
  facts: Set<string>;
  kubelet: boolean;
  awsAuth: boolean;
}

function declared(check: CheckDefinition): Declared {
  const d: Declared = { inventories: new Set(), facts: new Set(), kubelet: false, awsAuth: false };
  for (const input of check.inputs) {
    if (input.kind === 'kubernetes') d.inventories.add(input.inventory);
    else if (input.kind === 'aws') d.facts.add(input.fact);
    else if (input.kind === 'kubelet-config') d.kubelet = true;
    else d.awsAuth = true;
  }
  return d;
}

/**
 * Undeclared data a check reads on purpose, as an optional refinement that must not cost it its verdict when
 * missing. Each entry is a decision, not a convenience: the kubelet checks read nodes only to recognise Fargate and
 * Auto Mode samples, and without nodes they fall back to the sample's group name.
 */
const OPTIONAL_READS: Readonly<Record<string, readonly KubeInventory[]>> = {
  kubelet: ['nodes'],
};

/** The snapshot the collector would have built from these raw objects, optionally limited to what `only` declares. */
function snapshotOf(w: World, transform: Transform = identity, only?: Declared): Snapshot {
  const inventories: Snapshot['kubernetes']['inventories'] = {};
  for (const inv of KUBE_INVENTORIES) {
    if (only && !only.inventories.has(inv)) continue;
    const items: KubeObject[] = [];
    for (const raw of w.objects[inv]) {
      try {
        items.push(normalizeObject(transform(raw), 'generated'));
      } catch (err) {
        if (!(err instanceof InvalidObjectError)) throw err;
      }
    }
    inventories[inv] = { status: 'collected', items };
  }
  const aws: Snapshot['aws'] = {};
  for (const [fact, entry] of Object.entries(w.aws)) {
    if (only && !only.facts.has(fact)) continue;
    aws[fact] = entry.status === 'collected' ? { status: 'collected', value: transform(entry.value) } : entry;
  }
  const side = (entry: Json) =>
    entry.status === 'collected' ? { status: 'collected', items: entry.items.map(transform) } : entry;
  return {
    snapshotVersion: 1,
    cluster: {
      name: 'generated',
      arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/generated',
      region: 'eu-west-1',
      accountId: '111122223333',
      kubernetesVersion: '1.31',
      source: 'eks',
    },
    collectedAt: '2026-03-02T06:00:00.000Z',
    collector: { name: 'test', version: '0', mode: 'eks' },
    kubernetes: {
      inventories,
      ...(!only || only.kubelet ? { kubeletConfigs: side(w.kubeletConfigs) } : {}),
      ...(!only || only.awsAuth ? { awsAuth: side(w.awsAuth) } : {}),
    },
    aws,
    gaps: [],
  };
}

/** Reorders every object's keys, seeded, so verdicts can be compared across key orders. */
function reorderKeysBy(seed: number): Transform {
  return (value) => reorderKeys(value, seed);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Adds a field no check knows to an object, its metadata, spec and pod template, and to every record of a list. */
function withUnrelatedField(extra: Json): Transform {
  const add = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(add);
    if (!isRecord(v)) return v;
    const out: Record<string, unknown> = { ...v, xUnrelatedField: extra };
    for (const key of ['metadata', 'spec', 'config', 'template']) {
      if (isRecord(out[key])) out[key] = { ...(out[key] as object), xUnrelatedField: extra };
    }
    return out;
  };
  return add;
}

/**
 * Replaces about one primitive leaf in six with `{"toString": null}`: valid JSON (a manifest or a snapshot file can
 * hold it) on which String(), template literals and `+` throw.
 */
function poisonLeaves(seed: number): Transform {
  return (value) => {
    let state = seed >>> 0 || 1;
    const next = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state;
    };
    const walk = (v: unknown, depth: number): unknown => {
      if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
      if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, depth + 1)]));
      // Never the kind or the object itself: those decide which inventory an object lands in.
      return depth > 1 && next() % 6 === 0 ? { toString: null } : v;
    };
    return walk(value, 0);
  };
}

interface Verdict {
  id: string;
  status: string;
  findings: string[];
}

/**
 * Status and the set of findings. `identityOnly` compares findings by object and path, not by message: a message
 * may quote the observed value (`clientCAFile is {"a":1,"b":2}`), and a quoted object keeps its own key order.
 */
function verdict(check: CheckDefinition, snapshot: Snapshot, identityOnly = false): Verdict {
  const outcome = check.evaluate(snapshot);
  const findings = outcome.failing.map((f) =>
    JSON.stringify(
      identityOnly ? [f.kind, f.namespace, f.name, f.path] : [f.kind, f.namespace, f.name, f.path, f.message],
    ),
  );
  return { id: check.id, status: outcome.status, findings: findings.sort() };
}

const STATUSES = new Set(['pass', 'fail', 'not-applicable', 'not-assessed']);

function assertWellFormed(check: CheckDefinition, outcome: CheckOutcome): void {
  const id = check.id;
  assert.ok(STATUSES.has(outcome.status), `${id}: status ${outcome.status}`);
  assert.ok(Number.isFinite(outcome.evaluatedCount) && outcome.evaluatedCount >= 0, `${id}: evaluatedCount`);
  assert.ok(Array.isArray(outcome.failing), `${id}: failing is a list`);
  assert.equal(outcome.status === 'fail', outcome.failing.length > 0, `${id}: fail exactly when there are findings`);
  if (outcome.reason !== undefined) assert.equal(typeof outcome.reason, 'string', `${id}: reason`);
  for (const f of outcome.failing) {
    assert.ok(typeof f.kind === 'string' && f.kind.length > 0, `${id}: finding kind`);
    assert.ok(typeof f.name === 'string' && f.name.length > 0, `${id}: finding name ${JSON.stringify(f.name)}`);
    assert.ok(typeof f.message === 'string' && f.message.length > 0, `${id}: finding message`);
    assert.ok(f.namespace === null || typeof f.namespace === 'string', `${id}: finding namespace`);
    assert.ok(f.path === undefined || typeof f.path === 'string', `${id}: finding path`);
  }
}

/**
 * Runs per property, scaled by PROPERTY_RUNS (default 1): CI draws a fresh seed each time at the default; a longer
 * local hunt is `PROPERTY_RUNS=50 node --import tsx --test test/faults/property.test.ts`.
 */
const RUNS_FACTOR = Math.max(1, Number(process.env.PROPERTY_RUNS) || 1);
const runs = (n: number) => n * RUNS_FACTOR;

const families = [...new Set(ALL_CHECKS.map((c) => c.family))];

describe('every check, on generated snapshots', () => {
  test('the registry is covered: every family has checks here', () => {
    assert.ok(families.length >= 9, families.join(', '));
    assert.equal(
      families.reduce((n, f) => n + ALL_CHECKS.filter((c) => c.family === f).length, 0),
      ALL_CHECKS.length,
    );
  });

  for (const family of families) {
    const checks = ALL_CHECKS.filter((c) => c.family === family);
    describe(`${family} (${checks.length} checks)`, () => {
      test('never throws, and every outcome is well formed', () => {
        fc.assert(
          fc.property(world, (w) => {
            const snapshot = snapshotOf(w);
            for (const check of checks) assertWellFormed(check, check.evaluate(snapshot));
          }),
          { numRuns: runs(150), includeErrorInReport: true },
        );
      });

      test('the verdict does not depend on key order', () => {
        fc.assert(
          fc.property(world, fc.integer(), (w, seed) => {
            const plain = snapshotOf(w);
            const shuffled = snapshotOf(w, reorderKeysBy(seed));
            for (const check of checks) assert.deepEqual(verdict(check, shuffled, true), verdict(check, plain, true));
          }),
          { numRuns: runs(80), includeErrorInReport: true },
        );
      });

      test('an extra, unrelated field changes nothing', () => {
        fc.assert(
          fc.property(world, fc.jsonValue({ maxDepth: 1 }), (w, extra) => {
            const plain = snapshotOf(w);
            const extended = snapshotOf(w, withUnrelatedField(extra));
            for (const check of checks) assert.deepEqual(verdict(check, extended), verdict(check, plain));
          }),
          { numRuns: runs(80), includeErrorInReport: true },
        );
      });

      test('data the check does not declare does not change its verdict', () => {
        fc.assert(
          fc.property(world, (w) => {
            const full = snapshotOf(w);
            for (const check of checks) {
              const only = declared(check);
              for (const inv of OPTIONAL_READS[family] ?? []) only.inventories.add(inv);
              assert.deepEqual(verdict(check, snapshotOf(w, identity, only)), verdict(check, full));
            }
          }),
          { numRuns: runs(80), includeErrorInReport: true },
        );
      });
    });
  }

  test('normalisation never throws anything but InvalidObjectError, even on values that break String()', () => {
    fc.assert(
      fc.property(world, fc.integer(), (w, seed) => {
        const poison = poisonLeaves(seed);
        for (const inv of KUBE_INVENTORIES) {
          for (const raw of w.objects[inv]) {
            try {
              normalizeObject(poison(raw), 'generated');
            } catch (err) {
              assert.ok(err instanceof InvalidObjectError, String(err));
            }
          }
        }
      }),
      { numRuns: runs(100), includeErrorInReport: true },
    );
  });

  test('with values that break String() anywhere, no check throws and the results stay schema-valid', () => {
    fc.assert(
      fc.property(world, fc.integer(), (w, seed) => {
        const results = evaluate(snapshotOf(w, poisonLeaves(seed)), { generatedAt: '2026-03-02T06:00:00.000Z' });
        assert.deepEqual(validateResults(JSON.parse(JSON.stringify(results))).errors, []);
        assert.equal(results.checks.length, ALL_CHECKS.length);
        // Isolation is the engine's safety net, not a licence: a check reads hostile values through text()/show().
        for (const c of results.checks) assert.doesNotMatch(c.reason ?? '', /check failed/, c.id);
      }),
      { numRuns: runs(40), includeErrorInReport: true },
    );
  });

  test('the engine turns any generated snapshot into schema-valid results with no failed check', () => {
    fc.assert(
      fc.property(world, (w) => {
        const results = evaluate(snapshotOf(w), { generatedAt: '2026-03-02T06:00:00.000Z' });
        const validation = validateResults(JSON.parse(JSON.stringify(results)));
        assert.deepEqual(validation.errors, []);
        for (const c of results.checks) assert.doesNotMatch(c.reason ?? '', /check failed/, c.id);
      }),
      { numRuns: runs(60), includeErrorInReport: true },
    );
  });
});
