/** EKS collectors: happy path, pagination, missing optional fields, a region without clusters. */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import {
  DescribeAccessEntryCommand,
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeClusterVersionsCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListAccessEntriesCommand,
  ListAddonsCommand,
  ListAssociatedAccessPoliciesCommand,
  ListClustersCommand,
  ListNodegroupsCommand,
  ListPodIdentityAssociationsCommand,
} from '@aws-sdk/client-eks';
import { mockClient } from 'aws-sdk-client-mock';
import {
  collectAccessEntries,
  collectAddons,
  collectCluster,
  collectClusterVersion,
  collectNodegroups,
  collectPodIdentityAssociations,
  discoverClusters,
} from '../../functions/aws/eks.js';
import { AwsCallError } from '../../functions/aws/errors.js';
import { accessDenied, REGION } from './helpers.js';

const client = new EKSClient({ region: REGION, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
const eks = mockClient(client);
afterEach(() => eks.reset());

describe('discoverClusters', () => {
  test('follows pagination across two pages', async () => {
    eks
      .on(ListClustersCommand)
      .resolvesOnce({ clusters: ['a', 'b'], nextToken: 't1' })
      .resolvesOnce({ clusters: ['c'] });
    assert.deepEqual(await discoverClusters(REGION, client), ['a', 'b', 'c']);
    const calls = eks.commandCalls(ListClustersCommand);
    assert.equal(calls.length, 2);
    assert.equal(calls[1].args[0].input.nextToken, 't1');
  });

  test('a region with no clusters gives an empty list', async () => {
    eks.on(ListClustersCommand).resolves({ clusters: [] });
    assert.deepEqual(await discoverClusters(REGION, client), []);
    eks.on(ListClustersCommand).resolves({});
    assert.deepEqual(await discoverClusters(REGION, client), []);
  });

  test('AccessDenied throws an error naming the action', async () => {
    eks.on(ListClustersCommand).rejects(accessDenied('eks:ListClusters'));
    await assert.rejects(discoverClusters(REGION, client), (err: unknown) => {
      assert.ok(err instanceof AwsCallError);
      assert.equal(err.action, 'eks:ListClusters');
      return true;
    });
  });
});

describe('EKS collectors', () => {
  test('DescribeCluster: dates become ISO strings, fields are kept', async () => {
    eks.on(DescribeClusterCommand, { name: 'prod' }).resolves({
      cluster: {
        name: 'prod',
        version: '1.31',
        createdAt: new Date('2024-01-02T03:04:05Z'),
        accessConfig: { authenticationMode: 'API' },
      },
    });
    const cluster = await collectCluster(client, 'prod');
    assert.equal(cluster.version, '1.31');
    assert.equal(cluster.createdAt, '2024-01-02T03:04:05.000Z');
    assert.equal(cluster.accessConfig?.authenticationMode, 'API');
  });

  test('DescribeCluster with only a name (no logging, no encryption) still collects', async () => {
    eks.on(DescribeClusterCommand).resolves({ cluster: { name: 'bare' } });
    const cluster = await collectCluster(client, 'bare');
    assert.deepEqual(cluster, { name: 'bare' });
  });

  test('node groups: ListNodegroups paginated, each described', async () => {
    eks
      .on(ListNodegroupsCommand)
      .resolvesOnce({ nodegroups: ['ng-1'], nextToken: 'n' })
      .resolvesOnce({ nodegroups: ['ng-2'] });
    eks.on(DescribeNodegroupCommand).callsFake((input: { nodegroupName: string }) => ({
      nodegroup: {
        nodegroupName: input.nodegroupName,
        amiType: 'AL2023_x86_64_STANDARD',
        nodeRole: 'arn:aws:iam::1:role/n',
      },
    }));
    const groups = await collectNodegroups(client, 'prod');
    assert.deepEqual(
      groups.map((g) => g.nodegroupName),
      ['ng-1', 'ng-2'],
    );
    assert.equal(groups[1].amiType, 'AL2023_x86_64_STANDARD');
  });

  test('add-ons: configurationValues kept as the API string', async () => {
    eks.on(ListAddonsCommand).resolves({ addons: ['vpc-cni'] });
    eks.on(DescribeAddonCommand).resolves({
      addon: { addonName: 'vpc-cni', addonVersion: 'v1.19.0', configurationValues: '{"enableNetworkPolicy":"true"}' },
    });
    const addons = await collectAddons(client, 'prod');
    assert.equal(addons[0].configurationValues, '{"enableNetworkPolicy":"true"}');
  });

  test('access entries: type, creation time, groups and associated policies over two pages', async () => {
    eks.on(ListAccessEntriesCommand).resolves({ accessEntries: ['arn:aws:iam::1:role/admin'] });
    eks.on(DescribeAccessEntryCommand).resolves({
      accessEntry: {
        principalArn: 'arn:aws:iam::1:role/admin',
        type: 'STANDARD',
        kubernetesGroups: ['ops'],
        createdAt: new Date('2024-06-03T08:40:11.902Z'),
      },
    });
    eks
      .on(ListAssociatedAccessPoliciesCommand)
      .resolvesOnce({
        associatedAccessPolicies: [
          {
            policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
            accessScope: { type: 'cluster' },
            associatedAt: new Date(0),
          },
        ],
        nextToken: 'p2',
      })
      .resolvesOnce({
        associatedAccessPolicies: [
          {
            policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy',
            accessScope: { type: 'namespace', namespaces: ['a'] },
          },
        ],
      });
    const entries = await collectAccessEntries(client, 'prod');
    assert.deepEqual(entries, [
      {
        principalArn: 'arn:aws:iam::1:role/admin',
        type: 'STANDARD',
        createdAt: '2024-06-03T08:40:11.902Z',
        kubernetesGroups: ['ops'],
        associatedPolicies: [
          {
            policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
            accessScope: { type: 'cluster' },
          },
          {
            policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy',
            accessScope: { type: 'namespace', namespaces: ['a'] },
          },
        ],
      },
    ]);
  });

  test('pod identity associations, paginated', async () => {
    eks
      .on(ListPodIdentityAssociationsCommand)
      .resolvesOnce({ associations: [{ namespace: 'a', serviceAccount: 'x' }], nextToken: 'z' })
      .resolvesOnce({ associations: [{ namespace: 'b', serviceAccount: 'y' }] });
    const out = await collectPodIdentityAssociations(client, 'prod');
    assert.deepEqual(
      out.map((a) => a.namespace),
      ['a', 'b'],
    );
  });

  test('cluster version support window, and null when EKS does not list the version', async () => {
    eks.on(DescribeClusterVersionsCommand).resolves({
      clusterVersions: [
        {
          clusterVersion: '1.29',
          versionStatus: 'EXTENDED_SUPPORT',
          endOfStandardSupportDate: new Date('2025-03-23T00:00:00Z'),
          endOfExtendedSupportDate: new Date('2026-03-23T00:00:00Z'),
        },
      ],
    });
    const v = await collectClusterVersion(client, '1.29');
    assert.equal(v?.versionStatus, 'EXTENDED_SUPPORT');
    assert.equal(v?.endOfStandardSupportDate, '2025-03-23T00:00:00.000Z');
    assert.deepEqual(eks.commandCalls(DescribeClusterVersionsCommand)[0].args[0].input.clusterVersions, ['1.29']);
    eks.on(DescribeClusterVersionsCommand).resolves({ clusterVersions: [] });
    assert.equal(await collectClusterVersion(client, '1.10'), null);
  });
});
