/** ECR, Inspector, GuardDuty, CloudWatch Logs, EC2 and IAM collectors: pagination and odd responses. */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeInstancesCommand, DescribeRouteTablesCommand, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import {
  DescribeImageScanFindingsCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetRegistryScanningConfigurationCommand,
} from '@aws-sdk/client-ecr';
import { GetDetectorCommand, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import {
  GetInstanceProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { collectInstances, collectRouteTables, collectSubnets } from '../../functions/aws/ec2.js';
import { collectImageFindings, collectRegistryScanning, collectRepositories } from '../../functions/aws/ecr.js';
import { AwsCallError } from '../../functions/aws/errors.js';
import { collectGuardDuty } from '../../functions/aws/guardduty.js';
import {
  allowedActions,
  collectNodeRolePolicies,
  roleNameFromArn,
  rolesOfInstanceProfiles,
} from '../../functions/aws/iam.js';
import { ecrImages, ecrImagesInRegion, parseEcrImageUri } from '../../functions/aws/image-refs.js';
import { imageUrisFromPods, instanceIdsFromNodes } from '../../functions/aws/inputs.js';
import { collectLogGroup } from '../../functions/aws/logs.js';
import { ACCOUNT, accessDenied, awsError, mocked, REGION, testClients } from './helpers.js';

const clients = testClients();
const m = mocked(clients);
afterEach(() => {
  for (const mock of Object.values(m)) mock.reset();
});

describe('image references', () => {
  test('parses ECR URIs with tag, digest or both; ignores other registries', () => {
    assert.deepEqual(parseEcrImageUri(`${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/team/app:1.2@sha256:abc`), {
      imageUri: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/team/app:1.2@sha256:abc`,
      registryHost: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`,
      registryId: ACCOUNT,
      region: REGION,
      repositoryName: 'team/app',
      imageTag: '1.2',
      imageDigest: 'sha256:abc',
    });
    assert.equal(
      parseEcrImageUri(`docker-pullable://${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/a@sha256:1`)?.repositoryName,
      'a',
    );
    assert.equal(parseEcrImageUri('public.ecr.aws/eks/coredns:v1'), undefined);
    assert.equal(parseEcrImageUri('nginx'), undefined);
    assert.equal(parseEcrImageUri(`${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/`), undefined);
  });

  test('keeps one entry per image and only the given region', () => {
    const host = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;
    const refs = ecrImagesInRegion(
      [`${host}/a:1`, `${host}/a:1`, `${host}/a`, `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/a:1`],
      REGION,
    );
    assert.deepEqual(
      refs.map((r) => r.imageTag ?? 'latest'),
      ['1', 'latest'],
    );
  });
});

describe('ECR', () => {
  const images = ecrImagesInRegion(
    [
      `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/a:1`,
      `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/gone:1`,
      `999988887777.dkr.ecr.${REGION}.amazonaws.com/shared@sha256:f`,
    ],
    REGION,
  );

  test('repositories: one request per repository, per registry; deleted repositories skipped', async () => {
    m.ecr
      .on(DescribeRepositoriesCommand, { repositoryNames: ['gone'] })
      .rejects(awsError('RepositoryNotFoundException', 'x'));
    m.ecr
      .on(DescribeRepositoriesCommand, { repositoryNames: ['a'] })
      .resolves({ repositories: [{ repositoryName: 'a' }] });
    m.ecr
      .on(DescribeRepositoriesCommand, { repositoryNames: ['shared'] })
      .resolves({ repositories: [{ repositoryName: 'shared', registryId: '999988887777' }] });
    const repos = await collectRepositories(() => clients.ecr, images);
    assert.deepEqual(
      repos.map((r) => r.repositoryName),
      ['a', 'shared'],
    );
    const registries = m.ecr.commandCalls(DescribeRepositoriesCommand).map((c) => c.args[0].input.registryId);
    assert.deepEqual(registries, [ACCOUNT, ACCOUNT, '999988887777']);
  });

  test('repositories: AccessDenied is not mistaken for a missing repository', async () => {
    m.ecr.on(DescribeRepositoriesCommand).rejects(accessDenied('ecr:DescribeRepositories'));
    await assert.rejects(
      collectRepositories(() => clients.ecr, images),
      (e: unknown) => {
        return e instanceof AwsCallError && e.action === 'ecr:DescribeRepositories';
      },
    );
  });

  test('findings: digest preferred over tag; counts default to 0; missing images recorded', async () => {
    m.ecr.on(DescribeImageScanFindingsCommand, { repositoryName: 'a' }).resolves({
      imageId: { imageDigest: 'sha256:resolved', imageTag: '1' },
      imageScanStatus: { status: 'COMPLETE' },
      imageScanFindings: {},
    });
    m.ecr
      .on(DescribeImageScanFindingsCommand, { repositoryName: 'gone' })
      .rejects(awsError('ImageNotFoundException', 'x'));
    m.ecr
      .on(DescribeImageScanFindingsCommand, { repositoryName: 'shared' })
      .resolves({ imageScanStatus: { status: 'ACTIVE' }, imageScanFindings: { findingSeverityCounts: { HIGH: 4 } } });
    const out = await collectImageFindings(() => clients.ecr, images);
    assert.deepEqual(
      out.map((f) => [f.repositoryName, f.imageDigest, f.scanStatus, f.critical, f.high]),
      [
        ['a', 'sha256:resolved', 'COMPLETE', 0, 0],
        ['gone', undefined, 'IMAGE_NOT_FOUND', 0, 0],
        ['shared', 'sha256:f', 'ACTIVE', 0, 4],
      ],
    );
    const calls = m.ecr.commandCalls(DescribeImageScanFindingsCommand).map((c) => c.args[0].input.imageId);
    assert.deepEqual(calls, [{ imageTag: '1' }, { imageTag: '1' }, { imageDigest: 'sha256:f' }]);
  });

  describe('other Regions and the EKS add-on registries', () => {
    const east = new ECRClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    const me = mockClient(east);
    afterEach(() => me.reset());
    const clientFor = (region: string) =>
      region === REGION ? clients.ecr : region === 'us-east-1' ? east : assert.fail(region);
    const ADDON = `602401143452.dkr.ecr.${REGION}.amazonaws.com/amazon-k8s-cni:v1.19.0`;
    const mixed = ecrImages([
      `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/a:1`,
      `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/b:1`,
      ADDON,
    ]);

    test('each image is looked up in its own Region, which the facts record', async () => {
      m.ecr
        .on(DescribeRepositoriesCommand, { repositoryNames: ['a'] })
        .resolves({ repositories: [{ repositoryName: 'a' }] });
      m.ecr.on(DescribeRepositoriesCommand, { repositoryNames: ['amazon-k8s-cni'] }).resolves({ repositories: [] });
      me.on(DescribeRepositoriesCommand, { repositoryNames: ['b'] }).resolves({
        repositories: [{ repositoryName: 'b' }],
      });
      const repos = await collectRepositories(clientFor, mixed);
      assert.deepEqual(
        repos.map((r) => [r.repositoryName, r.region]),
        [
          ['a', REGION],
          ['b', 'us-east-1'],
        ],
      );
      assert.equal(me.commandCalls(DescribeRepositoriesCommand).length, 1);
    });

    test("registry scanning: the account's other Regions are read too; a denied Region is recorded, not fatal", async () => {
      m.ecr.on(GetRegistryScanningConfigurationCommand).resolves({
        registryId: ACCOUNT,
        scanningConfiguration: { scanType: 'ENHANCED', rules: [] },
      });
      me.on(GetRegistryScanningConfigurationCommand).resolves({
        registryId: ACCOUNT,
        scanningConfiguration: { scanType: 'BASIC', rules: [] },
      });
      const fact = await collectRegistryScanning(clientFor, REGION, mixed);
      assert.equal(fact.region, REGION);
      assert.deepEqual(fact.otherRegions, [
        { region: 'us-east-1', scanning: { scanType: 'BASIC', rules: [], registryId: ACCOUNT, region: 'us-east-1' } },
      ]);
      me.on(GetRegistryScanningConfigurationCommand).rejects(accessDenied('ecr:GetRegistryScanningConfiguration'));
      const denied = await collectRegistryScanning(clientFor, REGION, mixed);
      assert.equal(denied.otherRegions?.[0].region, 'us-east-1');
      assert.match(
        denied.otherRegions?.[0].unreadable ?? '',
        /ecr:GetRegistryScanningConfiguration denied: AccessDenied/,
      );
      // The add-on registry (AWS's account) is not this account's: its Region is not read for that.
      assert.equal(m.ecr.commandCalls(GetRegistryScanningConfigurationCommand).length, 2);
    });

    test('an add-on repository AWS does not let us describe is recorded as such; any other denial fails', async () => {
      m.ecr
        .on(DescribeRepositoriesCommand, { repositoryNames: ['a'] })
        .resolves({ repositories: [{ repositoryName: 'a' }] });
      m.ecr
        .on(DescribeRepositoriesCommand, { registryId: '602401143452' })
        .rejects(accessDenied('ecr:DescribeRepositories'));
      me.on(DescribeRepositoriesCommand).resolves({ repositories: [{ repositoryName: 'b' }] });
      const repos = await collectRepositories(clientFor, mixed);
      const addon = repos.find((r) => r.registryId === '602401143452');
      assert.equal(addon?.repositoryName, 'amazon-k8s-cni');
      assert.match(addon?.unreadable ?? '', /^ecr:DescribeRepositories denied: AccessDeniedException/);
      m.ecr
        .on(DescribeImageScanFindingsCommand, { registryId: '602401143452' })
        .rejects(accessDenied('ecr:DescribeImageScanFindings'));
      m.ecr
        .on(DescribeImageScanFindingsCommand, { repositoryName: 'a' })
        .resolves({ imageScanStatus: { status: 'COMPLETE' } });
      me.on(DescribeImageScanFindingsCommand).resolves({ imageScanStatus: { status: 'COMPLETE' } });
      const findings = await collectImageFindings(clientFor, mixed);
      assert.deepEqual(
        findings.map((f) => [f.repositoryName, f.region, f.scanStatus]),
        [
          ['a', REGION, 'COMPLETE'],
          ['b', 'us-east-1', 'COMPLETE'],
          ['amazon-k8s-cni', REGION, 'ACCESS_DENIED'],
        ],
      );
      // The same denial on the account's own repository is a missing permission: the fact fails.
      me.on(DescribeRepositoriesCommand).rejects(accessDenied('ecr:DescribeRepositories'));
      await assert.rejects(collectRepositories(clientFor, mixed), AwsCallError);
      // Another account's ECR (not an AWS add-on registry) gets no such allowance either.
      const foreign = ecrImages([`999988887777.dkr.ecr.${REGION}.amazonaws.com/amazon-k8s-cni:v1`]);
      m.ecr
        .on(DescribeRepositoriesCommand, { registryId: '999988887777' })
        .rejects(accessDenied('ecr:DescribeRepositories'));
      await assert.rejects(collectRepositories(clientFor, foreign), AwsCallError);
    });
  });
});

describe('GuardDuty', () => {
  test('finds the detector on the second page and maps features to camelCase', async () => {
    m.guardDuty
      .on(ListDetectorsCommand)
      .resolvesOnce({ DetectorIds: [], NextToken: 'n' })
      .resolvesOnce({ DetectorIds: ['d-2'] });
    m.guardDuty.on(GetDetectorCommand, { DetectorId: 'd-2' }).resolves({
      Status: 'ENABLED',
      ServiceRole: 'r',
      Features: [
        {
          Name: 'RUNTIME_MONITORING',
          Status: 'ENABLED',
          AdditionalConfiguration: [{ Name: 'EKS_ADDON_MANAGEMENT', Status: 'DISABLED' }],
        },
      ],
    });
    assert.deepEqual(await collectGuardDuty(clients.guardDuty), {
      detectorId: 'd-2',
      status: 'ENABLED',
      features: [
        {
          name: 'RUNTIME_MONITORING',
          status: 'ENABLED',
          additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'DISABLED' }],
        },
      ],
    });
  });

  test('GetDetector denied names guardduty:GetDetector', async () => {
    m.guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: ['d'] });
    m.guardDuty.on(GetDetectorCommand).rejects(accessDenied('guardduty:GetDetector'));
    await assert.rejects(
      collectGuardDuty(clients.guardDuty),
      (e: unknown) => e instanceof AwsCallError && e.action === 'guardduty:GetDetector',
    );
  });
});

describe('CloudWatch Logs', () => {
  test('the exact log group on a later page', async () => {
    m.logs
      .on(DescribeLogGroupsCommand)
      .resolvesOnce({ logGroups: [{ logGroupName: '/aws/eks/prod/cluster-2' }], nextToken: 'n' })
      .resolvesOnce({ logGroups: [{ logGroupName: '/aws/eks/prod/cluster', kmsKeyId: 'k' }] });
    assert.deepEqual(await collectLogGroup(clients.logs, 'prod'), {
      logGroupName: '/aws/eks/prod/cluster',
      kmsKeyId: 'k',
    });
    assert.equal(
      m.logs.commandCalls(DescribeLogGroupsCommand)[0].args[0].input.logGroupNamePrefix,
      '/aws/eks/prod/cluster',
    );
  });
});

describe('EC2', () => {
  test('instances by cluster tags over two pages, de-duplicated across the two tag queries', async () => {
    m.ec2
      .on(DescribeInstancesCommand)
      .resolvesOnce({ Reservations: [{ Instances: [{ InstanceId: 'i-1' }] }], NextToken: 'p2' })
      .resolvesOnce({ Reservations: [{ Instances: [{ InstanceId: 'i-2' }] }] })
      .resolvesOnce({ Reservations: [{ Instances: [{ InstanceId: 'i-2' }, { InstanceId: 'i-3' }] }] });
    const out = await collectInstances(clients.ec2, 'prod');
    assert.deepEqual(
      out.map((i) => i.InstanceId),
      ['i-1', 'i-2', 'i-3'],
    );
    const filters = m.ec2.commandCalls(DescribeInstancesCommand).map((c) => c.args[0].input.Filters?.[0]?.Name);
    assert.deepEqual(filters, ['tag:eks:cluster-name', 'tag:eks:cluster-name', 'tag:kubernetes.io/cluster/prod']);
  });

  test('subnets and route tables: paginated, main tables asked for by VPC', async () => {
    m.ec2
      .on(DescribeSubnetsCommand)
      .resolvesOnce({ Subnets: [{ SubnetId: 's-1' }], NextToken: 'n' })
      .resolvesOnce({ Subnets: [{ SubnetId: 's-2' }] });
    assert.equal((await collectSubnets(clients.ec2, ['s-1', 's-2', 's-1'])).length, 2);
    assert.deepEqual(m.ec2.commandCalls(DescribeSubnetsCommand)[0].args[0].input.SubnetIds, ['s-1', 's-2']);

    m.ec2.on(DescribeRouteTablesCommand).resolves({ RouteTables: [{ RouteTableId: 'rtb-1' }] });
    const tables = await collectRouteTables(clients.ec2, ['s-1'], ['vpc-1', 'vpc-1']);
    assert.equal(tables.length, 1, 'the same table from both queries is kept once');
    const calls = m.ec2.commandCalls(DescribeRouteTablesCommand).map((c) => c.args[0].input.Filters);
    assert.deepEqual(calls[1], [
      { Name: 'vpc-id', Values: ['vpc-1'] },
      { Name: 'association.main', Values: ['true'] },
    ]);
  });
});

describe('IAM', () => {
  test('policy documents: URL-encoded JSON, Allow statements only, single or list actions', () => {
    const doc = encodeURIComponent(
      JSON.stringify({
        Statement: [
          { Effect: 'Allow', Action: 'ecr:BatchGetImage', Resource: '*' },
          { Effect: 'Deny', Action: 'ecr:PutImage', Resource: '*' },
          { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
        ],
      }),
    );
    assert.deepEqual(allowedActions(doc), ['ecr:BatchGetImage', 'NotAction:iam:*']);
    assert.deepEqual(allowedActions('%%not json'), []);
    assert.equal(roleNameFromArn('arn:aws:iam::1:role/path/to/NodeRole'), 'NodeRole');
  });

  test('node role policies: attached and inline over two pages each', async () => {
    m.iam
      .on(ListAttachedRolePoliciesCommand)
      .resolvesOnce({ AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/A' }], IsTruncated: true, Marker: 'm' })
      .resolvesOnce({ AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/B' }] });
    m.iam
      .on(ListRolePoliciesCommand)
      .resolvesOnce({ PolicyNames: ['one'], IsTruncated: true, Marker: 'm' })
      .resolvesOnce({ PolicyNames: ['two'] });
    m.iam.on(GetRolePolicyCommand).callsFake((input: { PolicyName: string }) => ({
      RoleName: 'r',
      PolicyName: input.PolicyName,
      PolicyDocument: encodeURIComponent(
        JSON.stringify({ Statement: { Effect: 'Allow', Action: `s3:${input.PolicyName}` } }),
      ),
    }));
    const out = await collectNodeRolePolicies(clients.iam, [
      { roleName: 'r', roleArn: 'arn:aws:iam::1:role/r' },
      { roleName: 'r' },
    ]);
    assert.deepEqual(out, [
      {
        roleName: 'r',
        roleArn: 'arn:aws:iam::1:role/r',
        attachedPolicyArns: ['arn:aws:iam::aws:policy/A', 'arn:aws:iam::aws:policy/B'],
        inlinePolicies: [
          { policyName: 'one', actions: ['s3:one'] },
          { policyName: 'two', actions: ['s3:two'] },
        ],
      },
    ]);
  });

  test('customer-managed policies are read at their default version; a denied read or bad document is recorded', async () => {
    const mine = 'arn:aws:iam::1:policy/node-extras';
    const locked = 'arn:aws:iam::1:policy/locked';
    m.iam.on(ListAttachedRolePoliciesCommand).resolves({
      AttachedPolicies: [
        { PolicyArn: 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly' },
        { PolicyArn: mine },
        { PolicyArn: locked },
      ],
    });
    m.iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['broken'] });
    m.iam.on(GetRolePolicyCommand).resolves({ RoleName: 'r', PolicyName: 'broken', PolicyDocument: '%%not json' });
    m.iam.on(GetPolicyCommand, { PolicyArn: mine }).resolves({ Policy: { Arn: mine, DefaultVersionId: 'v3' } });
    m.iam.on(GetPolicyCommand, { PolicyArn: locked }).rejects(accessDenied('iam:GetPolicy'));
    m.iam.on(GetPolicyVersionCommand, { PolicyArn: mine, VersionId: 'v3' }).resolves({
      PolicyVersion: {
        VersionId: 'v3',
        Document: encodeURIComponent(JSON.stringify({ Statement: [{ Effect: 'Allow', Action: ['ecr:PutImage'] }] })),
      },
    });
    const [role] = await collectNodeRolePolicies(clients.iam, [{ roleName: 'r' }]);
    assert.deepEqual(role.inlinePolicies, [
      { policyName: 'broken', actions: [], unreadable: 'the policy document is not URL-encoded JSON' },
    ]);
    assert.deepEqual(role.customerPolicies?.[0], { policyArn: mine, actions: ['ecr:PutImage'] });
    assert.equal(role.customerPolicies?.[1]?.policyArn, locked);
    assert.match(role.customerPolicies?.[1]?.unreadable ?? '', /^iam:GetPolicy: /);
    assert.equal(role.customerPolicies?.length, 2, 'AWS-managed policies are judged by name, not read');
  });

  test('instance profiles resolve to their roles', async () => {
    m.iam.on(GetInstanceProfileCommand).resolves({
      InstanceProfile: {
        InstanceProfileName: 'p',
        InstanceProfileId: 'i',
        Arn: 'a',
        Path: '/',
        CreateDate: new Date(),
        Roles: [{ RoleName: 'karp', RoleId: 'x', Arn: 'a', Path: '/', CreateDate: new Date() }],
      },
    });
    assert.deepEqual(
      await rolesOfInstanceProfiles(clients.iam, [
        'arn:aws:iam::1:instance-profile/p',
        'arn:aws:iam::1:instance-profile/p',
      ]),
      ['karp'],
    );
    assert.equal(m.iam.commandCalls(GetInstanceProfileCommand).length, 1);
    assert.equal(m.iam.commandCalls(GetInstanceProfileCommand)[0].args[0].input.InstanceProfileName, 'p');
  });
});

describe('inputs from the Kubernetes side', () => {
  test('instance ids from providerID, skipping Fargate and other providers', () => {
    const nodes = [
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'a' }, spec: { providerID: 'aws:///eu-west-1a/i-0abc123' } },
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'b' },
        spec: { providerID: 'aws:///eu-west-1a/fargate-ip-10-0-0-1' },
      },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'c' }, spec: { providerID: 'gce://p/z/n' } },
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'd' } },
    ];
    assert.deepEqual(instanceIdsFromNodes(nodes), ['i-0abc123']);
  });

  test('image references from specs and pulled digests', () => {
    const pods = [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: { containers: [{ image: 'repo/app:1' }], initContainers: [{ image: 'repo/init:1' }] },
        status: { containerStatuses: [{ imageID: 'docker-pullable://repo/app@sha256:1' }, { imageID: '' }] },
      },
    ];
    assert.deepEqual(imageUrisFromPods(pods), ['repo/app:1', 'repo/init:1', 'docker-pullable://repo/app@sha256:1']);
  });
});
