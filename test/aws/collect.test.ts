/** collectAwsSide end to end over mocked clients: every fact, AccessDenied per fact, and odd-but-valid responses. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeInstancesCommand, DescribeRouteTablesCommand, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import {
  DescribeImageScanFindingsCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetRegistryScanningConfigurationCommand,
} from '@aws-sdk/client-ecr';
import {
  DescribeAccessEntryCommand,
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeClusterVersionsCommand,
  DescribeNodegroupCommand,
  ListAccessEntriesCommand,
  ListAddonsCommand,
  ListAssociatedAccessPoliciesCommand,
  ListNodegroupsCommand,
  ListPodIdentityAssociationsCommand,
} from '@aws-sdk/client-eks';
import { GetDetectorCommand, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import {
  GetInstanceProfileCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { BatchGetAccountStatusCommand } from '@aws-sdk/client-inspector2';
import { mockClient } from 'aws-sdk-client-mock';
import { collectAwsSide } from '../../functions/aws/collect.js';
import { AWS_FACT_NAMES, awsFact } from '../../functions/model/aws-facts.js';
import { ACCOUNT, accessDenied, awsError, mocked, REGION, testClients } from './helpers.js';

const CLUSTER = 'prod';
const IMAGE = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/payments/api@sha256:abc`;
const FOREIGN_IMAGE = 'docker.io/library/nginx:1.27';
const OTHER_REGION_IMAGE = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/x:1`;

/** Inspector's State type lists its error fields as required keys; the API omits them when all is well. */
const enabled = { status: 'ENABLED' as const, errorCode: undefined, errorMessage: undefined };

/** A well-behaved account: every call answers. Returns the mocks for per-test overrides. */
function healthyAccount() {
  const clients = testClients();
  const m = mocked(clients);
  m.eks.on(DescribeClusterCommand).resolves({
    cluster: {
      name: CLUSTER,
      version: '1.31',
      logging: { clusterLogging: [{ types: ['audit'], enabled: true }] },
      resourcesVpcConfig: { vpcId: 'vpc-1', endpointPublicAccess: false, endpointPrivateAccess: true },
    },
  });
  m.eks.on(ListNodegroupsCommand).resolves({ nodegroups: ['general'] });
  m.eks.on(DescribeNodegroupCommand).resolves({
    nodegroup: { nodegroupName: 'general', subnets: ['subnet-a'], nodeRole: `arn:aws:iam::${ACCOUNT}:role/node-role` },
  });
  m.eks.on(ListAddonsCommand).resolves({ addons: ['vpc-cni'] });
  m.eks.on(DescribeAddonCommand).resolves({ addon: { addonName: 'vpc-cni', configurationValues: '{}' } });
  m.eks.on(ListAccessEntriesCommand).resolves({ accessEntries: [] });
  m.eks.on(DescribeAccessEntryCommand).resolves({});
  m.eks.on(ListAssociatedAccessPoliciesCommand).resolves({});
  m.eks.on(ListPodIdentityAssociationsCommand).resolves({ associations: [] });
  m.eks.on(DescribeClusterVersionsCommand).resolves({
    clusterVersions: [{ clusterVersion: '1.31', versionStatus: 'STANDARD_SUPPORT' }],
  });
  m.ecr.on(GetRegistryScanningConfigurationCommand).resolves({
    registryId: ACCOUNT,
    scanningConfiguration: { scanType: 'BASIC', rules: [] },
  });
  m.ecr.on(DescribeRepositoriesCommand).resolves({
    repositories: [
      { repositoryName: 'payments/api', registryId: ACCOUNT, imageScanningConfiguration: { scanOnPush: true } },
    ],
  });
  m.ecr.on(DescribeImageScanFindingsCommand).resolves({
    imageId: { imageDigest: 'sha256:abc' },
    imageScanStatus: { status: 'COMPLETE' },
    imageScanFindings: { findingSeverityCounts: { CRITICAL: 1, HIGH: 2, LOW: 7 } },
  });
  m.inspector.on(BatchGetAccountStatusCommand).resolves({
    accounts: [
      {
        accountId: ACCOUNT,
        state: enabled,
        resourceState: { ec2: enabled, ecr: enabled },
      },
    ],
  });
  m.guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: ['det-1'] });
  m.guardDuty.on(GetDetectorCommand).resolves({
    Status: 'ENABLED',
    ServiceRole: 'r',
    Features: [{ Name: 'EKS_AUDIT_LOGS', Status: 'ENABLED' }],
  });
  m.logs.on(DescribeLogGroupsCommand).resolves({
    logGroups: [
      { logGroupName: `/aws/eks/${CLUSTER}/cluster-old`, retentionInDays: 1 },
      { logGroupName: `/aws/eks/${CLUSTER}/cluster`, retentionInDays: 90 },
    ],
  });
  m.ec2.on(DescribeInstancesCommand).resolves({
    Reservations: [
      {
        Instances: [
          {
            InstanceId: 'i-1',
            SubnetId: 'subnet-b',
            MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
            IamInstanceProfile: { Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/karpenter-node` },
          },
        ],
      },
    ],
  });
  m.ec2.on(DescribeSubnetsCommand).resolves({
    Subnets: [
      { SubnetId: 'subnet-a', VpcId: 'vpc-1', MapPublicIpOnLaunch: false },
      { SubnetId: 'subnet-b', VpcId: 'vpc-1', MapPublicIpOnLaunch: false },
    ],
  });
  m.ec2.on(DescribeRouteTablesCommand).resolves({
    RouteTables: [{ RouteTableId: 'rtb-1', VpcId: 'vpc-1', Associations: [{ Main: true }] }],
  });
  m.iam.on(GetInstanceProfileCommand).resolves({
    InstanceProfile: {
      InstanceProfileName: 'karpenter-node',
      InstanceProfileId: 'x',
      Arn: 'a',
      Path: '/',
      CreateDate: new Date(),
      Roles: [{ RoleName: 'karpenter-role', Arn: 'r', RoleId: 'i', Path: '/', CreateDate: new Date() }],
    },
  });
  m.iam.on(ListAttachedRolePoliciesCommand).resolves({
    AttachedPolicies: [{ PolicyArn: 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly' }],
  });
  m.iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['extra'] });
  m.iam.on(GetRolePolicyCommand).resolves({
    RoleName: 'node-role',
    PolicyName: 'extra',
    PolicyDocument: encodeURIComponent(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['ecr:PutImage'], Resource: '*' }],
      }),
    ),
  });
  return { clients, m };
}

const input = (clients: ReturnType<typeof testClients>) => ({
  clusterName: CLUSTER,
  region: REGION,
  clients,
  imageUris: [IMAGE, FOREIGN_IMAGE, OTHER_REGION_IMAGE, `docker-pullable://${IMAGE}`],
});

describe('collectAwsSide', () => {
  test('collects every fact on a healthy account', async () => {
    const { clients, m } = healthyAccount();
    const { aws, gaps } = await collectAwsSide(input(clients));
    assert.deepEqual(gaps, []);
    for (const name of AWS_FACT_NAMES) assert.equal(aws[name]?.status, 'collected', name);
    assert.equal(awsFact(aws, 'cluster')?.version, '1.31');
    assert.equal(awsFact(aws, 'logGroup')?.retentionInDays, 90, 'exact log group name, not the prefix match');
    assert.deepEqual(awsFact(aws, 'ecrRegistryScanning'), {
      scanType: 'BASIC',
      rules: [],
      registryId: ACCOUNT,
      region: REGION,
    });
    assert.deepEqual(awsFact(aws, 'inspector'), { ec2: { status: 'ENABLED' }, ecr: { status: 'ENABLED' } });
    assert.deepEqual(awsFact(aws, 'guardDuty'), {
      detectorId: 'det-1',
      status: 'ENABLED',
      features: [{ name: 'EKS_AUDIT_LOGS', status: 'ENABLED', additionalConfiguration: [] }],
    });
    // Without ECR clients for other Regions, only the ECR image of this region is looked up, once, despite the
    // runtime prefix duplicate.
    const findings = awsFact(aws, 'imageFindings');
    assert.equal(findings?.length, 1);
    assert.deepEqual(
      { critical: findings?.[0].critical, high: findings?.[0].high, low: findings?.[0].low },
      { critical: 1, high: 2, low: 7 },
    );
    assert.equal(m.ecr.commandCalls(DescribeImageScanFindingsCommand).length, 1);
    const repoCall = m.ecr.commandCalls(DescribeRepositoriesCommand)[0].args[0].input;
    assert.equal(repoCall.registryId, ACCOUNT);
    assert.deepEqual(repoCall.repositoryNames, ['payments/api']);
    // Subnets from node groups and instances; route tables from explicit associations and the VPC main table.
    assert.deepEqual(m.ec2.commandCalls(DescribeSubnetsCommand)[0].args[0].input.SubnetIds, ['subnet-a', 'subnet-b']);
    assert.equal(m.ec2.commandCalls(DescribeRouteTablesCommand).length, 2);
    // Node roles: the node group's, and the Karpenter instance profile's.
    const roles = awsFact(aws, 'nodeRolePolicies');
    assert.deepEqual(
      roles?.map((r) => r.roleName),
      ['node-role', 'karpenter-role'],
    );
    assert.deepEqual(roles?.[0].inlinePolicies, [{ policyName: 'extra', actions: ['ecr:PutImage'] }]);
    // Snapshot-safe: plain JSON round-trips unchanged.
    assert.deepEqual(JSON.parse(JSON.stringify(aws)), aws);
  });

  test("images from the account's other Regions are looked up there, with that Region's scanning configuration", async () => {
    const { clients, m } = healthyAccount();
    const east = new ECRClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    const me = mockClient(east);
    me.on(GetRegistryScanningConfigurationCommand).resolves({
      registryId: ACCOUNT,
      scanningConfiguration: { scanType: 'BASIC', rules: [] },
    });
    me.on(DescribeRepositoriesCommand).resolves({ repositories: [{ repositoryName: 'x', registryId: ACCOUNT }] });
    me.on(DescribeImageScanFindingsCommand).resolves({ imageScanStatus: { status: 'COMPLETE' } });
    const regions: string[] = [];
    const { aws, gaps } = await collectAwsSide({
      ...input(clients),
      ecrClientFor: (region) => {
        regions.push(region);
        return east;
      },
    });
    assert.deepEqual(gaps, []);
    assert.deepEqual([...new Set(regions)], ['us-east-1'], 'the cluster Region keeps its own client');
    assert.deepEqual(awsFact(aws, 'ecrRegistryScanning')?.otherRegions?.[0].region, 'us-east-1');
    assert.deepEqual(
      awsFact(aws, 'ecrRepositories')?.map((r) => [r.repositoryName, r.region]),
      [
        ['payments/api', REGION],
        ['x', 'us-east-1'],
      ],
    );
    assert.equal(awsFact(aws, 'imageFindings')?.length, 2);
    assert.equal(m.ecr.commandCalls(DescribeRepositoriesCommand).length, 1);
  });

  test('AccessDenied on DescribeCluster: that fact and the ones built on it are not-collected, the rest goes on', async () => {
    const { clients, m } = healthyAccount();
    m.eks.on(DescribeClusterCommand).rejects(accessDenied('eks:DescribeCluster'));
    const { aws, gaps } = await collectAwsSide(input(clients));
    assert.deepEqual(aws.cluster, {
      status: 'not-collected',
      reason: `eks:DescribeCluster denied: AccessDeniedException: User: arn:aws:sts::${ACCOUNT}:assumed-role/scanner/s is not authorized to perform: eks:DescribeCluster`,
      permission: 'eks:DescribeCluster',
    });
    assert.equal(aws.clusterVersion?.status, 'not-collected');
    assert.equal(
      aws.clusterVersion?.status === 'not-collected' && aws.clusterVersion.permission,
      'eks:DescribeCluster',
    );
    assert.equal(aws.nodegroups?.status, 'collected');
    assert.equal(gaps.length, 1);
    assert.equal(gaps[0].source, 'aws:cluster');
    assert.match(gaps[0].reason, /eks:DescribeCluster/);
  });

  test('each service denial names its own action', async () => {
    const { clients, m } = healthyAccount();
    m.ec2.on(DescribeInstancesCommand).rejects(awsError('UnauthorizedOperation', 'You are not authorized', 403));
    m.ecr.on(GetRegistryScanningConfigurationCommand).rejects(awsError('AccessDeniedException', 'no'));
    m.guardDuty.on(ListDetectorsCommand).rejects(awsError('SomethingElse', 'forbidden', 403));
    m.logs.on(DescribeLogGroupsCommand).rejects(awsError('AccessDenied', 'no'));
    m.eks.on(ListAssociatedAccessPoliciesCommand).rejects(accessDenied('eks:ListAssociatedAccessPolicies'));
    m.eks.on(ListAccessEntriesCommand).resolves({ accessEntries: ['arn:aws:iam::1:role/x'] });
    const { aws, gaps } = await collectAwsSide(input(clients));
    const permissionOf = (fact: string) => {
      const e = aws[fact];
      return e?.status === 'not-collected' ? e.permission : undefined;
    };
    assert.equal(permissionOf('instances'), 'ec2:DescribeInstances');
    assert.equal(permissionOf('ecrRegistryScanning'), 'ecr:GetRegistryScanningConfiguration');
    assert.equal(permissionOf('guardDuty'), 'guardduty:ListDetectors');
    assert.equal(permissionOf('logGroup'), 'logs:DescribeLogGroups');
    assert.equal(permissionOf('accessEntries'), 'eks:ListAssociatedAccessPolicies');
    // Facts that need the instances are skipped with the upstream reason, without extra gaps.
    for (const f of ['subnets', 'routeTables', 'nodeRolePolicies'])
      assert.equal(permissionOf(f), 'ec2:DescribeInstances', f);
    assert.deepEqual(gaps.map((g) => g.source).sort(), [
      'aws:accessEntries',
      'aws:ecrRegistryScanning',
      'aws:guardDuty',
      'aws:instances',
      'aws:logGroup',
    ]);
  });

  test('other errors become not-collected with the message and no permission', async () => {
    const { clients, m } = healthyAccount();
    m.inspector.on(BatchGetAccountStatusCommand).rejects(awsError('InternalServerException', 'boom', 500));
    const { aws } = await collectAwsSide(input(clients));
    assert.deepEqual(aws.inspector, {
      status: 'not-collected',
      reason: 'inspector2:BatchGetAccountStatus failed: InternalServerException: boom',
    });
  });

  test('missing optional data: no detector, no log group, no scans, no repository, no version', async () => {
    const { clients, m } = healthyAccount();
    m.eks.on(DescribeClusterCommand).resolves({ cluster: { name: CLUSTER } });
    m.guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
    m.logs.on(DescribeLogGroupsCommand).resolves({});
    m.inspector.on(BatchGetAccountStatusCommand).resolves({ accounts: [] });
    m.ecr.on(GetRegistryScanningConfigurationCommand).resolves({});
    m.ecr.on(DescribeRepositoriesCommand).rejects(awsError('RepositoryNotFoundException', 'gone'));
    m.ecr.on(DescribeImageScanFindingsCommand).rejects(awsError('ScanNotFoundException', 'never scanned'));
    m.ec2.on(DescribeInstancesCommand).resolves({});
    m.eks.on(ListNodegroupsCommand).resolves({});
    const { aws, gaps } = await collectAwsSide(input(clients));
    assert.deepEqual(gaps, []);
    assert.equal(awsFact(aws, 'guardDuty'), null);
    assert.equal(awsFact(aws, 'logGroup'), null);
    assert.equal(awsFact(aws, 'inspector'), null);
    assert.deepEqual(awsFact(aws, 'ecrRegistryScanning'), { region: REGION });
    assert.deepEqual(awsFact(aws, 'ecrRepositories'), []);
    assert.equal(awsFact(aws, 'imageFindings')?.[0].scanStatus, 'NOT_SCANNED');
    assert.deepEqual(awsFact(aws, 'instances'), []);
    assert.deepEqual(awsFact(aws, 'subnets'), []);
    assert.deepEqual(awsFact(aws, 'nodeRolePolicies'), []);
    assert.equal(aws.clusterVersion?.status, 'not-collected');
    // No subnets known: EC2 is not asked about an empty list.
    assert.equal(m.ec2.commandCalls(DescribeSubnetsCommand).length, 0);
  });

  test('never throws, even when every call fails', async () => {
    const clients = testClients();
    const m = mocked(clients);
    const down = new Error('network down');
    m.eks.onAnyCommand().rejects(down);
    m.ecr.onAnyCommand().rejects(down);
    m.inspector.onAnyCommand().rejects(down);
    m.guardDuty.onAnyCommand().rejects(down);
    m.logs.onAnyCommand().rejects(down);
    m.ec2.onAnyCommand().rejects(down);
    m.iam.onAnyCommand().rejects(down);
    const { aws, gaps } = await collectAwsSide({ ...input(clients), instanceIds: ['i-1'] });
    for (const name of AWS_FACT_NAMES) assert.equal(aws[name]?.status, 'not-collected', name);
    assert.ok(gaps.length >= 10);
  });
});
