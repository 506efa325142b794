import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { syntheticSnapshot } from '../../bench/synthetic-cluster.js';
import { gzipJson } from '../../functions/run/gzip-json.js';

describe('gzipJson', () => {
  test('a snapshot comes back as exactly its compact JSON', async () => {
    const snapshot = syntheticSnapshot({ seed: 11, pods: 600 });
    const packed = await gzipJson(snapshot);
    assert.equal(gunzipSync(packed).toString('utf8'), JSON.stringify(snapshot));
    assert.ok(packed.length < JSON.stringify(snapshot).length / 4, 'compressed');
  });

  test('non-Latin-1 text survives the pieces', async () => {
    const value = { names: Array.from({ length: 5_000 }, (_, i) => `pod-${i}-\u202e\u{1f600}-é`) };
    assert.deepEqual(JSON.parse(gunzipSync(await gzipJson(value, 2)).toString('utf8')), value);
  });
});
