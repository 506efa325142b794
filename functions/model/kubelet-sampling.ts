/**
 * Which nodes the opt-in kubelet configuration read samples (one per node group) and the permission it needs: pure,
 * so the checks can say which nodes stand for which group, and the collector reads exactly these.
 */
import type { KubeObject } from './snapshot.js';
import { text } from './untrusted.js';

export const KUBELET_CONFIG_PERMISSION = 'get nodes/proxy';

/** The node group a node stands for, or undefined for nodes without a kubelet we may read (Fargate). */
export function nodeGroupOf(node: KubeObject): string | undefined {
  const labels = node.metadata.labels ?? {};
  if (labels['eks.amazonaws.com/compute-type'] === 'fargate') return undefined;
  if (labels['eks.amazonaws.com/nodegroup']) return `nodegroup/${text(labels['eks.amazonaws.com/nodegroup'])}`;
  if (labels['karpenter.sh/nodepool']) return `nodepool/${text(labels['karpenter.sh/nodepool'])}`;
  const info = (node.status?.nodeInfo ?? {}) as Record<string, unknown>;
  return `os/${text(info.osImage, 'unknown')} kubelet/${text(info.kubeletVersion, 'unknown')}`;
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

/**
 * Which nodes a kubelet verdict rests on, in words: "2 of 4 nodes read, one per node group: a (nodegroup/x),
 * b (nodegroup/y); not read: c (nodegroup/x), d (Fargate: AWS operates its kubelet)". `nodes` is the node list
 * (undefined when it was not collected), `read` the samples the collector got.
 */
export function samplingCoverage(
  nodes: readonly KubeObject[] | undefined,
  read: readonly { node: string; group: string }[],
): string {
  const readList = read.map((r) => `${r.node} (${r.group})`).join(', ');
  if (nodes === undefined) {
    return `${read.length} node(s) read, one per node group: ${readList}; the node list was not collected, so the nodes not read are unknown`;
  }
  const readNames = new Set(read.map((r) => r.node));
  // The group as the node list says it, so read and unread nodes are named alike.
  const byName = new Map(nodes.map((n) => [n.metadata.name, n]));
  const groupOf = (r: { node: string; group: string }) => {
    const known = byName.get(r.node);
    return (known && nodeGroupOf(known)) ?? r.group;
  };
  const readNamed = read.map((r) => `${r.node} (${groupOf(r)})`).join(', ');
  const intended = new Set(sampleNodes(nodes).map((s) => s.node));
  const notRead = [...nodes]
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))
    .filter((n) => !readNames.has(n.metadata.name))
    .map((n) => {
      const group = nodeGroupOf(n);
      if (group === undefined) return `${n.metadata.name} (Fargate: AWS operates its kubelet)`;
      return intended.has(n.metadata.name)
        ? `${n.metadata.name} (${group}: its configz could not be read, see the collector gaps)`
        : `${n.metadata.name} (${group})`;
    });
  const noun = nodes.length === 1 ? 'node' : 'nodes';
  return (
    `${read.length} of ${nodes.length} ${noun} read, one per node group: ${readNamed || 'none'}; ` +
    `not read: ${notRead.length > 0 ? notRead.join(', ') : 'none'}`
  );
}
