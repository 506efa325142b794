/**
 * The RBAC model the rbac-* checks share: rule matching with Kubernetes' own wildcard and subresource semantics,
 * the join from a Role/ClusterRole to the bindings and subjects that use it, and which subjects the platform owns.
 *
 * No binding is trusted by its name: anyone who may create bindings can call one `system:x`, `eks:x` or `aws-node`.
 * Exemptions are by subject, as kube-bench's eks-1.8.0 audit of 4.1.1 exempts the Groups system:masters and
 * system:nodes, and extended to identities the platform provably owns (PLATFORM_SUBJECT_RULES below):
 * - the Groups `system:masters` and `system:nodes` (kube-bench);
 * - Users and Groups under the reserved prefixes `system:` and `eks:` (Kubernetes reserves `system:` for its own
 *   components; EKS access entries refuse usernames and groups under either), except the broad groups in
 *   BROAD_GROUPS, which grant to everyone and are always reported, and except a name that kube-system/aws-auth
 *   gives to an IAM principal that is not a node (then it is a person's or a tool's, and judged);
 * - a ServiceAccount of an EKS add-on or of a Kubernetes controller (functions/model/eks-addons.ts), and only for
 *   the role the platform binds it to: `kube-system/aws-node` bound to ClusterRole `aws-node` is exempt,
 *   `kube-system/aws-node` bound to `cluster-admin` is reported. (A role's rules can only be widened by someone who
 *   holds the new permissions or `escalate`, which rbac-bind-escalate-impersonate reports.)
 * A User named `system:serviceaccount:NS:NAME` is the ServiceAccount NS/NAME (that is how the API server names a
 * service account's requests) and is judged as one.
 * Roles themselves are never skipped by name: a custom binding of a person to the built-in `admin`, `edit` or
 * `cluster-admin` ClusterRole is reported, with the role's rules as the API returns them (aggregated rules included).
 * A role that only platform subjects are bound to is not reported.
 */

import { platformServiceAccountRoles } from '../../model/eks-addons.js';
import { asArray, asString, isRecord, itemsOf, kubeInputs } from '../../model/namespace-scope.js';
import type { AwsAuthMapping, KubeObject, Snapshot } from '../../model/snapshot.js';
import { text } from '../../model/untrusted.js';
import { outcome } from '../outcome.js';
import type { CheckDefinition, CheckInput, CheckOutcome, Finding, Observation } from '../types.js';

/** bindingsOf reads aws-auth when it was collected; without it, reserved names are taken as the platform's. */
const AWS_AUTH_INPUT: CheckInput = { kind: 'aws-auth', optional: true };
export const RBAC_INPUTS: CheckInput[] = [
  ...kubeInputs('roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'),
  AWS_AUTH_INPUT,
];
export const BINDING_INPUTS: CheckInput[] = [...kubeInputs('rolebindings', 'clusterrolebindings'), AWS_AUTH_INPUT];

/** Groups kube-bench's eks-1.8.0 audit of 4.1.1 exempts. */
export const KUBE_BENCH_GROUPS: ReadonlySet<string> = new Set(['system:masters', 'system:nodes']);
export const RESERVED_PREFIXES = ['system:', 'eks:'];
export const BROAD_GROUPS: ReadonlySet<string> = new Set([
  'system:authenticated',
  'system:unauthenticated',
  'system:anonymous',
  'system:serviceaccounts',
]);
const SERVICE_ACCOUNT_USER = 'system:serviceaccount:';

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
  /** The subject as written when it was a User `system:serviceaccount:NS:NAME`, now read as that ServiceAccount. */
  asUser?: string;
  /** Why the platform owns this subject (for this binding's role), when it does. */
  platform?: string;
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

/** A User `system:serviceaccount:NS:NAME` as the ServiceAccount it is; any other subject unchanged. */
export function canonicalSubject(s: Subject): Subject {
  if (s.kind !== 'User' || !s.name.startsWith(SERVICE_ACCOUNT_USER)) return s;
  const rest = s.name.slice(SERVICE_ACCOUNT_USER.length);
  const colon = rest.indexOf(':');
  if (colon <= 0 || colon === rest.length - 1) return s;
  return { kind: 'ServiceAccount', namespace: rest.slice(0, colon), name: rest.slice(colon + 1), asUser: s.name };
}

/** Usernames and groups kube-system/aws-auth gives to IAM principals other than nodes. */
interface AwsAuthNames {
  users: ReadonlySet<string>;
  groups: ReadonlySet<string>;
}

function awsAuthNames(snapshot: Snapshot): AwsAuthNames {
  const awsAuth = snapshot.kubernetes.awsAuth;
  const mappings: AwsAuthMapping[] = awsAuth?.status === 'collected' ? awsAuth.items : [];
  // A node's mapping (username system:node:{{EC2PrivateDNSName}}) is the platform's own way in.
  const people = mappings.filter((m) => !(m.username ?? '').startsWith('system:node:'));
  return {
    users: new Set(people.flatMap((m) => (m.username ? [m.username] : []))),
    groups: new Set(people.flatMap((m) => m.groups)),
  };
}

/** Why the platform owns `s` as bound by `binding`, or undefined when it does not (and the subject is judged). */
function platformReason(s: Subject, binding: Omit<Binding, 'subjects'>, names: AwsAuthNames): string | undefined {
  if (s.kind === 'Group' && KUBE_BENCH_GROUPS.has(s.name)) return `Group ${s.name} (exempt in kube-bench's audit)`;
  if (s.kind === 'User' || s.kind === 'Group') {
    if (BROAD_GROUPS.has(s.name) || s.name.startsWith('system:serviceaccounts:')) return undefined;
    if (!RESERVED_PREFIXES.some((p) => s.name.startsWith(p))) return undefined;
    const mapped = s.kind === 'User' ? names.users.has(s.name) : names.groups.has(s.name);
    return mapped ? undefined : `${s.kind} ${s.name} (a reserved name no IAM principal is mapped to)`;
  }
  if (s.kind === 'ServiceAccount') {
    const ns = s.namespace ?? binding.object.metadata.namespace;
    if (!ns) return undefined;
    const own = platformServiceAccountRoles(ns, s.name);
    if (!own) return undefined;
    const isOwn =
      binding.roleKind === 'ClusterRole'
        ? own.clusterRoles.has(binding.roleName)
        : own.roles.has(binding.roleName) && binding.object.metadata.namespace === ns;
    return isOwn
      ? `ServiceAccount ${ns}/${s.name} bound to its own ${binding.roleKind} ${binding.roleName}`
      : undefined;
  }
  return undefined;
}

export function bindingsOf(snapshot: Snapshot): Binding[] {
  const names = awsAuthNames(snapshot);
  const out: Binding[] = [];
  for (const object of [...itemsOf(snapshot, 'clusterrolebindings'), ...itemsOf(snapshot, 'rolebindings')]) {
    const ref = isRecord(object.roleRef) ? object.roleRef : {};
    const roleKind = ref.kind === 'Role' ? 'Role' : ref.kind === 'ClusterRole' ? 'ClusterRole' : undefined;
    const roleName = asString(ref.name);
    if (!roleKind || !roleName) continue;
    const head = { object, roleKind, roleName } as const;
    const subjects = asArray(object.subjects)
      .filter(isRecord)
      .map((s) =>
        canonicalSubject({
          kind: text(s.kind),
          name: text(s.name),
          ...(typeof s.namespace === 'string' ? { namespace: s.namespace } : {}),
        }),
      )
      .map((s) => {
        const platform = platformReason(s, head, names);
        return platform ? { ...s, platform } : s;
      });
    out.push({ ...head, subjects });
  }
  return out;
}

/** The subjects of a binding that the checks judge (every one the platform does not own). */
export const judgedSubjects = (b: Binding): Subject[] => b.subjects.filter((s) => s.platform === undefined);

export function describeSubject(s: Subject, bindingNamespace?: string): string {
  if (s.kind === 'ServiceAccount') {
    const as = s.asUser ? ` (named as User ${s.asUser})` : '';
    return `ServiceAccount ${s.namespace ?? bindingNamespace ?? '?'}/${s.name}${as}`;
  }
  return `${s.kind} ${s.name}`;
}

function describeBinding(b: KubeObject): string {
  return b.metadata.namespace ? `${b.kind} ${b.metadata.namespace}/${b.metadata.name}` : `${b.kind} ${b.metadata.name}`;
}

/** The bindings that reference a role (a RoleBinding only a Role in its own namespace). */
export function bindingsOfRole(role: KubeObject, bindings: Binding[]): Binding[] {
  return bindings.filter((b) => {
    if (b.roleKind !== role.kind || b.roleName !== role.metadata.name) return false;
    // A RoleBinding can only reference a Role in its own namespace.
    if (role.kind === 'Role')
      return b.object.kind === 'RoleBinding' && b.object.metadata.namespace === role.metadata.namespace;
    return true;
  });
}

/** The bindings of a role with their judged subjects; bindings whose subjects are all the platform's are dropped. */
export function effectiveBindingsOf(
  role: KubeObject,
  bindings: Binding[],
): { binding: Binding; subjects: Subject[] }[] {
  return bindingsOfRole(role, bindings)
    .map((b) => ({ binding: b, subjects: judgedSubjects(b) }))
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

/** What a binding binds, for evidence: "ClusterRole view to Group readers, ServiceAccount a/b (platform: …)". */
export function describeBindingTarget(b: Binding): string {
  const ns = b.object.metadata.namespace;
  const subjects = b.subjects.map((s) => `${describeSubject(s, ns)}${s.platform ? ' (platform-owned)' : ''}`);
  return `binds ${b.roleKind} ${b.roleName} to ${subjects.length > 0 ? subjects.join(', ') : 'no subject'}`;
}

/** What a rule grants that the check cares about, in words, or [] when the rule is harmless for this check. */
export type RuleGrant = (rule: PolicyRule) => string[];

/**
 * The shared evaluation of "which bound roles grant X": every Role and ClusterRole is examined; a role whose rules
 * grant X and that a subject the platform does not own is bound to becomes one finding naming the grant and the holders.
 * Each role is observed with what it grants of X and who holds it.
 */
export function evaluateRoleGrants(snapshot: Snapshot, grant: RuleGrant): CheckOutcome {
  const roles = [...itemsOf(snapshot, 'clusterroles'), ...itemsOf(snapshot, 'roles')];
  const bindings = bindingsOf(snapshot);
  const failing: Finding[] = [];
  const evaluated: Observation[] = [];
  for (const role of roles) {
    const rules = rulesOf(role);
    const granted = rules.flatMap((rule, i) => grant(rule).map((g) => `${g} (rules[${i}])`));
    const seen = (observed: string) => evaluated.push(observation(role, observed));
    if (granted.length === 0) {
      seen(`none of its ${rules.length} rule(s) grants what this check looks for`);
      continue;
    }
    const holders = effectiveBindingsOf(role, bindings);
    if (holders.length === 0) {
      const platform = bindingsOfRole(role, bindings)
        .filter((b) => b.subjects.length > 0)
        .map(
          (b) => `${describeBinding(b.object)}: ${b.subjects.map((s) => s.platform ?? describeSubject(s)).join(', ')}`,
        );
      seen(
        `grants ${granted.join('; ')}; ${platform.length > 0 ? `held only by platform subjects (${platform.join('; ')})` : 'bound to no subject'}`,
      );
      continue;
    }
    const message = `grants ${granted.join('; ')}; bound to ${describeHolders(holders)}`;
    seen(message);
    failing.push({
      kind: role.kind,
      namespace: role.metadata.namespace ?? null,
      name: role.metadata.name,
      message,
      path: 'rules',
    });
  }
  return outcome({ evaluated, failing, ifNoneEvaluated: 'no Roles or ClusterRoles' });
}

/** An observation of a Kubernetes object. */
export function observation(obj: KubeObject, observed: string): Observation {
  return { kind: obj.kind, namespace: obj.metadata.namespace ?? null, name: obj.metadata.name, observed };
}

export type CheckMeta = Omit<CheckDefinition, 'family' | 'inputs' | 'evaluate'>;

/** A check over role rules joined to their bindings (reads roles, clusterroles, rolebindings, clusterrolebindings). */
export function defineRoleGrantCheck(meta: CheckMeta, grant: RuleGrant): CheckDefinition {
  return { ...meta, family: 'rbac', inputs: RBAC_INPUTS, evaluate: (snapshot) => evaluateRoleGrants(snapshot, grant) };
}
