/**
 * What every kubelet check (CIS EKS 3.2.x) shares. Each rule reads one sampled node's effective KubeletConfiguration
 * (the `kubeletconfig` object of configz) and reports the node and the value it observed.
 *
 * configz serialises KubeletConfiguration with `omitempty`: a zero value (readOnlyPort 0, a false plain bool) is
 * absent rather than present, so "absent" means the zero value, not "unknown".
 *
 * Fargate and EKS Auto Mode nodes run a kubelet AWS configures and operates; they are not applicable, not failing.
 */
import { samplingCoverage } from '../../model/kubelet-sampling.js';
import type { KubeletConfigSample, KubeObject, Snapshot } from '../../model/snapshot.js';
import { isRecord, text } from '../../model/untrusted.js';
import { notApplicable, notAssessed, outcome } from '../outcome.js';
import type { CheckDefinition, CheckOutcome, Finding, Observation } from '../types.js';

export { isRecord };

export const FAMILY = 'kubelet';

const AWS_MANAGED_COMPUTE = new Set(['fargate', 'auto']);

/** A violation on one node: the observed value in words and the field it came from. */
export interface KubeletViolation {
  message: string;
  field: string;
}

export type KubeletRule = (config: Record<string, unknown>) => KubeletViolation | null;

export type KubeletCheckMeta = Omit<CheckDefinition, 'family' | 'inputs' | 'evaluate'>;

/** The value at a dotted path of an untrusted object. */
export function at(obj: unknown, dotted: string): unknown {
  let cur: unknown = obj;
  for (const key of dotted.split('.')) {
    if (!isRecord(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/** A kubelet setting as it is written in the configuration (JSON), so a message quotes the exact value. */
export function showSetting(value: unknown): string {
  return value === undefined ? 'not set' : JSON.stringify(value);
}

function nodes(snapshot: Snapshot): KubeObject[] {
  const inv = snapshot.kubernetes.inventories.nodes;
  return inv?.status === 'collected' ? inv.items : [];
}

export function isAwsManagedNode(node: KubeObject | undefined): boolean {
  const type = node?.metadata?.labels?.['eks.amazonaws.com/compute-type'];
  return typeof type === 'string' && AWS_MANAGED_COMPUTE.has(type);
}

function isAwsManagedSample(sample: KubeletConfigSample, byName: Map<string, KubeObject>): boolean {
  if (isAwsManagedNode(byName.get(sample.node))) return true;
  return /^(fargate|auto)\b/i.test(text(sample.group));
}

/** One sampled node's value of each key the rule reads: "authorization.mode: \"Webhook\" (sampled for nodegroup/x)". */
function observedOn(sample: KubeletConfigSample, config: Record<string, unknown>, reads: readonly string[]): string {
  const values = reads.map((key) => `kubeletconfig.${key}: ${showSetting(at(config, key))}`).join(', ');
  return `${values} (sampled for ${text(sample.group, 'unknown')})`;
}

/**
 * Applies a rule to every sampled node's configuration. `reads` names the keys the rule reads, so each node's
 * observation shows their values; the coverage says which nodes were read and which were not.
 */
export function evaluateKubelet(snapshot: Snapshot, reads: readonly string[], rule: KubeletRule): CheckOutcome {
  const configs = snapshot.kubernetes.kubeletConfigs;
  if (configs?.status !== 'collected') return notAssessed('kubelet configuration was not collected');
  const nodeInventory = snapshot.kubernetes.inventories.nodes;
  const allNodes = nodes(snapshot);
  const byName = new Map(allNodes.map((n) => [n.metadata.name, n]));
  const samples = configs.items.filter((s) => isRecord(s) && !isAwsManagedSample(s, byName));
  if (samples.length === 0) {
    const onlyManaged = allNodes.length > 0 && allNodes.every(isAwsManagedNode);
    if (onlyManaged || configs.items.length > 0) {
      return notApplicable('only Fargate or EKS Auto Mode nodes: AWS configures and operates their kubelet');
    }
    if (allNodes.length === 0) return notApplicable('the cluster has no nodes');
    return notAssessed('no node kubelet configuration was sampled');
  }
  const failing: Finding[] = [];
  const evaluated: Observation[] = [];
  for (const sample of samples) {
    const config = isRecord(sample.config) ? sample.config : {};
    evaluated.push({ kind: 'Node', namespace: null, name: sample.node, observed: observedOn(sample, config, reads) });
    const v = rule(config);
    if (!v) continue;
    failing.push({
      kind: 'Node',
      namespace: null,
      name: sample.node,
      message: `${v.message} (sampled for ${sample.group})`,
      path: `kubeletconfig.${v.field}`,
    });
  }
  const read = configs.items
    .filter(isRecord)
    .map((s) => ({ node: text(s.node, 'unknown'), group: text(s.group, 'unknown') }));
  return outcome({
    evaluated,
    failing,
    ifNoneEvaluated: 'no node kubelet configuration was sampled',
    coverage: samplingCoverage(nodeInventory?.status === 'collected' ? allNodes : undefined, read),
  });
}

/** A kubelet check: `reads` lists the configuration keys (dotted) the rule reads, for the evidence. */
export function kubeletCheck(meta: KubeletCheckMeta, reads: readonly string[], rule: KubeletRule): CheckDefinition {
  return {
    ...meta,
    family: FAMILY,
    inputs: [{ kind: 'kubelet-config' }],
    evaluate: (s) => evaluateKubelet(s, reads, rule),
  };
}

/** Remediation tail shared by every kubelet check: where the setting lives on EKS node types. */
export const WHERE_TO_SET =
  'On EKS-optimized AL2023 nodes set it in the NodeConfig `spec.kubelet.config` of the launch template user data; ' +
  'on Bottlerocket in `settings.kubernetes`; on AL2 in /etc/kubernetes/kubelet/kubelet-config.json. Then replace the nodes.';
