/**
 * Which nodes the opt-in kubelet configuration read samples (one per node group) and the permission it needs: pure,
 * so the checks can say which nodes stand for which group, and the collector reads exactly these.
 */
import type { KubeObject } from './snapshot.js';

export const KUBELET_CONFIG_PERMISSION = 'get nodes/proxy';

/** The node group a node stands for, or undefined for nodes without a kubelet we may read (Fargate). */
export function nodeGroupOf(node: KubeObject): string | undefined {
  const labels = node.metadata.labels ?? {};
  if (labels['eks.amazonaws.com/compute-type'] === 'fargate') return undefined;
  if (labels['eks.amazonaws.com/nodegroup']) return `nodegroup/${labels['eks.amazonaws.com/nodegroup']}`;
  if (labels['karpenter.sh/nodepool']) return `nodepool/${labels['karpenter.sh/nodepool']}`;
  const info = (node.status?.nodeInfo ?? {}) as Record<string, unknown>;
  return `os/${String(info.osImage ?? 'unknown')} kubelet/${String(info.kubeletVersion ?? 'unknown')}`;
}

/** One node per group, the first by name so repeated scans read the same node. */
export function sampleNodes(nodes: readonly KubeObject[]): { node: string; group: string }[] {
  const byGroup = new Map<string, string>();
  for (const node of [...nodes].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
    const group = nodeGroupOf(node);
    if (group !== undefined && !byGroup.has(group)) byGroup.set(group, node.metadata.name);
  }
  return [...byGroup].map(([group, node]) => ({ node, group }));
}
