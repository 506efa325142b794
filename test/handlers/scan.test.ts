import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { defaultConfig } from '../../functions/config/load.js';
import { loadDemoSnapshot } from '../../functions/demo/index.js';
import type { CollectSnapshotOptions, CollectTarget } from '../../functions/kube/collect-snapshot.js';
import { imageUrisOf, instanceIdsOf } from '../../functions/run/aws-side.js';
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
