import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DescribeClusterCommand, EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import { mockClient } from 'aws-sdk-client-mock';
import { defaultConfig } from '../../functions/config/load.js';
import type { ReporterConfig } from '../../functions/config/types.js';
import { discoverClusters, mergeClusters } from '../../functions/run/discover-clusters.js';
import { memoryBucket, recordingLog } from './support/memory-bucket.js';

function config(patch: Partial<ReporterConfig>): ReporterConfig {
  return { ...defaultConfig(), ...patch };
}

function eksWith(pages: string[][], tags: Record<string, Record<string, string>>) {
  const client = new EKSClient({ region: 'eu-west-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 's' } });
  const mock = mockClient(client);
  mock.on(ListClustersCommand).callsFake((input) => {
    const i = Number(input.nextToken ?? 0);
    return { clusters: pages[i], nextToken: i + 1 < pages.length ? String(i + 1) : undefined };
  });
  mock.on(DescribeClusterCommand).callsFake((input) => ({ cluster: { name: input.name, tags: tags[input.name] } }));
  return { client, mock };
}

describe('discoverClusters', () => {
  test('lists every page, keeps tagged clusters, puts configured ones first and drops duplicates', async () => {
    const mem = memoryBucket();
    const eks = eksWith([['alpha', 'beta'], ['gamma']], {
      alpha: { team: 'platform', env: 'prod' },
      beta: { team: 'platform' },
      gamma: { team: 'other' },
    });
    const cfg = config({
      clusters: [{ name: 'alpha', region: 'eu-west-1', network: 'private' }],
      discovery: { regions: ['eu-west-1'], tags: { team: 'platform' } },
    });
    const out = await discoverClusters(
      { runId: 'run-1', startedAt: '2026-11-30T06:00:00Z' },
      { config: cfg, bucket: mem.bucket, eksClient: () => eks.client },
    );
    assert.deepEqual(out, { runId: 'run-1', clustersKey: 'runs/run-1/clusters.json', count: 2 });
    assert.deepEqual(mem.json('runs/run-1/clusters.json'), [
      { name: 'alpha', region: 'eu-west-1', network: 'private' },
      { name: 'beta', region: 'eu-west-1' },
    ]);
    assert.equal(eks.mock.commandCalls(ListClustersCommand).length, 2);
    assert.equal(eks.mock.commandCalls(DescribeClusterCommand).length, 3);
  });

  test('without tag filters no DescribeCluster call is made', async () => {
    const mem = memoryBucket();
    const eks = eksWith([['a1', 'a2']], {});
    await discoverClusters(
      { runId: 'run-2' },
      {
        config: config({ discovery: { regions: ['eu-west-1'], tags: {} } }),
        bucket: mem.bucket,
        eksClient: () => eks.client,
      },
    );
    assert.equal(eks.mock.commandCalls(DescribeClusterCommand).length, 0);
    assert.equal(mem.json('runs/run-2/clusters.json').length, 2);
  });

  test('a region whose listing fails is recorded and the run goes on', async () => {
    const mem = memoryBucket();
    const { log, lines } = recordingLog();
    const good = eksWith([['ok']], {});
    const badClient = new EKSClient({
      region: 'ap-south-2',
      credentials: { accessKeyId: 'AKID', secretAccessKey: 's' },
    });
    const bad = mockClient(badClient);
    bad.on(ListClustersCommand).rejects(Object.assign(new Error('The security token is invalid'), { name: 'Denied' }));
    const out = await discoverClusters(
      { runId: 'run-3' },
      {
        config: config({ discovery: { regions: ['eu-west-1', 'ap-south-2'], tags: {} } }),
        bucket: mem.bucket,
        eksClient: (region) => (region === 'eu-west-1' ? good.client : badClient),
        log,
      },
    );
    assert.equal(out.count, 1);
    const record = mem.json('runs/run-3/discovery.json');
    assert.deepEqual(record.problems, [{ region: 'ap-south-2', reason: 'The security token is invalid' }]);
    assert.ok(lines.some((l) => l.level === 'warn' && l.extra?.region === 'ap-south-2'));
  });

  test('a run id that could leave its prefix is refused before anything is written', async () => {
    const mem = memoryBucket();
    await assert.rejects(
      discoverClusters(
        { runId: '../history' },
        { config: defaultConfig(), bucket: mem.bucket, eksClient: () => eksWith([[]], {}).client },
      ),
      /invalid runId/,
    );
    assert.equal(mem.objects.size, 0);
  });

  test('mergeClusters keeps clusters of the same name in other accounts apart', () => {
    const merged = mergeClusters(
      [
        { name: 'prod', region: 'eu-west-1', account: '111111111111', roleArn: 'arn:aws:iam::111111111111:role/R' },
        { name: 'prod', region: 'eu-west-1', account: '111111111111' },
        { name: 'prod', region: 'eu-west-1', account: '222222222222' },
      ],
      [
        { name: 'prod', region: 'eu-west-1' },
        { name: 'dev', region: 'eu-west-1' },
      ],
    );
    assert.deepEqual(
      merged.map((c) => [c.account ?? '-', c.name]),
      [
        ['111111111111', 'prod'],
        ['222222222222', 'prod'],
        ['-', 'dev'],
      ],
    );
  });
});
