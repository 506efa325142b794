import type { KubeObject } from '../../model/snapshot.js';
import type { CheckDefinition, Finding, Observation } from '../types.js';
import { asArray, awsFinding, awsSeen, FAMILY, fact, isRecord, outcome } from './shared.js';

/** osImage prefixes of the EKS-optimized AMI families (and of Fargate and Auto Mode, which run them). */
const OS_FAMILIES: readonly { family: string; pattern: RegExp }[] = [
  { family: 'Amazon Linux 2023', pattern: /^Amazon Linux 2023(\b|\.)/ },
  { family: 'Amazon Linux 2', pattern: /^Amazon Linux 2(\s|$)/ },
  { family: 'Bottlerocket', pattern: /^Bottlerocket\b/ },
  { family: 'Windows Server', pattern: /^Windows Server\b/ },
];

/** Managed node group AMI types of the EKS-optimized families; `CUSTOM` (a launch template's own AMI) is not. */
const STOCK_AMI_TYPE = /^(AL2_|AL2023_|BOTTLEROCKET_|WINDOWS_)/;

function osFamily(osImage: string): string | undefined {
  return OS_FAMILIES.find((f) => f.pattern.test(osImage))?.family;
}

function osImageOf(node: KubeObject): string | undefined {
  const info = isRecord(node.status) && isRecord(node.status.nodeInfo) ? node.status.nodeInfo : undefined;
  return info && typeof info.osImage === 'string' && info.osImage !== '' ? info.osImage : undefined;
}

const count = (tally: Map<string, number>) => [...tally].map(([k, n]) => `${k} ×${n}`).join(', ');

/**
 * Compensating evidence for CIS EKS 3.1.1–3.1.4 (node file permissions, which need a shell on the node): stock
 * EKS-optimized and Bottlerocket AMIs ship the kubelet kubeconfig and config with 644 root:root or stricter, so a
 * cluster that runs only those families has the files as AWS built them. It does not prove nobody changed them.
 */
export const awsNodeAmiFamily: CheckDefinition = {
  id: 'aws-node-ami-family',
  title: 'Nodes run EKS-optimized AMI families',
  severity: 'info',
  family: FAMILY,
  rationale:
    'The kubelet kubeconfig and configuration file permissions (CIS 3.1) cannot be read without a shell on the ' +
    'node. EKS-optimized Amazon Linux 2/2023, Bottlerocket and Windows AMIs set them as the benchmark expects; a ' +
    'custom AMI may not, and its release cadence is its owner’s. The node OS images (Node.status.nodeInfo.osImage) ' +
    'and the node group AMI types and release versions (eks:DescribeNodegroup) are the evidence.',
  remediation:
    'Move custom-AMI node groups to an EKS-optimized AMI type (`amiType: AL2023_x86_64_STANDARD` or ' +
    '`BOTTLEROCKET_x86_64`), or keep evidence that the custom AMI is built from the EKS-optimized recipe ' +
    '(amazon-eks-ami) and run `stat -c "%a %U:%G"` on its kubelet files (CIS 3.1.1–3.1.4).',
  references: {},
  inputs: [
    { kind: 'kubernetes', inventory: 'nodes' },
    { kind: 'aws', fact: 'nodegroups', optional: true },
  ],
  evaluate(snapshot) {
    const nodesInv = snapshot.kubernetes.inventories.nodes;
    const nodes = nodesInv?.status === 'collected' ? nodesInv.items : [];
    const nodegroups = fact(snapshot, 'nodegroups');
    const failing: Finding[] = [];
    const families = new Map<string, number>();
    const evaluated: Observation[] = [];
    for (const node of nodes) {
      if (!isRecord(node) || !isRecord(node.metadata) || typeof node.metadata.name !== 'string') continue;
      const osImage = osImageOf(node);
      if (!osImage) continue;
      const family = osFamily(osImage);
      evaluated.push(
        awsSeen(
          'Node',
          node.metadata.name,
          `status.nodeInfo.osImage: "${osImage}" (${family ?? 'no EKS-optimized family'})`,
        ),
      );
      if (family) {
        families.set(family, (families.get(family) ?? 0) + 1);
        continue;
      }
      failing.push({
        kind: 'Node',
        namespace: null,
        name: node.metadata.name,
        message: `osImage "${osImage}" is not an EKS-optimized AMI family (Amazon Linux 2/2023, Bottlerocket, Windows)`,
        path: 'status.nodeInfo.osImage',
      });
    }
    const groups: string[] = [];
    for (const ng of asArray(nodegroups)) {
      if (!isRecord(ng) || typeof ng.nodegroupName !== 'string') continue;
      const amiType = typeof ng.amiType === 'string' ? ng.amiType : '(no amiType)';
      const release = typeof ng.releaseVersion === 'string' ? ng.releaseVersion : 'unknown';
      evaluated.push(awsSeen('Nodegroup', ng.nodegroupName, `amiType ${amiType}, releaseVersion ${release}`));
      groups.push(`${ng.nodegroupName} (${amiType}, release ${release})`);
      if (!STOCK_AMI_TYPE.test(amiType)) {
        failing.push(
          awsFinding(
            'Nodegroup',
            ng.nodegroupName,
            `amiType ${amiType}: the node group runs an AMI that is not EKS-optimized (release ${release})`,
            'amiType',
          ),
        );
      }
    }
    const nodePart = families.size > 0 ? `nodes: ${count(families)}` : 'no node OS image in an EKS-optimized family';
    const groupPart = nodegroups
      ? groups.length > 0
        ? `managed node groups: ${groups.join(', ')}`
        : 'no managed node groups'
      : 'node groups not collected (DescribeNodegroup)';
    return outcome({
      evaluated,
      failing,
      ifNoneEvaluated: 'no node reports an OS image and no managed node group was listed',
      reason: `${nodePart}; ${groupPart}`,
    });
  },
};
