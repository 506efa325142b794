/**
 * Which namespaces the cluster's network policies cover, and where they make traffic default-deny, across the
 * policy kinds clusters run on EKS: Kubernetes NetworkPolicy, CiliumNetworkPolicy and
 * CiliumClusterwideNetworkPolicy, Calico NetworkPolicy and GlobalNetworkPolicy.
 *
 * Default deny, per engine:
 * - Kubernetes: a policy selecting every pod (`podSelector: {}`) whose policyTypes list the direction with no rule
 *   for it.
 * - Cilium: a policy selecting every endpoint whose spec has an `ingress`/`ingressDeny` (or egress) section puts the
 *   endpoints in default deny for that direction, unless `enableDefaultDeny` turns it off (Cilium's documented
 *   semantics): whatever the rules do not allow is denied.
 * - Calico: a policy selecting every endpoint (`all()` or no selector) that applies to the direction (`types`,
 *   by default Ingress, plus Egress when it has egress rules) denies what its tier does not allow.
 * A cluster-wide policy (CiliumClusterwideNetworkPolicy, GlobalNetworkPolicy) covers every namespace when it selects
 * every pod, and one namespace when its selector pins that namespace (Cilium's `k8s:io.kubernetes.pod.namespace`
 * label, Calico's `projectcalico.org/name == 'NS'` namespaceSelector); any other selector is not resolved and covers
 * no namespace (stricter than the engine, never looser).
 */
import { asArray, isRecord, itemsOf, kubeInputs } from '../../model/namespace-scope.js';
import type { KubeObject, Snapshot } from '../../model/snapshot.js';

export type Direction = 'Ingress' | 'Egress';

export const POLICY_INPUTS = kubeInputs(
  'networkpolicies',
  'ciliumnetworkpolicies',
  'ciliumclusterwidenetworkpolicies',
  'caliconetworkpolicies',
  'calicoglobalnetworkpolicies',
);

/** Every namespace (ALL) or the named one; null when the selector is not resolved. */
type Scope = { all: true } | { namespace: string } | null;

export interface PolicyCoverage {
  /** Namespace → the policies that select pods in it ("CiliumNetworkPolicy team-a/allow-dns"). */
  covering: Map<string, string[]>;
  /** Namespace → directions a policy makes default-deny there. */
  denied: Map<string, Set<Direction>>;
  /** Policies that cover every namespace. */
  clusterWide: string[];
  clusterWideDenied: Set<Direction>;
}

const describe = (p: KubeObject) =>
  p.metadata.namespace ? `${p.kind} ${p.metadata.namespace}/${p.metadata.name}` : `${p.kind} ${p.metadata.name}`;

function emptySelector(sel: unknown): boolean {
  if (sel === undefined || sel === null) return true;
  if (!isRecord(sel)) return false;
  const labels = isRecord(sel.matchLabels) ? Object.keys(sel.matchLabels) : [];
  return labels.length === 0 && asArray(sel.matchExpressions).length === 0;
}

// ---- Kubernetes NetworkPolicy ----

function kubernetesDenied(policy: KubeObject): Set<Direction> {
  const out = new Set<Direction>();
  if (!isRecord(policy.spec) || !emptySelector(policy.spec.podSelector)) return out;
  const spec = policy.spec;
  const declared = asArray(spec.policyTypes).filter((t): t is string => typeof t === 'string');
  // Without policyTypes, Kubernetes implies Ingress, plus Egress when egress rules are present.
  const types = declared.length > 0 ? declared : ['Ingress', ...(spec.egress !== undefined ? ['Egress'] : [])];
  if (types.includes('Ingress') && asArray(spec.ingress).length === 0) out.add('Ingress');
  if (types.includes('Egress') && asArray(spec.egress).length === 0) out.add('Egress');
  return out;
}

// ---- Cilium ----

const CILIUM_NAMESPACE_LABELS = ['k8s:io.kubernetes.pod.namespace', 'io.kubernetes.pod.namespace'];

/** A Cilium policy carries one rule in `spec` or several in `specs`. */
function ciliumRules(policy: KubeObject): Record<string, unknown>[] {
  return [policy.spec, ...asArray(policy.specs)].filter(isRecord);
}

/** Which endpoints a Cilium rule selects, for a cluster-wide policy: all, one namespace's, or unresolved. */
function ciliumClusterScope(rule: Record<string, unknown>): Scope {
  const sel = rule.endpointSelector;
  if (emptySelector(sel)) return { all: true };
  if (!isRecord(sel) || asArray(sel.matchExpressions).length > 0) return null;
  const labels = isRecord(sel.matchLabels) ? sel.matchLabels : {};
  const keys = Object.keys(labels);
  const nsKey = keys.find((k) => CILIUM_NAMESPACE_LABELS.includes(k));
  if (keys.length === 1 && nsKey && typeof labels[nsKey] === 'string') return { namespace: labels[nsKey] as string };
  return null;
}

function ciliumDenied(rule: Record<string, unknown>): Set<Direction> {
  const out = new Set<Direction>();
  const opt = isRecord(rule.enableDefaultDeny) ? rule.enableDefaultDeny : {};
  if ((rule.ingress !== undefined || rule.ingressDeny !== undefined) && opt.ingress !== false) out.add('Ingress');
  if ((rule.egress !== undefined || rule.egressDeny !== undefined) && opt.egress !== false) out.add('Egress');
  return out;
}

// ---- Calico ----

const selectsAll = (selector: unknown) =>
  selector === undefined ||
  selector === null ||
  (typeof selector === 'string' && ['', 'all()'].includes(selector.trim()));

function calicoTypes(spec: Record<string, unknown>): Direction[] {
  const declared = asArray(spec.types).filter((t): t is Direction => t === 'Ingress' || t === 'Egress');
  if (declared.length > 0) return declared;
  return ['Ingress', ...(asArray(spec.egress).length > 0 ? (['Egress'] as const) : [])];
}

/** A GlobalNetworkPolicy's namespaces: all, one (`projectcalico.org/name == 'NS'`), or unresolved. */
function calicoGlobalScope(spec: Record<string, unknown>): Scope {
  if (!selectsAll(spec.selector)) return null;
  const nsSel = spec.namespaceSelector;
  if (selectsAll(nsSel)) return { all: true };
  const m = typeof nsSel === 'string' ? /^\s*projectcalico\.org\/name\s*==\s*['"]([^'"]+)['"]\s*$/.exec(nsSel) : null;
  return m ? { namespace: m[1] } : null;
}

// ---- all of them ----

export function policyCoverage(snapshot: Snapshot): PolicyCoverage {
  const cov: PolicyCoverage = { covering: new Map(), denied: new Map(), clusterWide: [], clusterWideDenied: new Set() };
  const cover = (scope: Scope, policy: KubeObject, denied: Set<Direction>) => {
    if (scope === null) return;
    if ('all' in scope) {
      cov.clusterWide.push(describe(policy));
      for (const d of denied) cov.clusterWideDenied.add(d);
      return;
    }
    const list = cov.covering.get(scope.namespace) ?? [];
    list.push(describe(policy));
    cov.covering.set(scope.namespace, list);
    const set = cov.denied.get(scope.namespace) ?? new Set<Direction>();
    for (const d of denied) set.add(d);
    cov.denied.set(scope.namespace, set);
  };
  const namespaced = (p: KubeObject): Scope => (p.metadata.namespace ? { namespace: p.metadata.namespace } : null);

  for (const p of itemsOf(snapshot, 'networkpolicies')) cover(namespaced(p), p, kubernetesDenied(p));
  for (const p of itemsOf(snapshot, 'ciliumnetworkpolicies')) {
    for (const rule of ciliumRules(p)) {
      cover(namespaced(p), p, emptySelector(rule.endpointSelector) ? ciliumDenied(rule) : new Set());
    }
  }
  for (const p of itemsOf(snapshot, 'ciliumclusterwidenetworkpolicies')) {
    for (const rule of ciliumRules(p)) cover(ciliumClusterScope(rule), p, ciliumDenied(rule));
  }
  for (const p of itemsOf(snapshot, 'caliconetworkpolicies')) {
    const spec = isRecord(p.spec) ? p.spec : {};
    cover(namespaced(p), p, selectsAll(spec.selector) ? new Set(calicoTypes(spec)) : new Set());
  }
  for (const p of itemsOf(snapshot, 'calicoglobalnetworkpolicies')) {
    const spec = isRecord(p.spec) ? p.spec : {};
    cover(calicoGlobalScope(spec), p, new Set(calicoTypes(spec)));
  }
  return cov;
}

/** The policies that cover `namespace`, cluster-wide ones included. */
export function coveringPolicies(cov: PolicyCoverage, namespace: string): string[] {
  return [...(cov.covering.get(namespace) ?? []), ...cov.clusterWide];
}

export function deniedIn(cov: PolicyCoverage, namespace: string): Set<Direction> {
  return new Set([...(cov.denied.get(namespace) ?? []), ...cov.clusterWideDenied]);
}
