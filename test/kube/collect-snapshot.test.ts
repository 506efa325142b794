import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { collectSnapshot } from '../../functions/kube/collect-snapshot.js';
import { KubeConnectError } from '../../functions/kube/connect.js';
import { KubeUnreachableError } from '../../functions/kube/server-version.js';
import { startFakeKubeApi, writeKubeconfig } from '../support/fake-kube-api.js';
import { needs } from '../support/tools.js';
import { fixture, startFixtureServer, TOKEN } from './helpers.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const credentials = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session' });
const CALLER_ARN = 'arn:aws:sts::123456789012:assumed-role/EksComplianceScan/eks-compliance-reporter';

/** An STS client that answers GetCallerIdentity with CALLER_ARN, or fails with `error`. */
function stsAnswering(error?: Error): STSClient {
  const sts = new STSClient({ region: 'eu-west-1', credentials });
  const mock = mockClient(sts);
  if (error) mock.on(GetCallerIdentityCommand).rejects(error);
  else
    mock.on(GetCallerIdentityCommand).resolves({ Arn: CALLER_ARN, Account: '123456789012', UserId: 'AROAEXAMPLE:x' });
  return sts;
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'collect-snapshot-'));
});
after(() => rm(dir, { recursive: true, force: true }));

describe('collectSnapshot, kubeconfig mode', needs('openssl'), () => {
  test('a full snapshot: identity from the context and /version', async () => {
    const server = await startFixtureServer();
    try {
      const path = await writeKubeconfig(join(dir, 'kc.yaml'), server, { token: TOKEN }, 'staging');
      const { snapshot, requestCount } = await collectSnapshot(
        { kind: 'kubeconfig', path },
        { now: () => new Date('2026-02-02T00:00:00Z') },
      );
      assert.deepEqual(snapshot.cluster, {
        name: 'staging',
        arn: null,
        region: null,
        accountId: null,
        kubernetesVersion: '1.31',
        source: 'kubeconfig',
      });
      assert.equal(snapshot.collectedAt, '2026-02-02T00:00:00.000Z');
      assert.equal(snapshot.collector.mode, 'kubeconfig');
      // The kubeconfig's user entry and context, never its token; no AWS call, so no AWS caller.
      assert.deepEqual(snapshot.scanIdentity, {
        awsCallerArn: null,
        kubeconfigUser: 'staging-user',
        kubeconfigContext: 'staging',
      });
      assert.ok(!JSON.stringify(snapshot).includes(TOKEN));
      assert.equal(snapshot.kubernetes.inventories.pods?.status, 'collected');
      assert.deepEqual(snapshot.aws, {});
      assert.equal(requestCount, server.requests.length);
      assert.equal(server.requests[0].path, '/version');
      assert.ok(server.requests.every((r) => r.method === 'GET'));
    } finally {
      await server.close();
    }
  });

  test('an exec plugin (like aws eks get-token) supplies the token through client-node', async () => {
    const server = await startFixtureServer();
    try {
      const plugin = join(dir, 'get-token.sh');
      const credential = JSON.stringify({
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        kind: 'ExecCredential',
        status: { token: TOKEN },
      });
      await writeFile(plugin, `#!/bin/sh\necho '${credential}'\n`, { mode: 0o755 });
      const path = join(dir, 'kc-exec.yaml');
      await writeFile(
        path,
        [
          'apiVersion: v1',
          'kind: Config',
          'current-context: exec',
          'clusters:',
          '- name: c',
          '  cluster:',
          `    server: ${server.url}`,
          `    certificate-authority-data: ${server.caData}`,
          'users:',
          '- name: u',
          '  user:',
          '    exec:',
          '      apiVersion: client.authentication.k8s.io/v1beta1',
          `      command: ${plugin}`,
          '      interactiveMode: Never',
          'contexts:',
          '- name: exec',
          '  context:',
          '    cluster: c',
          '    user: u',
          '',
        ].join('\n'),
      );
      const { snapshot } = await collectSnapshot({ kind: 'kubeconfig', path });
      assert.equal(snapshot.kubernetes.inventories.namespaces?.status, 'collected');
      assert.ok(server.requests.every((r) => r.status === 200));
    } finally {
      await server.close();
    }
  });

  test('an EKS ARN context name gives the cluster name, region and account', async () => {
    const server = await startFixtureServer();
    try {
      const arn = 'arn:aws:eks:eu-west-1:123456789012:cluster/prod';
      const path = await writeKubeconfig(join(dir, 'kc-arn.yaml'), server, { token: TOKEN }, arn);
      const { snapshot } = await collectSnapshot({ kind: 'kubeconfig', path, context: arn });
      assert.equal(snapshot.cluster.name, 'prod');
      assert.equal(snapshot.cluster.arn, arn);
      assert.equal(snapshot.cluster.region, 'eu-west-1');
      assert.equal(snapshot.cluster.accountId, '123456789012');
    } finally {
      await server.close();
    }
  });

  test('an unknown context, a missing file, and skip-TLS kubeconfigs are refused with a reason', async () => {
    const server = await startFixtureServer();
    try {
      const path = await writeKubeconfig(join(dir, 'kc2.yaml'), server, { token: TOKEN });
      await assert.rejects(collectSnapshot({ kind: 'kubeconfig', path, context: 'nope' }), /no context "nope"/);
      await assert.rejects(collectSnapshot({ kind: 'kubeconfig', path: join(dir, 'missing.yaml') }), KubeConnectError);
      const insecure = join(dir, 'insecure.yaml');
      await writeFile(
        insecure,
        `apiVersion: v1\nkind: Config\ncurrent-context: x\nclusters:\n- name: c\n  cluster:\n    server: ${server.url}\n    insecure-skip-tls-verify: true\nusers:\n- name: u\n  user:\n    token: t\ncontexts:\n- name: x\n  context:\n    cluster: c\n    user: u\n`,
      );
      await assert.rejects(collectSnapshot({ kind: 'kubeconfig', path: insecure }), /always verifies TLS/);
      assert.equal(server.requests.length, 0);
    } finally {
      await server.close();
    }
  });

  test('a rejected token makes the target unreachable (one line, no partial snapshot)', async () => {
    const server = await startFixtureServer();
    try {
      const path = await writeKubeconfig(join(dir, 'kc3.yaml'), server, { token: 'wrong' });
      await assert.rejects(collectSnapshot({ kind: 'kubeconfig', path }, { retries: 0 }), (err: Error) => {
        assert.ok(err instanceof KubeUnreachableError);
        assert.match(err.message, /GET \/version with 401 Unauthorized/);
        return true;
      });
    } finally {
      await server.close();
    }
  });
});

describe('collectSnapshot, EKS mode', needs('openssl'), () => {
  test('DescribeCluster gives endpoint and CA; the token has the EKS form the server checks', async () => {
    const server = await startFakeKubeApi({
      objects: fixture.objects,
      eksToken: { clusterName: 'prod', region: 'eu-west-1' },
    });
    const eks = new EKSClient({ region: 'eu-west-1', credentials });
    const mock = mockClient(eks);
    const cluster = {
      name: 'prod',
      arn: 'arn:aws:eks:eu-west-1:123456789012:cluster/prod',
      endpoint: server.url,
      certificateAuthority: { data: server.caData },
      version: '1.31',
      platformVersion: 'eks.12',
      logging: { clusterLogging: [{ types: ['audit' as const], enabled: true }] },
    };
    mock.on(DescribeClusterCommand, { name: 'prod' }).resolves({ cluster });
    try {
      const { snapshot } = await collectSnapshot(
        { kind: 'eks', clusterName: 'prod', region: 'eu-west-1' },
        { eksClient: eks, credentials, stsClient: stsAnswering() },
      );
      // The EKS token and the AWS calls are the caller's: sts:GetCallerIdentity names it.
      assert.deepEqual(snapshot.scanIdentity, {
        awsCallerArn: CALLER_ARN,
        kubeconfigUser: null,
        kubeconfigContext: null,
      });
      assert.deepEqual(snapshot.cluster, {
        name: 'prod',
        arn: cluster.arn,
        region: 'eu-west-1',
        accountId: '123456789012',
        kubernetesVersion: '1.31',
        platformVersion: 'eks.12',
        source: 'eks',
      });
      assert.deepEqual(snapshot.aws.cluster, { status: 'collected', value: cluster });
      assert.equal(snapshot.kubernetes.inventories.pods?.status, 'collected');
      assert.ok(server.requests.length > 1);
      assert.ok(
        server.requests.every((r) => r.status === 200),
        'every request passed the token check',
      );
      assert.equal(mock.commandCalls(DescribeClusterCommand).length, 1);
    } finally {
      mock.restore();
      await server.close();
    }
  });

  test('a token for another cluster region is rejected by the server check', async () => {
    const server = await startFakeKubeApi({ objects: [], eksToken: { clusterName: 'prod', region: 'us-east-1' } });
    const eks = new EKSClient({ region: 'eu-west-1', credentials });
    const mock = mockClient(eks);
    mock.on(DescribeClusterCommand).resolves({
      cluster: { name: 'prod', endpoint: server.url, certificateAuthority: { data: server.caData } },
    });
    try {
      await assert.rejects(
        collectSnapshot(
          { kind: 'eks', clusterName: 'prod', region: 'eu-west-1' },
          { eksClient: eks, credentials, stsClient: stsAnswering(), retries: 0 },
        ),
        /401 Unauthorized.*wrong host sts\.eu-west-1/,
      );
    } finally {
      mock.restore();
      await server.close();
    }
  });

  test('collectAws is composed in with its gaps', async () => {
    const server = await startFixtureServer();
    const path = await writeKubeconfig(join(dir, 'kc4.yaml'), server, { token: TOKEN });
    const eks = new EKSClient({ region: 'eu-west-1', credentials });
    const mock = mockClient(eks);
    mock.on(DescribeClusterCommand).resolves({
      cluster: {
        name: 'prod',
        arn: 'arn:aws:eks:eu-west-1:123456789012:cluster/prod',
        endpoint: 'https://unused',
        certificateAuthority: { data: 'eA==' },
        version: '1.30',
      },
    });
    try {
      const { snapshot } = await collectSnapshot(
        { kind: 'kubeconfig', path, eks: { clusterName: 'prod', region: 'eu-west-1' } },
        {
          eksClient: eks,
          credentials,
          stsClient: stsAnswering(Object.assign(new Error('connect ETIMEDOUT'), { name: 'TimeoutError' })),
          collectAws: async (ctx) => ({
            aws: { nodegroups: { status: 'collected', items: [{ name: ctx.cluster.name }] } },
            gaps: [{ source: 'aws/ecr', reason: 'AccessDenied' }],
          }),
        },
      );
      assert.equal(snapshot.cluster.source, 'eks');
      assert.equal(snapshot.cluster.kubernetesVersion, '1.30');
      // Kubernetes through the kubeconfig's user, AWS as a caller STS could not name: the reason is kept.
      assert.deepEqual(snapshot.scanIdentity, {
        awsCallerArn: null,
        awsCallerReason: 'sts:GetCallerIdentity failed: TimeoutError: connect ETIMEDOUT',
        kubeconfigUser: 'fake-user',
        kubeconfigContext: 'fake',
      });
      assert.deepEqual(snapshot.aws.nodegroups, { status: 'collected', items: [{ name: 'prod' }] });
      assert.ok(snapshot.gaps.some((g) => g.source === 'aws/ecr'));
      assert.ok(
        server.requests.every((r) => r.authorization && r.status === 200),
        'kubeconfig credentials used',
      );
    } finally {
      mock.restore();
      await server.close();
    }
  });
});
