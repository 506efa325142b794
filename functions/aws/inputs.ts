/**
 * What the AWS collectors take from the Kubernetes side: the images that run and the EC2 instances behind the nodes.
 * Pure functions over already-collected objects, so the pipeline can call them between the two collectors.
 */
import type { KubeObject } from '../model/snapshot.js';
import { isRecord } from '../model/untrusted.js';

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** `aws:///eu-west-1a/i-0123456789abcdef0` → `i-0123456789abcdef0`; Fargate and other providers give nothing. */
export function instanceIdFromProviderId(providerId: unknown): string | undefined {
  if (typeof providerId !== 'string' || !providerId.startsWith('aws://')) return undefined;
  const last = providerId.split('/').pop() ?? '';
  return /^i-[0-9a-f]+$/.test(last) ? last : undefined;
}

export function instanceIdsFromNodes(nodes: readonly KubeObject[]): string[] {
  const ids = new Set<string>();
  for (const node of nodes) {
    const id = instanceIdFromProviderId(isRecord(node.spec) ? node.spec.providerID : undefined);
    if (id) ids.add(id);
  }
  return [...ids];
}

/**
 * Image references of running pods: spec images and `status.containerStatuses[].imageID` (which carries the
 * digest that was actually pulled), across containers, init containers and ephemeral containers.
 */
export function imageUrisFromPods(pods: readonly KubeObject[]): string[] {
  const out = new Set<string>();
  for (const pod of pods) {
    const spec = isRecord(pod.spec) ? pod.spec : {};
    for (const key of ['containers', 'initContainers', 'ephemeralContainers']) {
      for (const c of list(spec[key])) if (isRecord(c) && typeof c.image === 'string') out.add(c.image);
    }
    const status = isRecord(pod.status) ? pod.status : {};
    for (const key of ['containerStatuses', 'initContainerStatuses', 'ephemeralContainerStatuses']) {
      for (const s of list(status[key]))
        if (isRecord(s) && typeof s.imageID === 'string' && s.imageID) out.add(s.imageID);
    }
  }
  return [...out];
}
