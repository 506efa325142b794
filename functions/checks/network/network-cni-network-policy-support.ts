import { asArray, isRecord, itemsOf, kubeInputs } from '../../model/namespace-scope.js';
import type { KubeObject, Snapshot } from '../../model/snapshot.js';
import { outcome, seen } from '../outcome.js';
import type { CheckDefinition, Observation } from '../types.js';

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

/** One piece of evidence: the object it was read on, what it says, and whether it shows enforcement. */
interface PolicyEvidence {
  seen: Observation;
  /** The evidence in words, object included: "Calico DaemonSet kube-system/calico-node". */
  words: string;
  enforcing: boolean;
}

/**
 * What the Kubernetes objects say about network policy enforcement. The VPC CNI add-on's own setting
 * (DescribeAddon configurationValues enableNetworkPolicy) is read by the AWS-side check for 5.4.4.
 */
export function networkPolicyEvidence(snapshot: Snapshot): PolicyEvidence[] {
  const out: PolicyEvidence[] = [];
  const add = (obj: KubeObject, words: string, enforcing: boolean, observed: string) =>
    out.push({ seen: seen(obj, observed), words, enforcing });
  for (const ds of itemsOf(snapshot, 'daemonsets')) {
    const name = ds.metadata.name;
    if (name === 'calico-node') add(ds, `Calico DaemonSet ${ds.metadata.namespace}/${name}`, true, 'Calico node agent');
    if (name === 'cilium') add(ds, `Cilium DaemonSet ${ds.metadata.namespace}/${name}`, true, 'Cilium agent');
    if (name !== 'aws-node' || ds.metadata.namespace !== 'kube-system') continue;
    const agent = containersOfDaemonSet(ds).find((c) => c.name === AGENT_CONTAINER);
    if (!agent) {
      add(
        ds,
        `DaemonSet kube-system/aws-node has no ${AGENT_CONTAINER} container`,
        false,
        `no ${AGENT_CONTAINER} container`,
      );
      continue;
    }
    const flag = argsOf(agent).find((a) => a.startsWith('--enable-network-policy='));
    const has = `container ${AGENT_CONTAINER} has ${flag ?? 'no --enable-network-policy flag'}`;
    add(ds, `DaemonSet kube-system/aws-node ${has}`, flag === '--enable-network-policy=true', has);
  }
  const cni = itemsOf(snapshot, 'configmaps').find(
    (c) => c.metadata.namespace === 'kube-system' && c.metadata.name === 'amazon-vpc-cni',
  );
  if (cni) {
    const value = isRecord(cni.settings) ? cni.settings[VPC_CNI_SETTING] : undefined;
    const is = `${VPC_CNI_SETTING} is ${value === undefined ? 'not set' : `"${value}"`}`;
    add(cni, `ConfigMap kube-system/amazon-vpc-cni ${is}`, value === 'true', is);
  }
  for (const crd of itemsOf(snapshot, 'customresourcedefinitions')) {
    const n = crd.metadata.name;
    if (n === 'networkpolicies.crd.projectcalico.org' || n === 'globalnetworkpolicies.crd.projectcalico.org')
      add(crd, `Calico CRD ${n}`, true, 'Calico policy CRD installed');
    if (n === 'ciliumnetworkpolicies.cilium.io') add(crd, `Cilium CRD ${n}`, true, 'Cilium policy CRD installed');
  }
  return out;
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
    const evidence = networkPolicyEvidence(snapshot);
    const enforcing = evidence.filter((e) => e.enforcing).map((e) => e.words);
    const notes = evidence.filter((e) => !e.enforcing).map((e) => e.words);
    return outcome({
      // What shows enforcement first, so a pass's evidence sample leads with it.
      evaluated: [...evidence.filter((e) => e.enforcing), ...evidence.filter((e) => !e.enforcing)].map((e) => e.seen),
      failing:
        enforcing.length > 0
          ? []
          : [
              {
                kind: 'DaemonSet',
                namespace: 'kube-system',
                name: 'aws-node',
                message: `no CNI enforcing NetworkPolicies was found${notes.length > 0 ? `: ${notes.join('; ')}` : ' (no aws-node, Calico or Cilium DaemonSet)'}`,
              },
            ],
      ifNoneEvaluated: 'no aws-node, Calico or Cilium DaemonSet',
      passReason: `network policy enforcement: ${enforcing.join('; ')}`,
    });
  },
};
