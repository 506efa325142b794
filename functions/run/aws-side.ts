/**
 * The AWS side of one scanned cluster. The collectors need to know which images run and which EC2 instances are
 * nodes, and both come from the Kubernetes inventories, so this runs after the Kubernetes collection rather than
 * through collectSnapshot's `collectAws` hook (which sees only DescribeCluster).
 */
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { imageUrisFromPods, instanceIdsFromNodes } from '../aws/inputs.js';
import type { AwsSide, Gap, KubeObject, Snapshot } from '../model/snapshot.js';

export interface AwsSideInput {
  clusterName: string;
  region: string;
  credentials: AwsCredentialIdentityProvider;
  imageUris: string[];
  instanceIds: string[];
}

export type CollectAws = (input: AwsSideInput) => Promise<{ aws: AwsSide; gaps: Gap[] }>;

function items(snapshot: Snapshot, inventory: 'pods' | 'nodes'): KubeObject[] {
  const entry = snapshot.kubernetes.inventories[inventory];
  return entry?.status === 'collected' ? entry.items : [];
}

/** Images as pod specs name them and as the kubelet resolved them (`imageID` carries the digest). */
export function imageUrisOf(snapshot: Snapshot): string[] {
  return imageUrisFromPods(items(snapshot, 'pods'));
}

/** EC2 instance ids of the nodes; Fargate nodes have none. */
export function instanceIdsOf(snapshot: Snapshot): string[] {
  return instanceIdsFromNodes(items(snapshot, 'nodes'));
}

export function withAwsSide(snapshot: Snapshot, more: { aws: AwsSide; gaps: Gap[] }): Snapshot {
  return { ...snapshot, aws: { ...snapshot.aws, ...more.aws }, gaps: [...snapshot.gaps, ...more.gaps] };
}

/**
 * The real collectors with SDK clients for the cluster's region and the (possibly assumed) credentials;
 * `prepare` sees each client first (the scan Lambda wraps them for tracing).
 */
export function sdkAwsCollector(prepare?: (client: object) => void): CollectAws {
  return async (input) => {
    const { createAwsClients, createEcrClient, destroyAwsClients } = await import('../aws/clients.js');
    const { collectAwsSide } = await import('../aws/collect.js');
    const clients = createAwsClients({ region: input.region, credentials: input.credentials });
    if (prepare) for (const client of Object.values(clients)) prepare(client);
    // ECR clients for the other Regions the running images come from, made once each on first use.
    const ecrByRegion = new Map<string, ReturnType<typeof createEcrClient>>();
    const ecrClientFor = (region: string) => {
      let client = ecrByRegion.get(region);
      if (!client) {
        client = createEcrClient({ region, credentials: input.credentials });
        if (prepare) prepare(client);
        ecrByRegion.set(region, client);
      }
      return client;
    };
    try {
      return await collectAwsSide({
        clusterName: input.clusterName,
        region: input.region,
        clients,
        imageUris: input.imageUris,
        instanceIds: input.instanceIds,
        ecrClientFor,
      });
    } finally {
      destroyAwsClients(clients);
      for (const client of ecrByRegion.values()) client.destroy();
    }
  };
}

export const collectAwsWithSdk: CollectAws = sdkAwsCollector();
