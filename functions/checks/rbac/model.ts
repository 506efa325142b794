/**
 * The RBAC model the rbac-* checks share: rule matching with Kubernetes' own wildcard and subresource semantics,
 * the join from a Role/ClusterRole to the bindings and subjects that use it, and the allow-list of defaults.
 *
 * Allow-list (documented here, applied by every rbac-* check):
 * - Bindings whose name starts with `system:` or `eks:`, and the built-in / EKS add-on bindings in
 *   DEFAULT_BINDING_NAMES (`cluster-admin`, `aws-node`, the EBS CSI driver bindings): these ship with Kubernetes,
 *   EKS or an EKS add-on and are not the cluster owner's choice.
 * - Subjects that are Users or Groups named `system:*` or `eks:*` (control-plane components, `system:masters`,
 *   `system:nodes`), EXCEPT the broad groups in BROAD_GROUPS, which are always reported because they grant to
 *   everyone (authenticated users, anonymous, all service accounts).
 * Roles themselves are never skipped by name: a custom binding of a person to the built-in `admin`, `edit` or
 * `cluster-admin` ClusterRole is reported, with the role's rules as the API returns them (aggregated rules included).
 * A role nobody (outside the allow-list) is bound to grants nothing and is not reported.
 */

import { asArray, asString, isRecord, itemsOf, kubeInputs } from '../../model/namespace-scope.js';
import type { KubeObject, Snapshot } from '../../model/snapshot.js';
import { text } from '../../model/untrusted.js';
import type { CheckDefinition, CheckOutcome, Finding } from '../types.js';

export const RBAC_INPUTS = kubeInputs('roles', 'clusterroles', 'rolebindings', 'clusterrolebindings');
export const BINDING_INPUTS = kubeInputs('rolebindings', 'clusterrolebindings');

export const DEFAULT_BINDING_PREFIXES = ['system:', 'eks:'];
export const DEFAULT_BINDING_NAMES: ReadonlySet<string> = new Set([
  'cluster-admin',
  'aws-node',
  'ebs-csi-attacher-binding',
  'ebs-csi-provisioner-binding',
  'ebs-csi-resizer-binding',
  'ebs-csi-snapshotter-binding',
  'ebs-csi-node-getter-binding',
]);
export const BROAD_GROUPS: ReadonlySet<string> = new Set([
  'system:authenticated',
  'system:unauthenticated',
  'system:anonymous',
  'system:serviceaccounts',
]);

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

export interface Binding {
  object: KubeObject;
  roleKind: 'Role' | 'ClusterRole';
  roleName: string;
  subjects: Subject[];
}

const strings = (v: unknown): string[] => asArray(v).filter((s): s is string => typeof s === 'string');

export function rulesOf(role: KubeObject): PolicyRule[] {
  return asArray(role.rules)
    .filter(isRecord)
    .map((r) => ({
      apiGroups: strings(r.apiGroups),
      resources: strings(r.resources),
      verbs: strings(r.verbs),
      resourceNames: strings(r.resourceNames),
      nonResourceURLs: strings(r.nonResourceURLs),
    }));
}

/** Does a rule's resource list cover `resource` (which may be "name/subresource")? Same semantics as the API server. */
export function resourceMatches(ruleResources: string[], resource: string): boolean {
  const slash = resource.indexOf('/');
  const sub = slash >= 0 ? resource.slice(slash + 1) : '';
  return ruleResources.some((r) => r === '*' || r === resource || (sub !== '' && r === `*/${sub}`));
}

export const groupMatches = (ruleGroups: string[], group: string) => ruleGroups.some((g) => g === '*' || g === group);
export const verbMatches = (ruleVerbs: string[], verb: string) => ruleVerbs.some((v) => v === '*' || v === verb);

export interface Permission {
  group: string;
  resource: string;
}

/**
 * Which of `verbs` the rule grants on any of `targets`, as "verb1, verb2 on group/resource" phrases; empty if none.
 */
export function grantedOn(rule: PolicyRule, targets: Permission[], verbs: string[]): string[] {
  const out: string[] = [];
  for (const t of targets) {
    if (!groupMatches(rule.apiGroups, t.group) || !resourceMatches(rule.resources, t.resource)) continue;
    const granted = verbs.filter((v) => verbMatches(rule.verbs, v));
    if (granted.length > 0) out.push(`${granted.join(', ')} on ${t.group === '' ? '' : `${t.group}/`}${t.resource}`);
  }
  return out;
}

export function bindingsOf(snapshot: Snapshot): Binding[] {
  const out: Binding[] = [];
  for (const object of [...itemsOf(snapshot, 'clusterrolebindings'), ...itemsOf(snapshot, 'rolebindings')]) {
    const ref = isRecord(object.roleRef) ? object.roleRef : {};
    const roleKind = ref.kind === 'Role' ? 'Role' : ref.kind === 'ClusterRole' ? 'ClusterRole' : undefined;
    const roleName = asString(ref.name);
    if (!roleKind || !roleName) continue;
    const subjects = asArray(object.subjects)
      .filter(isRecord)
      .map((s) => ({
        kind: text(s.kind),
        name: text(s.name),
        ...(typeof s.namespace === 'string' ? { namespace: s.namespace } : {}),
      }));
    out.push({ object, roleKind, roleName, subjects });
  }
  return out;
}

export function isDefaultBinding(binding: KubeObject): boolean {
  const name = binding.metadata.name;
  return DEFAULT_BINDING_PREFIXES.some((p) => name.startsWith(p)) || DEFAULT_BINDING_NAMES.has(name);
}

export function isExcludedSubject(s: Subject): boolean {
  if (s.kind !== 'User' && s.kind !== 'Group') return false;
  if (BROAD_GROUPS.has(s.name) || s.name.startsWith('system:serviceaccounts:')) return false;
  return s.name.startsWith('system:') || s.name.startsWith('eks:');
}

export function describeSubject(s: Subject, bindingNamespace?: string): string {
  if (s.kind === 'ServiceAccount') return `ServiceAccount ${s.namespace ?? bindingNamespace ?? '?'}/${s.name}`;
  return `${s.kind} ${s.name}`;
}

function describeBinding(b: KubeObject): string {
  return b.metadata.namespace ? `${b.kind} ${b.metadata.namespace}/${b.metadata.name}` : `${b.kind} ${b.metadata.name}`;
}

/** The bindings of a role that are not defaults, with their non-excluded subjects; bindings left empty are dropped. */
export function effectiveBindingsOf(
  role: KubeObject,
  bindings: Binding[],
): { binding: Binding; subjects: Subject[] }[] {
  return bindings
    .filter((b) => {
      if (b.roleKind !== role.kind || b.roleName !== role.metadata.name) return false;
      // A RoleBinding can only reference a Role in its own namespace.
      if (role.kind === 'Role')
        return b.object.kind === 'RoleBinding' && b.object.metadata.namespace === role.metadata.namespace;
      return true;
    })
    .filter((b) => !isDefaultBinding(b.object))
    .map((b) => ({ binding: b, subjects: b.subjects.filter((s) => !isExcludedSubject(s)) }))
    .filter((e) => e.subjects.length > 0);
}

export function describeHolders(entries: { binding: Binding; subjects: Subject[] }[]): string {
  return entries
    .map(
      (e) =>
        `${e.subjects.map((s) => describeSubject(s, e.binding.object.metadata.namespace)).join(', ')} via ${describeBinding(e.binding.object)}`,
    )
    .join('; ');
}

/** What a rule grants that the check cares about, in words, or [] when the rule is harmless for this check. */
export type RuleGrant = (rule: PolicyRule) => string[];

/**
 * The shared evaluation of "which bound roles grant X": every Role and ClusterRole is examined; a role whose rules
 * grant X and that somebody outside the allow-list is bound to becomes one finding naming the grant and the holders.
 */
export function evaluateRoleGrants(snapshot: Snapshot, grant: RuleGrant): CheckOutcome {
  const roles = [...itemsOf(snapshot, 'clusterroles'), ...itemsOf(snapshot, 'roles')];
  const bindings = bindingsOf(snapshot);
  const failing: Finding[] = [];
  for (const role of roles) {
    const granted = rulesOf(role).flatMap((rule, i) => grant(rule).map((g) => `${g} (rules[${i}])`));
    if (granted.length === 0) continue;
    const holders = effectiveBindingsOf(role, bindings);
    if (holders.length === 0) continue;
    failing.push({
      kind: role.kind,
      namespace: role.metadata.namespace ?? null,
      name: role.metadata.name,
      message: `grants ${granted.join('; ')}; bound to ${describeHolders(holders)}`,
      path: 'rules',
    });
  }
  return { status: failing.length > 0 ? 'fail' : 'pass', evaluatedCount: roles.length, failing };
}

export type CheckMeta = Omit<CheckDefinition, 'family' | 'inputs' | 'evaluate'>;

/** A check over role rules joined to their bindings (reads roles, clusterroles, rolebindings, clusterrolebindings). */
export function defineRoleGrantCheck(meta: CheckMeta, grant: RuleGrant): CheckDefinition {
  return { ...meta, family: 'rbac', inputs: RBAC_INPUTS, evaluate: (snapshot) => evaluateRoleGrants(snapshot, grant) };
}
