import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DescribeClusterCommand, EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import { mockClient } from 'aws-sdk-client-mock';
import { defaultConfig } from '../../functions/config/load.js';
import type { ReporterConfig } from '../../functions/config/types.js';
import { arnAccount, discoverClusters, mergeClusters, reporterAccount } from '../../functions/run/discover-clusters.js';
import { memoryBucket, recordingLog } from './support/memory-bucket.js';

/** The reporter's own account, as the handler reads it from its function ARN. */
const OWN = '333333333333';

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
      discovery: { ...defaultConfig().discovery, regions: ['eu-west-1'], tags: { team: 'platform' } },
    });
    const out = await discoverClusters(
      { runId: 'run-1', startedAt: '2026-11-30T06:00:00Z' },
      { config: cfg, bucket: mem.bucket, eksClient: () => eks.client, account: OWN },
    );
    assert.deepEqual(out, { runId: 'run-1', clustersKey: 'runs/run-1/clusters.json', count: 2 });
    assert.deepEqual(mem.json('runs/run-1/clusters.json'), [
      { name: 'alpha', region: 'eu-west-1', account: OWN, network: 'private' },
      { name: 'beta', region: 'eu-west-1', account: OWN },
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
        config: config({ discovery: { ...defaultConfig().discovery, regions: ['eu-west-1'], tags: {} } }),
        bucket: mem.bucket,
        eksClient: () => eks.client,
        account: OWN,
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
        config: config({ discovery: { ...defaultConfig().discovery, regions: ['eu-west-1', 'ap-south-2'], tags: {} } }),
        bucket: mem.bucket,
        eksClient: (region) => (region === 'eu-west-1' ? good.client : badClient),
        account: OWN,
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
        { config: defaultConfig(), bucket: mem.bucket, eksClient: () => eksWith([[]], {}).client, account: OWN },
      ),
      /invalid runId/,
    );
    assert.equal(mem.objects.size, 0);
  });

  test("every item carries its account: the configured one, its role's, else the reporter's own", async () => {
    const mem = memoryBucket();
    const eks = eksWith([['prod', 'dev']], {});
    const cfg = config({
      clusters: [
        { name: 'prod', region: 'eu-west-1', account: '111111111111' },
        { name: 'prod', region: 'eu-west-1', roleArn: 'arn:aws:iam::222222222222:role/EksComplianceScan' },
        { name: 'edge', region: 'eu-west-1' },
      ],
      discovery: { ...defaultConfig().discovery, regions: ['eu-west-1'], tags: {} },
    });
    await discoverClusters(
      { runId: 'run-5' },
      { config: cfg, bucket: mem.bucket, eksClient: () => eks.client, account: OWN },
    );
    assert.deepEqual(mem.json('runs/run-5/clusters.json'), [
      { name: 'prod', region: 'eu-west-1', account: '111111111111' },
      {
        name: 'prod',
        region: 'eu-west-1',
        account: '222222222222',
        roleArn: 'arn:aws:iam::222222222222:role/EksComplianceScan',
      },
      { name: 'edge', region: 'eu-west-1', account: OWN },
      // Discovered in the reporter's account: a third prod, not a duplicate of the other accounts' ones.
      { name: 'prod', region: 'eu-west-1', account: OWN },
      { name: 'dev', region: 'eu-west-1', account: OWN },
    ]);
  });

  test("a discovered cluster that is also configured in the reporter's account is listed once, as configured", () => {
    const merged = mergeClusters(
      [
        { name: 'prod', region: 'eu-west-1', network: 'private' },
        { name: 'dev', region: 'eu-west-1', roleArn: `arn:aws:iam::${OWN}:role/Scan` },
        { name: 'qa', region: 'eu-west-1', account: OWN },
      ],
      [
        { name: 'prod', region: 'eu-west-1' },
        { name: 'dev', region: 'eu-west-1' },
        { name: 'qa', region: 'eu-west-1' },
        { name: 'prod', region: 'us-east-1' },
      ],
      OWN,
    );
    assert.deepEqual(merged, [
      { name: 'prod', region: 'eu-west-1', account: OWN, network: 'private' },
      { name: 'dev', region: 'eu-west-1', account: OWN, roleArn: `arn:aws:iam::${OWN}:role/Scan` },
      { name: 'qa', region: 'eu-west-1', account: OWN },
      { name: 'prod', region: 'us-east-1', account: OWN },
    ]);
  });

  test("the reporter's account comes from the function ARN in the Lambda context", async () => {
    const context = { invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:EksCompliance-Discover' };
    assert.equal(reporterAccount(context), '111122223333');
    assert.equal(reporterAccount({ invokedFunctionArn: `${context.invokedFunctionArn}:live` }), '111122223333');
    assert.equal(arnAccount('arn:aws-cn:iam::444455556666:role/R'), '444455556666');
    assert.equal(arnAccount('arn:aws:s3:::bucket'), undefined);
    assert.throws(() => reporterAccount(undefined), /cannot tell the reporter's account/);
    assert.throws(() => reporterAccount({ invokedFunctionArn: 'not-an-arn' }), /cannot tell the reporter's account/);
    const mem = memoryBucket();
    await assert.rejects(
      discoverClusters(
        { runId: 'run-6' },
        { config: defaultConfig(), bucket: mem.bucket, eksClient: () => eksWith([[]], {}).client, account: '' },
      ),
      /invalid reporter account/,
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

  test('other accounts: discovery.accounts and the organization, each listed through discovery.roleName there', async () => {
    const mem = memoryBucket();
    const byRole = new Map<string | undefined, ReturnType<typeof eksWith>>([
      [undefined, eksWith([['own']], {})],
      ['arn:aws:iam::111111111111:role/EksComplianceScan', eksWith([['payments']], {})],
      ['arn:aws:iam::222222222222:role/EksComplianceScan', eksWith([['data']], {})],
    ]);
    const denied = new EKSClient({ region: 'eu-west-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 's' } });
    mockClient(denied)
      .on(ListClustersCommand)
      .rejects(Object.assign(new Error('not authorized to perform sts:AssumeRole'), { name: 'AccessDenied' }));
    const asked: Array<string | undefined> = [];
    const cfg = config({
      discovery: {
        ...defaultConfig().discovery,
        regions: ['eu-west-1'],
        accounts: ['111111111111'],
        organization: true,
        organizationRoleArn: 'arn:aws:iam::999999999999:role/OrgReader',
      },
    });
    await discoverClusters(
      { runId: 'run-7' },
      {
        config: cfg,
        bucket: mem.bucket,
        eksClient: (_region, roleArn) => byRole.get(roleArn)?.client ?? denied,
        organizationAccounts: async (roleArn) => {
          asked.push(roleArn);
          // The organization holds the reporter's own account too: listed once, with its own role.
          return ['222222222222', OWN, '111111111111', '444444444444'];
        },
        account: OWN,
      },
    );
    assert.deepEqual(asked, ['arn:aws:iam::999999999999:role/OrgReader']);
    assert.deepEqual(mem.json('runs/run-7/clusters.json'), [
      { name: 'own', region: 'eu-west-1', account: OWN },
      {
        name: 'payments',
        region: 'eu-west-1',
        account: '111111111111',
        roleArn: 'arn:aws:iam::111111111111:role/EksComplianceScan',
      },
      {
        name: 'data',
        region: 'eu-west-1',
        account: '222222222222',
        roleArn: 'arn:aws:iam::222222222222:role/EksComplianceScan',
      },
    ]);
    // An account whose role cannot be assumed is a discovery problem that names it; the run goes on.
    const record = mem.json('runs/run-7/discovery.json');
    assert.deepEqual(record.accounts, ['111111111111', '222222222222', '444444444444']);
    assert.equal(record.problems.length, 1);
    assert.equal(record.problems[0].account, '444444444444');
    assert.match(
      record.problems[0].reason,
      /account 444444444444 \(through arn:aws:iam::444444444444:role\/EksComplianceScan\)/,
    );
  });
  test('an organization that cannot be read is a problem; the listed accounts are still discovered', async () => {
    const mem = memoryBucket();
    const cfg = config({
      discovery: {
        ...defaultConfig().discovery,
        regions: ['eu-west-1'],
        accounts: ['111111111111'],
        organization: true,
      },
    });
    const byRole = new Map<string | undefined, ReturnType<typeof eksWith>>([
      [undefined, eksWith([[]], {})],
      ['arn:aws:iam::111111111111:role/EksComplianceScan', eksWith([['payments']], {})],
    ]);
    await discoverClusters(
      { runId: 'run-8' },
      {
        config: cfg,
        bucket: mem.bucket,
        eksClient: (_region, roleArn) => (byRole.get(roleArn) as ReturnType<typeof eksWith>).client,
        organizationAccounts: async () => {
          throw Object.assign(new Error("You don't have permissions to access this resource."), {
            name: 'AccessDeniedException',
          });
        },
        account: OWN,
      },
    );
    assert.deepEqual(
      mem.json('runs/run-8/clusters.json').map((c: { name: string }) => c.name),
      ['payments'],
    );
    const record = mem.json('runs/run-8/discovery.json');
    assert.deepEqual(record.problems, [
      {
        region: 'every region',
        reason:
          "the organization's accounts were not listed (organizations:ListAccounts): You don't have permissions to access this resource.",
      },
    ]);
  });
});
