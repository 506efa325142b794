/**
 * Passes are proven, not asserted: over the demo cluster (with its waivers, as `scan --demo` runs it), every check
 * that passes names the calls it read and a sample of the objects it evaluated with the value observed on each. The
 * set of checks is discovered from the results; no count is pinned.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoConfig } from '../../functions/demo/config.js';
import { DEMO_COLLECTED_AT, loadDemoSnapshot } from '../../functions/demo/index.js';
import { evaluate } from '../../functions/scoring/evaluate.js';
import { EVIDENCE_SAMPLE_LIMIT } from '../../functions/scoring/evidence.js';

const snapshot = loadDemoSnapshot({ collectedAt: DEMO_COLLECTED_AT });
const results = evaluate(snapshot, { generatedAt: DEMO_COLLECTED_AT, ...demoConfig(DEMO_COLLECTED_AT) });

test('every passing check in the demo has evidence sources and a sample of observed values', () => {
  const passing = results.checks.filter((c) => c.status === 'pass');
  assert.ok(passing.length > 0, 'the demo has passing checks');
  const families = new Set(passing.map((c) => c.id.split('-')[0]));
  assert.ok(families.size > 1, `passes come from several families: ${[...families].join(', ')}`);
  for (const c of passing) {
    const e = c.evidence;
    assert.ok(e, `${c.id} has evidence`);
    assert.ok(e.sources.length > 0, `${c.id} names the calls it read`);
    assert.ok(
      e.sources.every((s) => s.trim() !== ''),
      `${c.id} sources are not blank`,
    );
    assert.ok(e.sample.length > 0, `${c.id} has a non-empty evidence sample`);
    assert.ok(e.sample.length <= EVIDENCE_SAMPLE_LIMIT, `${c.id} sample is capped`);
    for (const o of e.sample) {
      assert.ok(o.observed.trim() !== '', `${c.id}: ${o.kind} ${o.name} has an observed value`);
      assert.ok(o.name.trim() !== '' && o.kind.trim() !== '', `${c.id}: the sample names the object`);
    }
    assert.ok(
      (e.observedObjects ?? 0) >= e.sample.length,
      `${c.id}: observedObjects (${e.observedObjects}) counts at least the sample`,
    );
  }
});

test('a passing check observed every object it evaluated, so the sample is drawn from all of them', () => {
  for (const c of results.checks.filter((x) => x.status === 'pass')) {
    assert.ok((c.evidence?.observedObjects ?? 0) > 0, c.id);
    assert.ok((c.evidence?.observedObjects ?? 0) <= c.evaluatedCount, `${c.id}: no more objects than evaluated`);
  }
});
