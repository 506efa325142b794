import { parse as parseYaml } from 'yaml';
import type { CheckDefinition } from '../types.js';
import {
  awsFinding,
  awsSeen,
  FAMILY,
  fact,
  factInputs,
  isRecord,
  missingFact,
  notAssessed,
  outcome,
  showWhole,
} from './shared.js';

/** `enableNetworkPolicy` from the add-on's configurationValues (JSON or YAML text); undefined when absent. */
export function networkPolicySetting(configurationValues: unknown): unknown {
  if (typeof configurationValues !== 'string' || configurationValues.trim() === '') return undefined;
  let parsed: unknown;
  try {
    // YAML is a superset of JSON; EKS accepts both. Warnings (an unknown directive) would only be stderr noise.
    parsed = parseYaml(configurationValues, { logLevel: 'error' });
  } catch {
    return undefined;
  }
  return isRecord(parsed) ? parsed.enableNetworkPolicy : undefined;
}

/**
 * CIS EKS 5.4.4 (Prowler eks_cluster_vpc_cni_network_policy_enforced). Kubescape's C-0230 only looks for Calico or
 * Cilium; here the EKS add-on setting is read. A cluster whose CNI is not the managed vpc-cni add-on cannot be
 * judged from the EKS API, so the check says not-assessed rather than fail (4.3.1 carries the Kubernetes evidence).
 */
export const awsVpcCniNetworkPolicy: CheckDefinition = {
  id: 'aws-vpc-cni-network-policy',
  title: 'The VPC CNI add-on enforces NetworkPolicies',
  severity: 'medium',
  family: FAMILY,
  rationale:
    'Without an enforcing network policy engine, NetworkPolicy objects are accepted and silently ignored: every pod ' +
    'can reach every other pod, and a compromised pod can move laterally across namespaces.',
  deviation:
    "Reads what CIS 1.8.0 5.4.4 names, the VPC CNI add-on's enableNetworkPolicy, where Kubescape C-0230 " +
    "looks only for Calico or Cilium among the node's CNIs, so the VPC CNI's own enforcement fails there " +
    'and passes here.',
  remediation:
    'Turn on network policy in the add-on: `aws eks update-addon --cluster-name CLUSTER --addon-name vpc-cni ' +
    '--configuration-values \'{"enableNetworkPolicy":"true"}\'`, then write default-deny policies per namespace.',
  references: {
    kubescape: ['C-0230'],
    prowler: ['eks_cluster_vpc_cni_network_policy_enforced'],
  },
  inputs: factInputs('addons'),
  evaluate(snapshot) {
    const addons = fact(snapshot, 'addons');
    if (!addons) return missingFact('addons');
    const cni = addons.find((a) => a.addonName === 'vpc-cni');
    if (!cni) {
      return notAssessed(
        'vpc-cni is not installed as an EKS add-on, so the EKS API cannot show network policy enforcement ' +
          '(see CIS 4.3.1 for the CNI evidence from the cluster)',
      );
    }
    const setting = networkPolicySetting(cni.configurationValues);
    const enabled = setting === true || (typeof setting === 'string' && setting.toLowerCase() === 'true');
    const shown = setting === undefined ? 'not set' : JSON.stringify(setting);
    const failing = enabled
      ? []
      : [
          awsFinding(
            'EksAddon',
            'vpc-cni',
            `configurationValues.enableNetworkPolicy is ${shown}`,
            'configurationValues',
          ),
        ];
    return outcome({
      evaluated: [
        awsSeen(
          'EksAddon',
          'vpc-cni',
          `addonVersion ${showWhole(cni.addonVersion)}, configurationValues.enableNetworkPolicy: ${shown}`,
        ),
      ],
      failing,
      ifNoneEvaluated: 'no vpc-cni add-on',
      passReason: 'enableNetworkPolicy is true',
    });
  },
};
