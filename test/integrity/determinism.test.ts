/**
 * Re-performance rests on this: the same snapshot, catalog and inputs give the same results.json, byte for byte,
 * also after the snapshot has been through the gzipped file a run keeps (snapshot.json.gz).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configuredChecks } from '../../functions/checks/registry.js';
import { demoConfig } from '../../functions/demo/config.js';
import { loadDemoSnapshot } from '../../functions/demo/index.js';
import { renderResultsJson } from '../../functions/report/json.js';
import { gzipJson } from '../../functions/run/gzip-json.js';
import { evaluate } from '../../functions/scoring/evaluate.js';
import { parseSnapshot } from '../../functions/snapshot/io.js';

test('evaluation is deterministic for the same snapshot, catalog and config, before and after snapshot.json.gz', async () => {
  // One collection time: the demo otherwise dates its snapshot now, and two loads may fall in different seconds.
  const snapshot = loadDemoSnapshot({ collectedAt: '2026-11-30T05:00:00.000Z' });
  const config = demoConfig(snapshot.collectedAt);
  const options = {
    checks: configuredChecks({ approvedRegistries: ['*.dkr.ecr.*.amazonaws.com'] }),
    runId: 'run-1',
    generatedAt: '2026-12-01T06:00:00.000Z',
    waivers: config.waivers,
    attestations: config.attestations,
  };
  const first = renderResultsJson(evaluate(snapshot, options));
  const second = renderResultsJson(evaluate(loadDemoSnapshot({ collectedAt: snapshot.collectedAt }), options));
  const reread = parseSnapshot(await gzipJson(snapshot), 'snapshot.json.gz');
  const third = renderResultsJson(evaluate(reread, options));
  assert.equal(second, first);
  assert.equal(third, first);
  // The inputs matter (the comparison above could not pass by ignoring them): without the waivers it differs.
  const unwaived = renderResultsJson(evaluate(reread, { ...options, waivers: [] }));
  assert.notEqual(unwaived, first);
});
