import type { CheckDefinition, Finding, Observation } from '../types.js';
import { awsSeen, FAMILY, fact, missingFact, notApplicable, notAssessed, outcome } from './shared.js';
import { minorVersion } from './versions.js';

/** Kubernetes supports kubelets up to three minor versions older than the API server (1.28 and later). */
export const MAX_SUPPORTED_SKEW = 3;

/**
 * Risk area 8: nodes left behind after a control-plane upgrade run an old kubelet and usually an old AMI (kernel,
 * containerd). Any minor-version difference fails; the message says when it is beyond the supported skew.
 */
export const awsNodeKubeletVersionSkew: CheckDefinition = {
  id: 'aws-node-kubelet-version-skew',
  title: 'Node kubelets run the same minor version as the control plane',
  severity: 'medium',
  family: FAMILY,
  rationale:
    'A node whose kubelet lags the control plane missed the node-side half of the upgrade: the kubelet, container ' +
    'runtime, kernel and AMI patches that came with it. Beyond the supported skew the kubelet may misbehave.',
  remediation:
    'Upgrade the node groups to the cluster version: `aws eks update-nodegroup-version --cluster-name CLUSTER ' +
    '--nodegroup-name NG` (or roll the Karpenter NodePool / self-managed launch template to the current AMI).',
  references: {},
  inputs: [
    { kind: 'aws', fact: 'cluster' },
    { kind: 'kubernetes', inventory: 'nodes' },
  ],
  evaluate(snapshot) {
    const cluster = fact(snapshot, 'cluster');
    if (!cluster) return missingFact('cluster');
    const control = minorVersion(cluster.version ?? snapshot.cluster.kubernetesVersion);
    if (!control) return notAssessed('the cluster version is unknown');
    const nodes = snapshot.kubernetes.inventories.nodes;
    const items = nodes?.status === 'collected' ? nodes.items : [];
    if (items.length === 0) return notApplicable('the cluster has no nodes');
    const failing: Finding[] = [];
    const evaluated: Observation[] = [];
    for (const node of items) {
      const kubelet = node.status?.nodeInfo?.kubeletVersion;
      const v = minorVersion(kubelet);
      if (!v) continue;
      evaluated.push(
        awsSeen(
          'Node',
          node.metadata.name,
          `status.nodeInfo.kubeletVersion: ${kubelet} (control plane ${control.major}.${control.minor})`,
        ),
      );
      if (v.major === control.major && v.minor === control.minor) continue;
      const behind = (control.major - v.major) * 100 + control.minor - v.minor;
      const detail =
        behind < 0
          ? 'newer than the control plane (unsupported)'
          : `${behind} minor version(s) behind${behind > MAX_SUPPORTED_SKEW ? ', beyond the supported skew' : ''}`;
      failing.push({
        kind: 'Node',
        namespace: null,
        name: node.metadata.name,
        message: `kubelet ${kubelet} vs control plane ${control.major}.${control.minor}: ${detail}`,
        path: 'status.nodeInfo.kubeletVersion',
      });
    }
    return outcome({ evaluated, failing, ifNoneEvaluated: 'no node reports a kubelet version' });
  },
};
