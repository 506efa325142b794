/**
 * Collects every AWS-side fact of one cluster. Each fact is independent: a denied or failed call makes that fact
 * `not-collected` (naming the IAM action) and adds a gap, and the rest goes on. This function never throws.
 */

import type { AwsFactName, AwsFacts } from '../model/aws-facts.js';
import type { AwsSide, CollectedValue, Gap, NotCollected } from '../model/snapshot.js';
import type { AwsClients } from './clients.js';
import { collectInstances, collectRouteTables, collectSubnets } from './ec2.js';
import {
  collectImageFindings,
  collectInspector,
  collectRegistryScanning,
  collectRepositories,
  type EcrClientFor,
} from './ecr.js';
import {
  collectAccessEntries,
  collectAddons,
  collectCluster,
  collectClusterVersion,
  collectNodegroups,
  collectPodIdentityAssociations,
} from './eks.js';
import { dependsOn, notCollectedFrom } from './errors.js';
import { collectGuardDuty } from './guardduty.js';
import { collectNodeRolePolicies, roleNameFromArn, rolesOfInstanceProfiles } from './iam.js';
import { ecrImages } from './image-refs.js';
import { collectLogGroup } from './logs.js';

export interface CollectAwsSideInput {
  clusterName: string;
  region: string;
  clients: AwsClients;
  /** Images the cluster runs (pod specs and `status.containerStatuses[].imageID`); only ECR ones are looked up. */
  imageUris: readonly string[];
  /** EC2 instance ids of the nodes (from `Node.spec.providerID`); without them instances are found by cluster tags. */
  instanceIds?: readonly string[];
  /**
   * ECR clients for the other Regions the running ECR images come from (same credentials); the caller destroys them.
   * Without it, only the cluster's Region is read and images from other Regions are left out.
   */
  ecrClientFor?: EcrClientFor;
}

type Entry<K extends AwsFactName> = CollectedValue<AwsFacts[K]>;

export async function collectAwsSide(input: CollectAwsSideInput): Promise<{ aws: AwsSide; gaps: Gap[] }> {
  const { clusterName, region, clients } = input;
  const aws: AwsSide = {};
  const gaps: Gap[] = [];

  async function attempt<K extends AwsFactName>(fact: K, run: () => Promise<AwsFacts[K]>): Promise<Entry<K>> {
    let entry: Entry<K>;
    try {
      entry = { status: 'collected', value: await run() };
    } catch (err) {
      const failed = notCollectedFrom(fact, err);
      gaps.push(failed.gap);
      entry = failed.fact;
    }
    (aws as Record<string, unknown>)[fact] = entry;
    return entry;
  }
  function skip<K extends AwsFactName>(fact: K, upstream: AwsFactName, upstreamEntry: NotCollected): void {
    aws[fact] = dependsOn(upstream, upstreamEntry);
  }

  const ecrClientFor = input.ecrClientFor;
  const images = ecrImages(input.imageUris).filter((i) => i.region === region || ecrClientFor !== undefined);
  const ecrIn: EcrClientFor = (r) => (r === region || !ecrClientFor ? clients.ecr : ecrClientFor(r));
  // Independent facts run together; only the three that later facts build on are kept by name.
  const [cluster, nodegroups, , , , , , , , , , instances] = await Promise.all([
    attempt('cluster', () => collectCluster(clients.eks, clusterName)),
    attempt('nodegroups', () => collectNodegroups(clients.eks, clusterName)),
    attempt('addons', () => collectAddons(clients.eks, clusterName)),
    attempt('accessEntries', () => collectAccessEntries(clients.eks, clusterName)),
    attempt('podIdentityAssociations', () => collectPodIdentityAssociations(clients.eks, clusterName)),
    attempt('ecrRegistryScanning', () => collectRegistryScanning(ecrIn, region, images)),
    attempt('ecrRepositories', () => collectRepositories(ecrIn, images)),
    attempt('imageFindings', () => collectImageFindings(ecrIn, images)),
    attempt('inspector', () => collectInspector(clients.inspector)),
    attempt('guardDuty', () => collectGuardDuty(clients.guardDuty)),
    attempt('logGroup', () => collectLogGroup(clients.logs, clusterName)),
    attempt('instances', () => collectInstances(clients.ec2, clusterName, input.instanceIds ?? [])),
  ]);

  if (cluster.status === 'collected') {
    const version = cluster.value.version;
    if (version) await attempt('clusterVersion', () => collectClusterVersion(clients.eks, version));
    else aws.clusterVersion = { status: 'not-collected', reason: 'DescribeCluster returned no Kubernetes version' };
  } else skip('clusterVersion', 'cluster', cluster);

  const groups = nodegroups.status === 'collected' ? nodegroups.value : [];
  if (instances.status === 'collected') {
    const subnetIds = [
      ...groups.flatMap((g) => g.subnets ?? []),
      ...instances.value.flatMap((i) => (i.SubnetId ? [i.SubnetId] : [])),
    ];
    const subnets = await attempt('subnets', () => collectSubnets(clients.ec2, subnetIds));
    if (subnets.status === 'collected') {
      const vpcIds = subnets.value.flatMap((s) => (s.VpcId ? [s.VpcId] : []));
      const ids = subnets.value.flatMap((s) => (s.SubnetId ? [s.SubnetId] : []));
      await attempt('routeTables', () => collectRouteTables(clients.ec2, ids, vpcIds));
    } else skip('routeTables', 'subnets', subnets);

    await attempt('nodeRolePolicies', async () => {
      // Node groups name their role; other EC2 nodes (self-managed, Karpenter) only through their instance profile.
      const roles: { roleName: string; roleArn?: string }[] = groups.flatMap((g) =>
        g.nodeRole ? [{ roleName: roleNameFromArn(g.nodeRole), roleArn: g.nodeRole }] : [],
      );
      const profileArns = instances.value.flatMap((i) => (i.IamInstanceProfile?.Arn ? [i.IamInstanceProfile.Arn] : []));
      for (const roleName of await rolesOfInstanceProfiles(clients.iam, profileArns)) roles.push({ roleName });
      return collectNodeRolePolicies(clients.iam, roles);
    });
  } else {
    skip('subnets', 'instances', instances);
    skip('routeTables', 'instances', instances);
    skip('nodeRolePolicies', 'instances', instances);
  }

  return { aws, gaps };
}
