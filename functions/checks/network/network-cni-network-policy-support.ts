import { asArray, isRecord, itemsOf, kubeInputs } from '../../model/namespace-scope.js';
import type { KubeObject, Snapshot } from '../../model/snapshot.js';
import type { CheckDefinition } from '../types.js';

const AGENT_CONTAINER = 'aws-network-policy-agent';
const VPC_CNI_SETTING = 'enable-network-policy-controller';

function containersOfDaemonSet(ds: KubeObject): Record<string, unknown>[] {
  const spec =
    isRecord(ds.spec) && isRecord(ds.spec.template) && isRecord(ds.spec.template.spec) ? ds.spec.template.spec : {};
  return asArray(spec.containers).filter(isRecord);
}

function argsOf(container: Record<string, unknown>): string[] {
  return [...asArray(container.args), ...asArray(container.command)].filter((a): a is string => typeof a === 'string');
}

/**
 * What the Kubernetes objects say about network policy enforcement. The VPC CNI add-on's own setting
 * (DescribeAddon configurationValues enableNetworkPolicy) is read by the AWS-side check for 5.4.4.
 */
export function networkPolicyEvidence(snapshot: Snapshot): { enforcing: string[]; notes: string[] } {
  const enforcing: string[] = [];
  const notes: string[] = [];
  const daemonSets = itemsOf(snapshot, 'daemonsets');
  for (const ds of daemonSets) {
    const name = ds.metadata.name;
    if (name === 'calico-node') enforcing.push(`Calico DaemonSet ${ds.metadata.namespace}/${name}`);
    if (name === 'cilium') enforcing.push(`Cilium DaemonSet ${ds.metadata.namespace}/${name}`);
    if (name !== 'aws-node' || ds.metadata.namespace !== 'kube-system') continue;
    const agent = containersOfDaemonSet(ds).find((c) => c.name === AGENT_CONTAINER);
    if (!agent) {
      notes.push(`DaemonSet kube-system/aws-node has no ${AGENT_CONTAINER} container`);
      continue;
    }
    const flag = argsOf(agent).find((a) => a.startsWith('--enable-network-policy='));
    if (flag === '--enable-network-policy=true')
      enforcing.push(`DaemonSet kube-system/aws-node container ${AGENT_CONTAINER} has ${flag}`);
    else
      notes.push(
        `DaemonSet kube-system/aws-node container ${AGENT_CONTAINER} has ${flag ?? 'no --enable-network-policy flag'}`,
      );
  }
  const cni = itemsOf(snapshot, 'configmaps').find(
    (c) => c.metadata.namespace === 'kube-system' && c.metadata.name === 'amazon-vpc-cni',
  );
  if (cni) {
    const value = isRecord(cni.settings) ? cni.settings[VPC_CNI_SETTING] : undefined;
    if (value === 'true') enforcing.push(`ConfigMap kube-system/amazon-vpc-cni ${VPC_CNI_SETTING} is "true"`);
    else
      notes.push(
        `ConfigMap kube-system/amazon-vpc-cni ${VPC_CNI_SETTING} is ${value === undefined ? 'not set' : `"${value}"`}`,
      );
  }
  for (const crd of itemsOf(snapshot, 'customresourcedefinitions')) {
    const n = crd.metadata.name;
    if (n === 'networkpolicies.crd.projectcalico.org' || n === 'globalnetworkpolicies.crd.projectcalico.org')
      enforcing.push(`Calico CRD ${n}`);
    if (n === 'ciliumnetworkpolicies.cilium.io') enforcing.push(`Cilium CRD ${n}`);
  }
  return { enforcing, notes };
}

/** CIS EKS 4.3.1, from the Kubernetes side. */
export const networkCniNetworkPolicySupport: CheckDefinition = {
  id: 'network-cni-network-policy-support',
  title: 'The CNI enforces NetworkPolicies',
  severity: 'high',
  family: 'network',
  rationale:
    'NetworkPolicy objects do nothing unless the CNI enforces them. The Amazon VPC CNI enforces them only when its ' +
    'network policy agent is enabled; otherwise every policy in the cluster is silently ignored.',
  deviation:
    'Kubescape C-0205 fails the AWS VPC CNI unless another CNI runs beside it; here the VPC CNI passes ' +
    'when its network policy agent enforces policies (--enable-network-policy=true, or ' +
    'enable-network-policy-controller in amazon-vpc-cni), as it can since VPC CNI 1.14.',
  remediation:
    'Enable network policy in the VPC CNI add-on: `aws eks update-addon --cluster-name C --addon-name vpc-cni ' +
    '--configuration-values \'{"enableNetworkPolicy": "true"}\'` (self-managed: set enable-network-policy-controller ' +
    '"true" in ConfigMap kube-system/amazon-vpc-cni and --enable-network-policy=true on the aws-network-policy-agent ' +
    'container), or run Calico or Cilium in policy mode.',
  references: { kubescape: ['C-0205'] },
  inputs: kubeInputs('daemonsets', 'configmaps', 'customresourcedefinitions'),
  evaluate(snapshot) {
    const { enforcing, notes } = networkPolicyEvidence(snapshot);
    const evaluatedCount = enforcing.length + notes.length;
    if (enforcing.length > 0) {
      return {
        status: 'pass',
        evaluatedCount,
        failing: [],
        reason: `network policy enforcement: ${enforcing.join('; ')}`,
      };
    }
    return {
      status: 'fail',
      evaluatedCount,
      failing: [
        {
          kind: 'DaemonSet',
          namespace: 'kube-system',
          name: 'aws-node',
          message: `no CNI enforcing NetworkPolicies was found${notes.length > 0 ? `: ${notes.join('; ')}` : ' (no aws-node, Calico or Cilium DaemonSet)'}`,
        },
      ],
    };
  },
};
