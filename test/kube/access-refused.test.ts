/**
 * A cluster that refuses the scan's EKS token (no access entry for the scanning role): the scan fails with the role
 * and the exact commands that grant it access, over TLS against the fake API server, which answers a well-formed
 * token of an unmapped principal with EKS's bare 401.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type AuthenticationMode, DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { KubeAccessRefusedError } from '../../functions/kube/access-refused.js';
import { collectSnapshot } from '../../functions/kube/collect-snapshot.js';
import { KubeUnreachableError } from '../../functions/kube/server-version.js';
import { accessEntryGrantCommands } from '../../functions/model/access-entry-grant.js';
import { startFakeKubeApi } from '../support/fake-kube-api.js';
import { needs } from '../support/tools.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const credentials = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session' });

function sts(answer: { arn?: string; error?: Error }): STSClient {
  const client = new STSClient({ region: 'eu-west-1', credentials });
  const mock = mockClient(client);
  if (answer.error) mock.on(GetCallerIdentityCommand).rejects(answer.error);
  else mock.on(GetCallerIdentityCommand).resolves({ Arn: answer.arn, Account: '123456789012', UserId: 'AROA:x' });
  return client;
}

/** Scans `prod` in eu-west-1 through a fake API server with these token rules; returns what the scan threw. */
async function refusal(options: {
  noAccessEntry?: boolean;
  tokenRegion?: string;
  callerArn?: string;
  callerError?: Error;
  roleArn?: string;
  authenticationMode?: AuthenticationMode;
  versionStatus?: number;
}): Promise<Error> {
  const server = await startFakeKubeApi({
    objects: [],
    eksToken: { clusterName: 'prod', region: options.tokenRegion ?? 'eu-west-1', noAccessEntry: options.noAccessEntry },
    ...(options.versionStatus
      ? { faults: [{ path: '/version', fault: { type: 'status' as const, status: options.versionStatus }, times: 9 }] }
      : {}),
  });
  const eks = new EKSClient({ region: 'eu-west-1', credentials });
  const mock = mockClient(eks);
  mock.on(DescribeClusterCommand).resolves({
    cluster: {
      name: 'prod',
      endpoint: server.url,
      certificateAuthority: { data: server.caData },
      ...(options.authenticationMode ? { accessConfig: { authenticationMode: options.authenticationMode } } : {}),
    },
  });
  try {
    await collectSnapshot(
      {
        kind: 'eks',
        clusterName: 'prod',
        region: 'eu-west-1',
        ...(options.roleArn ? { roleArn: options.roleArn } : {}),
      },
      {
        eksClient: eks,
        credentials,
        stsClient: sts({ arn: options.callerArn, error: options.callerError }),
        retries: 0,
      },
    );
  } catch (err) {
    return err as Error;
  } finally {
    mock.restore();
    await server.close();
  }
  assert.fail('the scan should have been refused');
}

describe('a cluster without an access entry for the scan', needs('openssl'), () => {
  test("the reporter's own scan role: the exact commands name that role", async () => {
    const err = await refusal({
      noAccessEntry: true,
      callerArn: 'arn:aws:sts::123456789012:assumed-role/EksComplianceReporter-ScanRole1A2B/eks-compliance-prod',
      authenticationMode: 'API_AND_CONFIG_MAP',
    });
    assert.ok(err instanceof KubeAccessRefusedError && err instanceof KubeUnreachableError);
    const role = 'arn:aws:iam::123456789012:role/EksComplianceReporter-ScanRole1A2B';
    for (const command of accessEntryGrantCommands({ clusterName: 'prod', region: 'eu-west-1', principalArn: role })) {
      assert.ok(err.message.includes(command), `the message has: ${command}`);
    }
    assert.match(err.message, /^the Kubernetes API answered GET \/version with 401 Unauthorized/);
    assert.match(err.message, /kubectl apply -f infra\/kubernetes\/clusterrole\.yaml/);
    assert.doesNotMatch(err.message, /update-cluster-config/, 'access entries are already on');
    assert.match(err.message, /if the role has an IAM path/, 'a session ARN drops the path: the message says so');
  });

  test('a role in another account, CONFIG_MAP mode: turn access entries on first, then grant that role', async () => {
    const roleArn = 'arn:aws:iam::444455556666:role/EksComplianceScan';
    const err = await refusal({
      noAccessEntry: true,
      roleArn,
      callerArn: 'arn:aws:sts::444455556666:assumed-role/EksComplianceScan/eks-compliance-prod',
      authenticationMode: 'CONFIG_MAP',
    });
    const commands = accessEntryGrantCommands({
      clusterName: 'prod',
      region: 'eu-west-1',
      principalArn: roleArn,
      authenticationMode: 'CONFIG_MAP',
    });
    assert.match(
      commands[0],
      /^aws eks update-cluster-config --name prod --region eu-west-1 --access-config authenticationMode=API_AND_CONFIG_MAP$/,
    );
    assert.ok(err.message.includes(commands.join(' && ')), err.message);
    assert.doesNotMatch(err.message, /IAM path/, 'the configured role ARN is exact');
  });

  test('the caller unknown: a placeholder that says so, never a made-up ARN', async () => {
    const err = await refusal({ noAccessEntry: true, callerError: new Error('connect ETIMEDOUT') });
    assert.match(err.message, /--principal-arn SCAN_ROLE_ARN /);
    assert.match(err.message, /SCAN_ROLE_ARN: unknown, sts:GetCallerIdentity failed: .*ETIMEDOUT/);
  });

  test('a token refused for another reason keeps that reason, with the hint after it', async () => {
    const err = await refusal({ tokenRegion: 'us-east-1', callerArn: 'arn:aws:iam::123456789012:user/ci' });
    assert.match(err.message, /401 Unauthorized.*wrong host sts\.eu-west-1/);
    assert.match(err.message, /--principal-arn arn:aws:iam::123456789012:user\/ci /);
  });

  test('near miss: a 403 on /version is not an access-entry problem and gets no grant commands', async () => {
    const err = await refusal({ versionStatus: 403, callerArn: 'arn:aws:iam::123456789012:user/ci' });
    assert.ok(err instanceof KubeUnreachableError);
    assert.ok(!(err instanceof KubeAccessRefusedError));
    assert.doesNotMatch(err.message, /create-access-entry/);
  });
});
