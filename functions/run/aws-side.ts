/**
 * The AWS side of one scanned cluster. The collectors need to know which images run and which EC2 instances are
 * nodes, and both come from the Kubernetes inventories, so this runs after the Kubernetes collection rather than
 * through collectSnapshot's `collectAws` hook (which sees only DescribeCluster).
 */
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { AwsSide, Gap, KubeObject, Snapshot } from '../snapshot/types.js';

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
  const uris = new Set<string>();
  for (const pod of items(snapshot, 'pods')) {
    const spec = pod.spec ?? {};
    for (const list of [spec.containers, spec.initContainers, spec.ephemeralContainers]) {
      for (const c of Array.isArray(list) ? list : []) if (typeof c?.image === 'string') uris.add(c.image);
    }
    const status = pod.status ?? {};
    for (const list of [status.containerStatuses, status.initContainerStatuses]) {
      for (const s of Array.isArray(list) ? list : [])
        if (typeof s?.imageID === 'string' && s.imageID) uris.add(s.imageID);
    }
  }
  return [...uris];
}

/** EC2 instance ids from `spec.providerID` (aws:///eu-west-1a/i-0123…); Fargate nodes have none. */
export function instanceIdsOf(snapshot: Snapshot): string[] {
  const ids = new Set<string>();
  for (const node of items(snapshot, 'nodes')) {
    const m = /^aws:\/\/\/[^/]+\/(i-[0-9a-f]+)$/.exec(String(node.spec?.providerID ?? ''));
    if (m) ids.add(m[1]);
  }
  return [...ids];
}

export function withAwsSide(snapshot: Snapshot, more: { aws: AwsSide; gaps: Gap[] }): Snapshot {
  return { ...snapshot, aws: { ...snapshot.aws, ...more.aws }, gaps: [...snapshot.gaps, ...more.gaps] };
}

/** The real collectors with SDK clients for the cluster's region and the (possibly assumed) credentials. */
export const collectAwsWithSdk: CollectAws = async (input) => {
  const { createAwsClients } = await import('../aws/clients.js');
  const { collectAwsSide } = await import('../aws/collect.js');
  const clients = createAwsClients({ region: input.region, credentials: input.credentials });
  try {
    return await collectAwsSide({
      clusterName: input.clusterName,
      region: input.region,
      clients,
      imageUris: input.imageUris,
      instanceIds: input.instanceIds,
    });
  } finally {
    for (const client of Object.values(clients)) client.destroy();
  }
};
