import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { syntheticSnapshot } from '../../bench/synthetic-cluster.js';
import { configuredChecks } from '../../functions/checks/registry.js';
import { jsonTextChunks, renderResultsJson, resultsJsonChunks } from '../../functions/report/json.js';
import { evaluate } from '../../functions/scoring/evaluate.js';
import type { ScanResults } from '../../functions/scoring/results.js';
import { auditResults } from '../fixtures/report/scan-results.js';

const joined = (value: unknown) => [...resultsJsonChunks(value as ScanResults)].join('');

describe('resultsJsonChunks', () => {
  test('gives the bytes of renderResultsJson for real results', () => {
    const results = auditResults();
    assert.equal(joined(results), renderResultsJson(results));
  });

  test('gives the bytes of JSON.stringify(value, null, 2) for any JSON value, nested or empty', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        assert.equal(joined(value), `${JSON.stringify(value, null, 2)}\n`);
      }),
      { numRuns: 500, seed: 20_261_126 },
    );
  });

  test('leaves out what JSON leaves out: undefined and functions in objects, null in arrays; applies toJSON', () => {
    const value = {
      a: undefined,
      b: [undefined, () => 1, 2, { c: undefined, d: new Date(0) }],
      e: { f: () => 1 },
      g: [[[[1, [2]]]]],
      h: { toJSON: () => ({ i: [1] }) },
    };
    assert.equal(joined(value), `${JSON.stringify(value, null, 2)}\n`);
  });

  test('a large result comes in pieces of about 64 K characters, never whole', () => {
    const snapshot = syntheticSnapshot({ seed: 3, pods: 2_000 });
    const results = evaluate(snapshot, { checks: configuredChecks({}), generatedAt: '2026-01-05T09:00:00.000Z' });
    const total = renderResultsJson(results).length;
    const longest = Math.max(...[...resultsJsonChunks(results)].map((c) => c.length));
    assert.ok(total > 500_000, `results.json of ${total} characters`);
    assert.ok(longest < 100_000, `a piece of ${longest} characters`);
  });

  test('compact: the bytes of JSON.stringify(value) at any split depth', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 7 }), (value, depth) => {
        assert.equal([...jsonTextChunks(value, { indent: 0, depth })].join(''), JSON.stringify(value));
      }),
      { numRuns: 500, seed: 20_261_127 },
    );
  });
});
