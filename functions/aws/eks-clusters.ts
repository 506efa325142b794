/** The EKS calls discovery makes: the clusters of one region (eks:ListClusters) and one cluster's tags. */
import { DescribeClusterCommand, type EKSClient, paginateListClusters } from '@aws-sdk/client-eks';

export async function listClusterNames(eks: EKSClient): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListClusters({ client: eks }, {})) names.push(...(page.clusters ?? []));
  return names;
}

/** Tags are only on DescribeCluster (eks:DescribeCluster). */
export async function clusterTags(eks: EKSClient, name: string): Promise<Record<string, string> | undefined> {
  const { cluster } = await eks.send(new DescribeClusterCommand({ name }));
  return cluster?.tags;
}
