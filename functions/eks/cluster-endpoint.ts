import { type Cluster, DescribeClusterCommand, type EKSClient } from '@aws-sdk/client-eks';

export interface ClusterEndpoint {
  /** The API server URL, e.g. https://ABC.gr7.eu-west-1.eks.amazonaws.com */
  endpoint: string;
  /** The cluster CA bundle, base64 PEM, exactly as kubeconfig's certificate-authority-data wants it. */
  caData: string;
  /** The whole DescribeCluster `cluster`, kept for the AWS-side checks (logging, endpoint access, encryption…). */
  cluster: Cluster;
}

export class ClusterEndpointError extends Error {}

export async function describeClusterEndpoint(eks: EKSClient, name: string): Promise<ClusterEndpoint> {
  const out = await eks.send(new DescribeClusterCommand({ name }));
  const cluster = out.cluster;
  if (!cluster) throw new ClusterEndpointError(`eks:DescribeCluster ${name}: no cluster in the response`);
  if (!cluster.endpoint) {
    throw new ClusterEndpointError(
      `eks:DescribeCluster ${name}: no endpoint (cluster status ${cluster.status ?? 'unknown'})`,
    );
  }
  const caData = cluster.certificateAuthority?.data;
  if (!caData) throw new ClusterEndpointError(`eks:DescribeCluster ${name}: no certificateAuthority.data`);
  return { endpoint: cluster.endpoint, caData, cluster };
}
