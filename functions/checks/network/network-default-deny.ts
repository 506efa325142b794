import { applicationNamespaces, asArray, isRecord, itemsOf, kubeInputs } from '../../model/namespace-scope.js';
import type { KubeObject } from '../../model/snapshot.js';
import type { CheckDefinition, Finding } from '../types.js';

/** A policy that selects every pod of its namespace (`podSelector: {}`). */
function selectsAllPods(policy: KubeObject): boolean {
  const sel = isRecord(policy.spec) ? policy.spec.podSelector : undefined;
  if (sel === undefined || sel === null) return true;
  if (!isRecord(sel)) return false;
  const labels = isRecord(sel.matchLabels) ? Object.keys(sel.matchLabels) : [];
  return labels.length === 0 && asArray(sel.matchExpressions).length === 0;
}

/** The directions a policy denies by default: listed in policyTypes (or implied) with no rule allowing anything. */
export function deniedDirections(policy: KubeObject): Set<'Ingress' | 'Egress'> {
  const out = new Set<'Ingress' | 'Egress'>();
  if (!isRecord(policy.spec) || !selectsAllPods(policy)) return out;
  const spec = policy.spec;
  const declared = asArray(spec.policyTypes).filter((t): t is string => typeof t === 'string');
  // Without policyTypes, Kubernetes implies Ingress, plus Egress when egress rules are present.
  const types = declared.length > 0 ? declared : ['Ingress', ...(spec.egress !== undefined ? ['Egress'] : [])];
  if (types.includes('Ingress') && asArray(spec.ingress).length === 0) out.add('Ingress');
  if (types.includes('Egress') && asArray(spec.egress).length === 0) out.add('Egress');
  return out;
}

/** Risk area 6 (and the stricter reading of CIS EKS 4.3.2): a default-deny for both directions per namespace. */
export const networkDefaultDeny: CheckDefinition = {
  id: 'network-default-deny',
  title: 'Every application namespace has a default-deny NetworkPolicy for ingress and egress',
  severity: 'medium',
  family: 'network',
  rationale:
    'A NetworkPolicy only restricts the pods it selects. Without a default-deny, any pod that no policy selects ' +
    '(a new deployment, a debug pod) can still send and receive anything.',
  remediation:
    'Apply a policy with `podSelector: {}`, `policyTypes: [Ingress, Egress]` and no rules to each namespace, then ' +
    'allow the needed flows (including DNS egress to kube-system) with further policies.',
  references: {},
  inputs: kubeInputs('namespaces', 'networkpolicies'),
  evaluate(snapshot) {
    const namespaces = applicationNamespaces(snapshot);
    if (namespaces.length === 0) {
      return {
        status: 'not-applicable',
        evaluatedCount: 0,
        failing: [],
        reason: 'no namespaces outside kube-system, kube-public and kube-node-lease',
      };
    }
    const denied = new Map<string, Set<string>>();
    for (const p of itemsOf(snapshot, 'networkpolicies')) {
      const ns = p.metadata.namespace ?? '';
      const set = denied.get(ns) ?? new Set<string>();
      for (const d of deniedDirections(p)) set.add(d);
      denied.set(ns, set);
    }
    const failing: Finding[] = [];
    for (const ns of namespaces) {
      const have = denied.get(ns.metadata.name) ?? new Set<string>();
      const missing = ['Ingress', 'Egress'].filter((d) => !have.has(d));
      if (missing.length === 0) continue;
      failing.push({
        kind: 'Namespace',
        namespace: null,
        name: ns.metadata.name,
        message: `no default-deny NetworkPolicy for ${missing.join(' and ').toLowerCase()}`,
      });
    }
    return { status: failing.length > 0 ? 'fail' : 'pass', evaluatedCount: namespaces.length, failing };
  },
};
