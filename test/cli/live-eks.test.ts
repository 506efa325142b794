/**
 * `scan --cluster NAME --region REGION` through the real CLI process with credentials that may call DescribeCluster
 * and nothing else: the scan completes, and the results name each denied action and the requirements it left
 * unassessed. AWS is a fake endpoint on 127.0.0.1; the cluster is the fake Kubernetes API serving the demo manifests.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readDemoManifests } from '../../functions/demo/load.js';
import type { ScanResults } from '../../functions/scoring/results.js';
import { FAKE_CALLER_ARN, type FakeAws, startFakeAws } from '../handlers/support/fake-aws.js';
import { type FakeKubeServer, startFakeKubeApi } from '../support/fake-kube-api.js';
import { needs } from '../support/tools.js';
import { fakeAwsEnv, runCli } from './spawn.js';

let kube: FakeKubeServer;
let aws: FakeAws;
let dir: string;

/** The fake API server needs openssl for its certificates (test/support/tools.ts). */
const fakeApi = needs('openssl');

before(async () => {
  if (fakeApi.skip) return;
  dir = await mkdtemp(join(tmpdir(), 'cli-eks-'));
  kube = await startFakeKubeApi({
    objects: readDemoManifests().map((m) => m.object),
    eksToken: { clusterName: 'prod', region: 'eu-west-1' },
  });
  aws = await startFakeAws({
    region: 'eu-west-1',
    clusters: [{ name: 'prod', endpoint: kube.url, caData: kube.caData }],
  });
});
after(async () => {
  if (fakeApi.skip) return;
  await kube.close();
  await aws.close();
  await rm(dir, { recursive: true, force: true });
});

function cli(args: string[]) {
  return runCli(args, fakeAwsEnv(aws.url));
}

test(
  'missing AWS permissions: the scan completes and names each denied action and what it left unassessed',
  fakeApi,
  async () => {
    const out = join(dir, 'out');
    const run = await cli(['scan', '--cluster', 'prod', '--region', 'eu-west-1', '--format', 'json', '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    const results: ScanResults = JSON.parse(await readFile(join(out, 'prod', 'results.json'), 'utf8'));
    assert.equal(results.cluster.source, 'eks');
    assert.equal(results.cluster.arn, 'arn:aws:eks:eu-west-1:111122223333:cluster/prod');

    // DescribeCluster was allowed: the endpoint checks get verdicts.
    const endpoint = results.checks.find((c) => c.id === 'aws-endpoint-private-only');
    assert.equal(endpoint?.status, 'fail');

    // Every other AWS call was denied, and each denial names its IAM action.
    const denied = (results.sources ?? []).filter((s) => s.status === 'not-collected' && s.permission?.includes(':'));
    const actions = new Set(denied.map((s) => s.permission));
    for (const action of ['ecr:GetRegistryScanningConfiguration', 'guardduty:ListDetectors', 'ec2:DescribeInstances']) {
      assert.ok(actions.has(action), `${action} listed as missing; got ${[...actions].join(', ')}`);
    }
    const cis = results.frameworks.find((f) => f.id === 'cis-eks-1.8.0');
    const ecrScanning = cis?.requirements.find((r) => r.id === '5.1.1');
    assert.equal(ecrScanning?.status, 'not-assessed');
    assert.match(ecrScanning?.reason ?? '', /ecr:GetRegistryScanningConfiguration/);

    // Kubernetes side: only GETs, authenticated with a well-formed EKS token (presigned: STS is not asked for it);
    // STS is called once, for the caller's ARN, which results.json records as the identity the scan used.
    assert.deepEqual([...new Set(kube.requests.map((r) => r.method))], ['GET']);
    assert.ok(kube.requests.every((r) => r.status !== 401));
    assert.deepEqual(
      aws.requests.filter((r) => r.service === 'sts').map((r) => r.action),
      ['GetCallerIdentity'],
    );
    assert.deepEqual(results.scanIdentity, {
      awsCallerArn: FAKE_CALLER_ARN,
      kubeconfigUser: null,
      kubeconfigContext: null,
    });
  },
);
