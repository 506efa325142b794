/**
 * The reporter bucket's keys per cluster: the account is part of every one, since a cluster name is unique only
 * within an account and region; an item without an account (an older Discover's, in a run in flight during an
 * upgrade) keeps the old keys.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type ClusterItem,
  clusterLabel,
  clusterRunPrefix,
  failureKey,
  historyKey,
  historyPrefix,
  isClusterItem,
  reportPrefix,
  resultsKey,
  snapshotKey,
} from '../../functions/run/layout.js';

const RUN = 'run-2026-11-30';
const A: ClusterItem = { name: 'prod', region: 'eu-west-1', account: '111111111111' };
const B: ClusterItem = { name: 'prod', region: 'eu-west-1', account: '222222222222' };
const OLD: ClusterItem = { name: 'prod', region: 'eu-west-1' };

/** Every key and prefix the run writes for a cluster. */
const kinds: Record<string, (c: ClusterItem) => string> = {
  clusterRunPrefix: (c) => clusterRunPrefix(RUN, c),
  resultsKey: (c) => resultsKey(RUN, c),
  snapshotKey: (c) => snapshotKey(RUN, c),
  failureKey: (c) => failureKey(RUN, c),
  reportPrefix: (c) => reportPrefix(RUN, c),
  historyPrefix,
  historyKey: (c) => historyKey(c, '2026-11-30T06:10:00.000Z'),
  clusterLabel,
};

describe('layout', () => {
  test('the account is the first segment of a cluster in every key', () => {
    assert.equal(clusterRunPrefix(RUN, A), `runs/${RUN}/clusters/111111111111/eu-west-1/prod/`);
    assert.equal(resultsKey(RUN, A), `runs/${RUN}/clusters/111111111111/eu-west-1/prod/results.json`);
    assert.equal(snapshotKey(RUN, A), `runs/${RUN}/clusters/111111111111/eu-west-1/prod/snapshot.json.gz`);
    assert.equal(failureKey(RUN, A), `runs/${RUN}/failures/111111111111-eu-west-1-prod.json`);
    assert.equal(reportPrefix(RUN, A), `reports/${RUN}/111111111111/eu-west-1/prod/`);
    assert.equal(historyPrefix(A), 'history/111111111111/eu-west-1/prod/');
    assert.equal(clusterLabel(A), '111111111111/eu-west-1/prod');
  });

  test('two clusters differing only by account get different keys of every kind', () => {
    for (const [kind, key] of Object.entries(kinds)) {
      assert.notEqual(key(A), key(B), kind);
      assert.ok(key(B).includes('222222222222'), `${kind}: ${key(B)}`);
    }
    // Neither cluster's history listing picks up the other's entries.
    assert.ok(!historyKey(B, 'x').startsWith(historyPrefix(A)));
  });

  test('an item without an account (an older Discover) keeps the old keys', () => {
    assert.equal(isClusterItem(OLD), true);
    assert.equal(resultsKey(RUN, OLD), `runs/${RUN}/clusters/eu-west-1/prod/results.json`);
    assert.equal(failureKey(RUN, OLD), `runs/${RUN}/failures/eu-west-1-prod.json`);
    assert.equal(reportPrefix(RUN, OLD), `reports/${RUN}/eu-west-1/prod/`);
    assert.equal(historyPrefix(OLD), 'history/eu-west-1/prod/');
    assert.equal(clusterLabel(OLD), 'eu-west-1/prod');
    for (const [kind, key] of Object.entries(kinds)) assert.notEqual(key(OLD), key(A), kind);
  });

  test('isClusterItem accepts a 12-digit account only', () => {
    assert.equal(isClusterItem(A), true);
    for (const account of ['', '11111111111', '1111111111111', '11111111111a', '../../x', 111111111111, null]) {
      assert.equal(isClusterItem({ ...OLD, account }), false, JSON.stringify(account));
    }
  });
});
