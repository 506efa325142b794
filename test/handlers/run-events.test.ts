import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DETAIL_TYPE,
  EVENT_SOURCE,
  entryBytes,
  MAX_ENTRIES_PER_CALL,
  MAX_EVENT_BYTES,
  putEvents,
  putEventsBatches,
  type RunEventsInput,
  runEvents,
} from '../../functions/publish/run-events.js';
import { eventBridgeClient, eventBridgeForSuite, UNREACHABLE } from '../support/eventbridge-emulator.js';

function fleet(scanned: number, notScanned: number): RunEventsInput {
  return {
    runId: 'run-1',
    time: new Date('2026-11-30T06:30:00Z'),
    bucket: 'reports',
    fleetReports: { html: 'reports/run-1/fleet/fleet.html', pdf: 'reports/run-1/fleet/fleet.pdf' },
    scanned: Array.from({ length: scanned }, (_, i) => ({
      name: `cluster-${String(i).padStart(4, '0')}-${'n'.repeat(60)}`,
      region: 'eu-west-1',
      account: '111122223333',
      score: (i * 37) % 100,
      ...(i % 2 === 0 ? { previousScore: ((i * 37) % 100) - 2.25 } : {}),
      reports: {
        html: `reports/run-1/111122223333/eu-west-1/cluster-${i}/report.html`,
        pdf: `reports/run-1/111122223333/eu-west-1/cluster-${i}/report.pdf`,
        csv: `reports/run-1/111122223333/eu-west-1/cluster-${i}/findings.csv`,
      },
    })),
    notScanned: Array.from({ length: notScanned }, (_, i) => ({
      name: `down-${i}`,
      region: 'eu-west-1',
      account: '111122223333',
      reason: `connect ECONNREFUSED 10.0.0.${i}:443`,
    })),
    discoveryProblems: 0,
  };
}

describe('run events', () => {
  test('one completed event with the fleet summary, then one Cluster Scan Failed per cluster not scanned', () => {
    const entries = runEvents(fleet(3, 2));
    assert.deepEqual(
      entries.map((e) => [e.Source, e.DetailType]),
      [
        [EVENT_SOURCE, DETAIL_TYPE.completed],
        [EVENT_SOURCE, DETAIL_TYPE.failed],
        [EVENT_SOURCE, DETAIL_TYPE.failed],
      ],
    );
    const detail = JSON.parse(entries[0].Detail ?? '{}');
    assert.deepEqual(detail.fleet, {
      clusters: 5,
      scanned: 3,
      notScanned: 2,
      discoveryProblems: 0,
      averageScore: 37,
      lowestScore: 0,
    });
    // Worst first; the change is to one decimal, null without a previous run.
    assert.deepEqual(
      detail.clusters.map((c: { score: number; change: number | null }) => [c.score, c.change]),
      [
        [0, 2.3],
        [37, null],
        [74, 2.3],
      ],
    );
    assert.equal(detail.clustersOmitted, undefined);
    assert.deepEqual(JSON.parse(entries[1].Detail ?? '{}'), {
      runId: 'run-1',
      cluster: 'down-0',
      region: 'eu-west-1',
      account: '111122223333',
      reason: 'connect ECONNREFUSED 10.0.0.0:443',
    });
  });

  test('a fleet too large for 256 KB keeps its worst clusters and says how many were left out', () => {
    const input = fleet(3_000, 0);
    const [completed] = runEvents(input);
    assert.ok(entryBytes(completed) <= MAX_EVENT_BYTES);
    const detail = JSON.parse(completed.Detail ?? '{}');
    assert.ok(detail.clustersOmitted > 0);
    assert.equal(detail.clusters.length + detail.clustersOmitted, 3_000);
    assert.equal(detail.fleet.scanned, 3_000, 'the summary still counts every cluster');
    const kept: number[] = detail.clusters.map((c: { score: number }) => c.score);
    const omittedScores = input.scanned
      .map((c) => c.score)
      .sort((a, b) => a - b)
      .slice(kept.length);
    assert.ok(Math.max(...kept) <= Math.min(...omittedScores), 'the worst scores stay');
    assert.match(detail.clustersOmittedReason, /fleet report lists every cluster/);
    // Not needlessly short: one more cluster would not fit.
    assert.ok(kept.length > 500, `${kept.length} kept`);
  });

  test('calls hold at most 10 entries and 256 KB', () => {
    const entries = runEvents(fleet(900, 25));
    const batches = putEventsBatches(entries);
    assert.deepEqual(batches.flat(), entries);
    for (const b of batches) {
      assert.ok(b.length <= MAX_ENTRIES_PER_CALL);
      assert.ok(b.reduce((n, e) => n + entryBytes(e), 0) <= MAX_EVENT_BYTES);
    }
  });

  describe('put to the EventBridge emulator', () => {
    const eb = eventBridgeForSuite();

    test('every entry arrives, in calls within the limits', async () => {
      const entries = runEvents(fleet(900, 25));
      const out = await putEvents(eb.client, entries);
      assert.deepEqual(out, { sent: entries.length, problems: [] });
      assert.equal(eb.bus.events.length, entries.length);
      assert.ok(eb.bus.calls.length >= Math.ceil(entries.length / MAX_ENTRIES_PER_CALL));
      assert.equal(eb.bus.events.filter((e) => e.detailType === DETAIL_TYPE.failed).length, 25);
    });

    test('a refused entry and a failed call are named', async () => {
      const [completed] = runEvents(fleet(1, 0));
      const out = await putEvents(eb.client, [completed, { ...completed, Detail: 'not json' }]);
      assert.equal(out.sent, 1);
      assert.deepEqual(out.problems, [
        `EventBridge refused ${DETAIL_TYPE.completed}: MalformedDetail: Source, DetailType and a JSON object Detail are required`,
      ]);
      const down = eventBridgeClient(UNREACHABLE);
      const failed = await putEvents(down, [completed]);
      down.destroy();
      assert.match(failed.problems[0], /^EventBridge PutEvents failed for 1 events: /);
    });
  });
});
