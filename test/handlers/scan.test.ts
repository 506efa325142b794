import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { defaultConfig } from '../../functions/config/load.js';
import { loadDemoSnapshot } from '../../functions/demo/index.js';
import type { CollectSnapshotOptions, CollectTarget } from '../../functions/kube/collect-snapshot.js';
import { presignedLinks } from '../../functions/publish/presign.js';
import { imageUrisOf, instanceIdsOf } from '../../functions/run/aws-side.js';
import { deliverReports } from '../../functions/run/deliver-reports.js';
import { discoverClusters } from '../../functions/run/discover-clusters.js';
import type { ClusterItem } from '../../functions/run/layout.js';
import { renderCluster } from '../../functions/run/render-cluster.js';
import { parseScanEvent, scanCluster } from '../../functions/run/scan-cluster.js';
import { validateResults } from '../../functions/scoring/validate-results.js';
import { memoryBucket, recordingLog } from './support/memory-bucket.js';

const NOW = new Date('2026-11-30T06:05:00.000Z');
const TOKEN = `k8s-aws-v1.${Buffer.from('https://sts.eu-west-1.amazonaws.com/?X-Amz-Signature=abc').toString('base64url')}`;
const credentials = () => async () => ({ accessKeyId: 'AKID', secretAccessKey: 'secret' });

describe('scanCluster', () => {
  test('writes a schema-valid results.json and the gzipped snapshot, with the config applied', async () => {
    const mem = memoryBucket();
    const targets: Array<{ target: CollectTarget; options: CollectSnapshotOptions }> = [];
    const config = { ...defaultConfig(), frameworks: ['cis-eks-1.8.0' as const] };
    config.scan = { ...config.scan, kubeletConfig: true };
    const out = await scanCluster(
      {
        runId: 'run-1',
        cluster: { name: 'prod', region: 'eu-west-1', roleArn: 'arn:aws:iam::222222222222:role/EksComplianceScan' },
      },
      {
        config,
        bucket: mem.bucket,
        credentials,
        collect: async (target, options) => {
          targets.push({ target, options });
          return { snapshot: loadDemoSnapshot(), requestCount: 1 };
        },
        collectAws: async (input) => {
          assert.ok(input.imageUris.length > 0, 'images from the pods are handed to the AWS side');
          return {
            aws: { guardDuty: { status: 'not-collected', reason: 'denied' } },
            gaps: [{ source: 'guardduty', reason: 'denied' }],
          };
        },
        now: () => NOW,
      },
    );
    assert.equal(out.status, 'scanned');
    assert.deepEqual(targets[0].target, {
      kind: 'eks',
      clusterName: 'prod',
      region: 'eu-west-1',
      roleArn: 'arn:aws:iam::222222222222:role/EksComplianceScan',
    });
    assert.equal(targets[0].options.kubeletConfig, true);
    const results = mem.json('runs/run-1/clusters/eu-west-1/prod/results.json');
    assert.equal(validateResults(results).valid, true);
    assert.equal(results.runId, 'run-1');
    assert.equal(results.generatedAt, NOW.toISOString());
    assert.deepEqual(
      results.frameworks.map((f: { id: string }) => f.id),
      ['cis-eks-1.8.0'],
    );
    assert.ok(results.gaps.some((g: { source: string }) => g.source === 'guardduty'));
    const evidence = mem.objects.get('runs/run-1/clusters/eu-west-1/prod/snapshot.json.gz');
    assert.ok(evidence);
    assert.equal(JSON.parse(gunzipSync(evidence.body).toString('utf8')).aws.guardDuty.status, 'not-collected');
  });

  test('an unreachable cluster is recorded as a failure, without the token, and the function returns', async () => {
    const mem = memoryBucket();
    const { log, text } = recordingLog();
    const out = await scanCluster(
      { runId: 'run-1', cluster: { name: 'down', region: 'eu-west-1' } },
      {
        config: defaultConfig(),
        bucket: mem.bucket,
        credentials,
        collect: async () => {
          throw new Error(`connect ECONNREFUSED 10.0.0.1:443 (Authorization: Bearer ${TOKEN})`);
        },
        log,
        now: () => NOW,
      },
    );
    assert.equal(out.status, 'failed');
    const record = mem.json('runs/run-1/failures/eu-west-1-down.json');
    assert.equal(record.stage, 'collect');
    assert.equal(record.cluster.name, 'down');
    assert.match(record.reason, /ECONNREFUSED/);
    assert.doesNotMatch(record.reason, /k8s-aws-v1\.[A-Za-z0-9]/);
    assert.doesNotMatch(text(), /k8s-aws-v1\.[A-Za-z0-9]/);
    assert.equal(mem.objects.has('runs/run-1/clusters/eu-west-1/down/results.json'), false);
  });

  test('a cluster item with its account writes under <account>/<region>/<name>, and fails to <account>-…', async () => {
    const mem = memoryBucket();
    const cluster = { name: 'prod', region: 'eu-west-1', account: '444455556666' };
    const deps = { config: defaultConfig(), bucket: mem.bucket, credentials, now: () => NOW };
    const scanned = await scanCluster(
      { runId: 'run-1', cluster },
      { ...deps, collect: async () => ({ snapshot: loadDemoSnapshot(), requestCount: 1 }) },
    );
    assert.deepEqual(scanned.status === 'scanned' && [scanned.cluster, scanned.resultsKey], [
      '444455556666/eu-west-1/prod',
      'runs/run-1/clusters/444455556666/eu-west-1/prod/results.json',
    ]);
    assert.ok(mem.objects.has('runs/run-1/clusters/444455556666/eu-west-1/prod/snapshot.json.gz'));
    const failed = await scanCluster(
      { runId: 'run-2', cluster },
      {
        ...deps,
        collect: async () => {
          throw new Error('connect ECONNREFUSED');
        },
      },
    );
    assert.equal(
      failed.status === 'failed' && failed.failureKey,
      'runs/run-2/failures/444455556666-eu-west-1-prod.json',
    );
    assert.equal(mem.json('runs/run-2/failures/444455556666-eu-west-1-prod.json').cluster.account, '444455556666');
  });

  test('a bucket that cannot be written makes the scan throw, so the state machine records it', async () => {
    const mem = memoryBucket();
    mem.mock.on(PutObjectCommand).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
    await assert.rejects(
      scanCluster(
        { runId: 'run-1', cluster: { name: 'down', region: 'eu-west-1' } },
        {
          config: defaultConfig(),
          bucket: mem.bucket,
          credentials,
          collect: async () => {
            throw new Error('timeout');
          },
        },
      ),
      /Access Denied/,
    );
  });

  test('parseScanEvent accepts the Map item and refuses names that could leave their prefix', () => {
    assert.deepEqual(parseScanEvent({ runId: 'r1', cluster: { name: 'a', region: 'eu-west-1' } }), {
      runId: 'r1',
      cluster: { name: 'a', region: 'eu-west-1' },
    });
    assert.throws(
      () => parseScanEvent({ runId: 'r1', cluster: { name: '../x', region: 'eu-west-1' } }),
      /invalid cluster/,
    );
    const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';
    assert.equal(parseScanEvent({ runId: uuid, cluster: { name: 'a', region: 'eu-west-1' } }).runId, uuid);
    assert.throws(() => parseScanEvent({ runId: 'r/1', cluster: { name: 'a', region: 'eu-west-1' } }), /invalid runId/);
    assert.throws(() => parseScanEvent(null), /invalid runId/);
  });

  test('images and node instance ids for the AWS side come from pods and nodes', () => {
    const snapshot = loadDemoSnapshot();
    snapshot.kubernetes.inventories.pods = {
      status: 'collected',
      items: [
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'p' },
          spec: { containers: [{ image: 'a:1' }], initContainers: [{ image: 'b:2' }] },
          status: { containerStatuses: [{ imageID: 'docker-pullable://a@sha256:00' }] },
        },
      ],
    };
    snapshot.kubernetes.inventories.nodes = {
      status: 'collected',
      items: [
        { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { providerID: 'aws:///eu-west-1a/i-0abc' } },
        { apiVersion: 'v1', kind: 'Node', metadata: { name: 'f' }, spec: { providerID: 'fargate' } },
      ],
    };
    assert.deepEqual(imageUrisOf(snapshot), ['a:1', 'b:2', 'docker-pullable://a@sha256:00']);
    assert.deepEqual(instanceIdsOf(snapshot), ['i-0abc']);
  });
});

describe('two clusters of one name and region in two accounts', () => {
  test('discover → scan → report: both results, reports and histories survive, and the email tells them apart', async () => {
    const RUN = 'run-2026-11-30';
    const mem = memoryBucket();
    const base = defaultConfig();
    const config = {
      ...base,
      clusters: [
        { name: 'prod', region: 'eu-west-1' },
        { name: 'prod', region: 'eu-west-1', roleArn: 'arn:aws:iam::222222222222:role/EksComplianceScan' },
      ],
      report: { ...base.report, sender: 'reports@example.com', recipients: ['sec@example.com'] },
    };
    await discoverClusters(
      { runId: RUN },
      {
        config,
        bucket: mem.bucket,
        eksClient: () => assert.fail('no discovery regions: ListClusters is not called'),
        account: '111111111111',
      },
    );
    const items: ClusterItem[] = mem.json(`runs/${RUN}/clusters.json`);
    assert.deepEqual(
      items.map((c) => c.account),
      ['111111111111', '222222222222'],
    );

    for (const [i, cluster] of items.entries()) {
      const out = await scanCluster(
        { runId: RUN, cluster },
        {
          config,
          bucket: mem.bucket,
          credentials,
          // The same demo cluster in each account, as EKS would describe it there.
          collect: async () => {
            const snapshot = loadDemoSnapshot();
            const arn = `arn:aws:eks:eu-west-1:${cluster.account}:cluster/prod`;
            snapshot.cluster = {
              ...snapshot.cluster,
              name: 'prod',
              region: 'eu-west-1',
              accountId: cluster.account ?? null,
              arn,
            };
            return { snapshot, requestCount: 1 };
          },
          now: () => new Date(NOW.getTime() + i * 1000),
        },
      );
      assert.equal(out.status, 'scanned');
    }
    for (const account of ['111111111111', '222222222222']) {
      const results = mem.json(`runs/${RUN}/clusters/${account}/eu-west-1/prod/results.json`);
      assert.equal(results.cluster.accountId, account, 'neither scan overwrote the other');
    }

    // Each Map item renders its own cluster's reports.
    for (const cluster of items) {
      assert.equal((await renderCluster({ runId: RUN, cluster }, { config, bucket: mem.bucket })).status, 'rendered');
    }
    const ses = new SESv2Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 's' } });
    const sesMock = mockClient(ses);
    sesMock.on(SendEmailCommand).resolves({ MessageId: 'msg-1' });
    const out = await deliverReports(
      { runId: RUN },
      {
        config,
        bucket: mem.bucket,
        ses,
        links: presignedLinks(
          async (key) => `https://reports.s3.eu-west-1.amazonaws.com/${key}?X-Amz-Signature=x`,
          async () => ({ temporary: false }),
        ),
      },
    );
    assert.deepEqual([out.scanned, out.failed, out.email], [2, 0, 'sent']);
    for (const account of ['111111111111', '222222222222']) {
      assert.ok(mem.objects.has(`reports/${RUN}/${account}/eu-west-1/prod/report.html`), account);
      const history = [...mem.objects.keys()].filter((k) => k.startsWith(`history/${account}/eu-west-1/prod/`));
      assert.equal(history.length, 1, account);
      assert.equal(mem.json(history[0]).cluster.accountId, account);
    }
    const text = sesMock.commandCalls(SendEmailCommand)[0].args[0].input.Content?.Simple?.Body?.Text?.Data ?? '';
    assert.match(text, /- prod \(eu-west-1, account 111111111111\): score/);
    assert.match(text, /- prod \(eu-west-1, account 222222222222\): score/);
    assert.match(text, /reports\/run-2026-11-30\/111111111111\/eu-west-1\/prod\/report\.html/);
    assert.match(text, /reports\/run-2026-11-30\/222222222222\/eu-west-1\/prod\/report\.html/);
    const fleet = mem.objects.get(`reports/${RUN}/fleet/fleet.html`)?.body.toString('utf8') ?? '';
    assert.match(fleet, /prod \(eu-west-1\) \[111111111111\]/);
    assert.match(fleet, /prod \(eu-west-1\) \[222222222222\]/);
  });
});
