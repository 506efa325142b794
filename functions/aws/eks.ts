/** EKS collectors: the cluster, its node groups, add-ons, access entries, Pod Identity and version support. */
import {
  DescribeAccessEntryCommand,
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  EKSClient,
  paginateDescribeClusterVersions,
  paginateListAccessEntries,
  paginateListAddons,
  paginateListAssociatedAccessPolicies,
  paginateListClusters,
  paginateListNodegroups,
  paginateListPodIdentityAssociations,
} from '@aws-sdk/client-eks';
import type {
  AccessEntryFact,
  AddonFact,
  ClusterVersionFact,
  EksClusterFact,
  NodegroupFact,
  PodIdentityAssociationFact,
} from '../model/aws-facts.js';
import { DEFAULT_MAX_ATTEMPTS } from './clients.js';
import { call } from './errors.js';
import { plain } from './plain.js';

/** Every cluster name in a region; [] for a region with none. Failures throw an AwsCallError naming the action. */
export async function discoverClusters(
  region: string,
  client: EKSClient = new EKSClient({ region, retryMode: 'standard', maxAttempts: DEFAULT_MAX_ATTEMPTS }),
): Promise<string[]> {
  const names: string[] = [];
  await call('eks:ListClusters', async () => {
    for await (const page of paginateListClusters({ client }, {})) names.push(...(page.clusters ?? []));
  });
  return names;
}

export async function collectCluster(client: EKSClient, name: string): Promise<EksClusterFact> {
  const out = await call('eks:DescribeCluster', () => client.send(new DescribeClusterCommand({ name })));
  if (!out.cluster) throw new Error(`DescribeCluster returned no cluster for ${name}`);
  return plain<EksClusterFact>(out.cluster);
}

export async function collectNodegroups(client: EKSClient, clusterName: string): Promise<NodegroupFact[]> {
  const names: string[] = [];
  await call('eks:ListNodegroups', async () => {
    for await (const page of paginateListNodegroups({ client }, { clusterName }))
      names.push(...(page.nodegroups ?? []));
  });
  const out: NodegroupFact[] = [];
  for (const nodegroupName of names) {
    const res = await call('eks:DescribeNodegroup', () =>
      client.send(new DescribeNodegroupCommand({ clusterName, nodegroupName })),
    );
    if (res.nodegroup) out.push(plain<NodegroupFact>(res.nodegroup));
  }
  return out;
}

export async function collectAddons(client: EKSClient, clusterName: string): Promise<AddonFact[]> {
  const names: string[] = [];
  await call('eks:ListAddons', async () => {
    for await (const page of paginateListAddons({ client }, { clusterName })) names.push(...(page.addons ?? []));
  });
  const out: AddonFact[] = [];
  for (const addonName of names) {
    const res = await call('eks:DescribeAddon', () =>
      client.send(new DescribeAddonCommand({ clusterName, addonName })),
    );
    if (res.addon) out.push(plain<AddonFact>(res.addon));
  }
  return out;
}

export async function collectAccessEntries(client: EKSClient, clusterName: string): Promise<AccessEntryFact[]> {
  const principals: string[] = [];
  await call('eks:ListAccessEntries', async () => {
    for await (const page of paginateListAccessEntries({ client }, { clusterName }))
      principals.push(...(page.accessEntries ?? []));
  });
  const out: AccessEntryFact[] = [];
  for (const principalArn of principals) {
    const described = await call('eks:DescribeAccessEntry', () =>
      client.send(new DescribeAccessEntryCommand({ clusterName, principalArn })),
    );
    const associatedPolicies: AccessEntryFact['associatedPolicies'] = [];
    await call('eks:ListAssociatedAccessPolicies', async () => {
      for await (const page of paginateListAssociatedAccessPolicies({ client }, { clusterName, principalArn })) {
        for (const p of page.associatedAccessPolicies ?? []) {
          associatedPolicies.push(plain({ policyArn: p.policyArn, accessScope: p.accessScope }));
        }
      }
    });
    const entry: AccessEntryFact = { principalArn, associatedPolicies };
    if (described.accessEntry?.type) entry.type = described.accessEntry.type;
    if (described.accessEntry?.createdAt) entry.createdAt = plain<string>(described.accessEntry.createdAt);
    if (described.accessEntry?.kubernetesGroups) entry.kubernetesGroups = [...described.accessEntry.kubernetesGroups];
    out.push(entry);
  }
  return out;
}

export async function collectPodIdentityAssociations(
  client: EKSClient,
  clusterName: string,
): Promise<PodIdentityAssociationFact[]> {
  const out: PodIdentityAssociationFact[] = [];
  await call('eks:ListPodIdentityAssociations', async () => {
    for await (const page of paginateListPodIdentityAssociations({ client }, { clusterName }))
      out.push(...plain<PodIdentityAssociationFact[]>(page.associations ?? []));
  });
  return out;
}

/** The support window of the cluster's Kubernetes version; null when EKS no longer lists that version. */
export async function collectClusterVersion(client: EKSClient, version: string): Promise<ClusterVersionFact | null> {
  let found: ClusterVersionFact | null = null;
  await call('eks:DescribeClusterVersions', async () => {
    for await (const page of paginateDescribeClusterVersions(
      { client },
      { clusterVersions: [version], includeAll: true },
    )) {
      const match = (page.clusterVersions ?? []).find((v) => v.clusterVersion === version);
      if (match && !found) found = plain<ClusterVersionFact>(match);
    }
  });
  return found;
}
