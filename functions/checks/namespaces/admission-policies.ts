/**
 * Which admission control enforces a pod-security control in a namespace (CIS EKS 4.2.x, the policy half): Pod
 * Security Admission labels, or a Kyverno, Gatekeeper or ValidatingAdmissionPolicy policy that rejects pods with
 * that setting there. A policy counts by what it checks (a Kyverno rule's podSecurity level or pattern fields, the
 * Gatekeeper library template a constraint instantiates), never by its name, and only when it enforces (Kyverno
 * Enforce, Gatekeeper deny, a binding with Deny), matches Pods and applies to the namespace. A policy that may
 * enforce it but whose logic is not read here (Kyverno deny conditions or CEL, custom Rego, a
 * ValidatingAdmissionPolicy's CEL) is named for a person to review. docs/verdicts.md states the rules.
 */
import { matchesAnyGlob } from '../../model/glob.js';
import { namespaceLabels, selectorMatches } from '../../model/label-selector.js';
import { asArray, isRecord, itemsOf, kubeInputs, labelsOf } from '../../model/namespace-scope.js';
import type { KubeObject, Snapshot } from '../../model/snapshot.js';

/** A pod-security control CIS 4.2.x asks admission to reject, or a whole Pod Security Standard. */
export type AdmissionRequirement =
  | 'privileged'
  | 'hostPID'
  | 'hostIPC'
  | 'hostNetwork'
  | 'allowPrivilegeEscalation'
  | 'baseline'
  | 'restricted';

type Control = Exclude<AdmissionRequirement, 'baseline' | 'restricted'>;
const HOST_NAMESPACES: readonly Control[] = ['hostPID', 'hostIPC', 'hostNetwork'];
const BASELINE_CONTROLS: readonly Control[] = ['privileged', ...HOST_NAMESPACES];
const ALL_CONTROLS: readonly Control[] = [...BASELINE_CONTROLS, 'allowPrivilegeEscalation'];

/** The fields a policy's own code must read to be a candidate for a control (case-sensitive, as in the API). */
function fieldsOf(req: AdmissionRequirement): readonly string[] {
  if (req === 'baseline') return BASELINE_CONTROLS;
  if (req === 'restricted') return ALL_CONTROLS;
  return [req];
}

export const ADMISSION_POLICY_INPUTS = kubeInputs(
  'kyvernoclusterpolicies',
  'kyvernopolicies',
  'gatekeeperconstrainttemplates',
  'gatekeeperprivilegedcontainers',
  'gatekeeperhostnamespaces',
  'gatekeeperhostnetworkingports',
  'gatekeeperallowprivilegeescalation',
  'validatingadmissionpolicies',
  'validatingadmissionpolicybindings',
);

export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
const LEVEL_RANK: Record<string, number> = { privileged: 0, baseline: 1, restricted: 2 };

/** The least Pod Security Standard level whose enforcement covers the requirement. */
export function psaLevelFor(req: AdmissionRequirement): 'baseline' | 'restricted' {
  return req === 'allowPrivilegeEscalation' || req === 'restricted' ? 'restricted' : 'baseline';
}

/** What was found for one namespace. */
export interface NamespaceAdmission {
  /** What enforces the requirement there, in words; absent when nothing does. */
  enforcedBy?: string;
  /** Policies that may enforce it but cannot be judged here: a person reviews them. */
  review: string[];
  /** Near misses worth telling (Audit mode, an excluded namespace, a lookalike). */
  notes: string[];
}

type Verdict = { enforces: string } | { review: string } | { note: string } | undefined;

// ---------------------------------------------------------------------------------------------------------------
// Kyverno (kyverno.io/v1 ClusterPolicy and Policy)
// ---------------------------------------------------------------------------------------------------------------

/** A pattern key without its anchor: "=(privileged)" → { name: "privileged", anchor: "=" }. */
function splitAnchor(key: string): { name: string; anchor: string } {
  const m = /^([=^X+<>]?)\((.+)\)$/.exec(key);
  return m ? { name: m[2], anchor: m[1] } : { name: key, anchor: '' };
}

function child(node: unknown, name: string): { value: unknown; anchor: string } | undefined {
  if (!isRecord(node)) return undefined;
  for (const [key, value] of Object.entries(node)) {
    const k = splitAnchor(key);
    if (k.name === name) return { value, anchor: k.anchor };
  }
  return undefined;
}

/** Does a pattern value let only `false` (or nothing) through: false, "false", "!true", "false | null"? */
function forbidsTrue(entry: { value: unknown; anchor: string } | undefined): boolean {
  if (!entry) return false;
  if (entry.anchor === 'X') return true;
  if (entry.value === false) return true;
  if (typeof entry.value !== 'string') return false;
  const parts = entry.value.split('|').map((p) => p.trim().toLowerCase());
  return parts.length > 0 && parts.every((p) => p === 'false' || p === 'null' || p === '!true');
}

/** The container-list field of a pattern's spec forbids `securityContext.<field>: true` in every element. */
function containersForbid(spec: unknown, list: string, field: string): boolean {
  const containers = child(spec, list);
  if (!containers || !Array.isArray(containers.value) || containers.value.length === 0) return false;
  return containers.value.every((c) => {
    const sc = child(c, 'securityContext');
    // X(securityContext): no securityContext at all, so nothing can be set to true.
    return sc?.anchor === 'X' || forbidsTrue(child(sc?.value, field));
  });
}

/** The controls one Kyverno validate pattern enforces, and the ones it enforces on `containers` only. */
function patternControls(pattern: unknown): { full: Set<Control>; containersOnly: Set<Control> } {
  const full = new Set<Control>();
  const containersOnly = new Set<Control>();
  const spec = child(pattern, 'spec')?.value;
  for (const c of HOST_NAMESPACES) if (forbidsTrue(child(spec, c))) full.add(c);
  for (const c of ['privileged', 'allowPrivilegeEscalation'] as const) {
    if (!containersForbid(spec, 'containers', c)) continue;
    if (containersForbid(spec, 'initContainers', c)) full.add(c);
    else containersOnly.add(c);
  }
  return { full, containersOnly };
}

/** Kyverno's control names for podSecurity.exclude (the Pod Security Standards' names). */
const PSS_CONTROL_NAMES: Record<string, readonly Control[]> = {
  'Privileged Containers': ['privileged'],
  'Host Namespaces': HOST_NAMESPACES,
  'Privilege Escalation': ['allowPrivilegeEscalation'],
};

function covers(controls: ReadonlySet<AdmissionRequirement>, req: AdmissionRequirement): boolean {
  return controls.has(req);
}

/** What a Kyverno rule's validate section enforces: judged, or only possibly (logic not read here). */
function kyvernoRuleControls(validate: Record<string, unknown>): {
  judged: Set<AdmissionRequirement>;
  partial: string[];
} {
  const judged = new Set<AdmissionRequirement>();
  const partial: string[] = [];
  if (isRecord(validate.podSecurity)) {
    const level = validate.podSecurity.level;
    if (level !== 'baseline' && level !== 'restricted') return { judged, partial };
    const excluded = new Set<Control>();
    for (const e of asArray(validate.podSecurity.exclude))
      if (isRecord(e) && typeof e.controlName === 'string')
        for (const c of PSS_CONTROL_NAMES[e.controlName] ?? []) excluded.add(c);
    const levelControls = level === 'restricted' ? ALL_CONTROLS : BASELINE_CONTROLS;
    for (const c of levelControls) if (!excluded.has(c)) judged.add(c);
    if (asArray(validate.podSecurity.exclude).length === 0) {
      judged.add('baseline');
      if (level === 'restricted') judged.add('restricted');
    }
    return { judged, partial };
  }
  const patterns = validate.pattern !== undefined ? [validate.pattern] : asArray(validate.anyPattern);
  if (patterns.length === 0) return { judged, partial };
  // anyPattern: a pod passes when any one pattern matches, so each pattern must enforce the control.
  const each = patterns.map(patternControls);
  for (const c of ALL_CONTROLS) {
    if (each.every((p) => p.full.has(c))) judged.add(c);
    else if (each.every((p) => p.full.has(c) || p.containersOnly.has(c)))
      partial.push(`${c} (checked in containers but not initContainers)`);
  }
  return { judged, partial };
}

function isEnforce(action: unknown): boolean {
  return typeof action === 'string' && action.toLowerCase() === 'enforce';
}

/** Kyverno's failure action for one rule in one namespace: the rule's, else the policy's, then overrides. */
function kyvernoEnforces(policy: KubeObject, validate: Record<string, unknown>, ns: string, labels: NsLabels): boolean {
  const spec = isRecord(policy.spec) ? policy.spec : {};
  let enforce = isEnforce(validate.failureAction ?? spec.validationFailureAction ?? 'Audit');
  const overrides =
    validate.failureActionOverrides !== undefined
      ? validate.failureActionOverrides
      : spec.validationFailureActionOverrides;
  for (const o of asArray(overrides)) {
    if (!isRecord(o)) continue;
    const names = asArray(o.namespaces).filter((n): n is string => typeof n === 'string');
    const byName = names.length > 0 ? matchesAnyGlob(names, ns) : o.namespaceSelector !== undefined;
    const bySelector = o.namespaceSelector === undefined || selectorMatches(o.namespaceSelector, labels) === true;
    if (byName && bySelector) enforce = isEnforce(o.action);
  }
  return enforce;
}

type NsLabels = Readonly<Record<string, string>>;

const POD_KINDS = new Set(['Pod', 'v1/Pod', '*/Pod', '*', '*/*']);
const CONTROLLER_KINDS = /(^|\/)(Deployment|DaemonSet|StatefulSet|ReplicaSet|Job|CronJob)$/;

/** One Kyverno match/exclude block, read for what matters here. */
function readBlock(block: unknown, ns: string, labels: NsLabels) {
  const b = isRecord(block) ? block : {};
  const r = isRecord(b.resources) ? b.resources : {};
  const kinds = asArray(r.kinds).filter((k): k is string => typeof k === 'string');
  const namespaces = asArray(r.namespaces).filter((n): n is string => typeof n === 'string');
  const hasNamespaceCriteria = namespaces.length > 0 || r.namespaceSelector !== undefined;
  const nsMatches =
    (namespaces.length === 0 || matchesAnyGlob(namespaces, ns)) &&
    (r.namespaceSelector === undefined || selectorMatches(r.namespaceSelector, labels) === true);
  const operations = asArray(r.operations);
  const narrowed =
    r.names !== undefined ||
    r.name !== undefined ||
    r.selector !== undefined ||
    r.annotations !== undefined ||
    b.subjects !== undefined ||
    b.roles !== undefined ||
    b.clusterRoles !== undefined ||
    (operations.length > 0 && !operations.includes('CREATE'));
  return {
    pods: kinds.some((k) => POD_KINDS.has(k)),
    controllersOnly: kinds.length > 0 && kinds.every((k) => CONTROLLER_KINDS.test(k)),
    hasNamespaceCriteria,
    nsMatches,
    narrowed,
  };
}

function blocksOf(section: unknown): { blocks: unknown[]; all: boolean } {
  if (!isRecord(section)) return { blocks: [], all: false };
  if (Array.isArray(section.all) && section.all.length > 0) return { blocks: section.all, all: true };
  if (Array.isArray(section.any)) return { blocks: section.any, all: false };
  return section.resources !== undefined ? { blocks: [section], all: false } : { blocks: [], all: false };
}

/** Whether a rule's match takes every Pod created in the namespace: yes, no, or only some of them. */
function kyvernoMatch(rule: Record<string, unknown>, ns: string, labels: NsLabels): 'all' | 'some' | 'none' {
  const { blocks, all } = blocksOf(rule.match);
  const read = blocks.map((b) => readBlock(b, ns, labels));
  let result: 'all' | 'some' | 'none';
  if (all) {
    if (!read.some((b) => b.pods) || !read.every((b) => b.nsMatches)) result = 'none';
    else result = read.some((b) => b.narrowed) ? 'some' : 'all';
  } else {
    const hits = read.filter((b) => (b.pods || b.controllersOnly) && b.nsMatches);
    if (hits.some((b) => b.pods && !b.narrowed)) result = 'all';
    else result = hits.length > 0 ? 'some' : 'none';
  }
  if (result === 'none') return result;
  // An exclude block that names this namespace (or excludes everything it matches) takes the namespace out.
  const ex = blocksOf(rule.exclude);
  const excluded = ex.blocks
    .map((b) => readBlock(b, ns, labels))
    .some((b) => b.nsMatches && !b.narrowed && (b.hasNamespaceCriteria || b.pods));
  return excluded ? 'none' : result;
}

function judgeKyverno(policy: KubeObject, req: AdmissionRequirement, ns: string, labels: NsLabels): Verdict[] {
  const spec = isRecord(policy.spec) ? policy.spec : {};
  const what = `Kyverno ${policy.kind} ${policy.metadata.namespace ? `${policy.metadata.namespace}/` : ''}${policy.metadata.name}`;
  if (policy.kind === 'Policy' && policy.metadata.namespace !== ns) return [];
  if (spec.admission === false) return [];
  const out: Verdict[] = [];
  for (const rule of asArray(spec.rules)) {
    if (!isRecord(rule) || !isRecord(rule.validate)) continue;
    const ruleName = typeof rule.name === 'string' ? rule.name : '?';
    const match = kyvernoMatch(rule, ns, labels);
    const v = rule.validate;
    // podSecurity and patterns are read here; deny conditions, CEL, foreach and the rest are not.
    const judgeable = v.podSecurity !== undefined || v.pattern !== undefined || v.anyPattern !== undefined;
    const mentions = fieldsOf(req).some((f) => JSON.stringify(v).includes(f));
    const { judged, partial } = kyvernoRuleControls(v);
    const some = [...judged].some((c) => fieldsOf(req).includes(c));
    if (judgeable && mentions && !covers(judged, req) && !some && partial.length === 0 && match !== 'none') {
      out.push({ note: `${what} (rule ${ruleName}) has a pattern that does not reject it` });
      continue;
    }
    const relevant = covers(judged, req) || some || partial.length > 0 || (mentions && !judgeable);
    if (!relevant || match === 'none') {
      if (relevant && match === 'none' && blocksOf(rule.match).blocks.length > 0)
        out.push({ note: `${what} (rule ${ruleName}) does not apply to this namespace's pods` });
      continue;
    }
    if (!kyvernoEnforces(policy, v, ns, labels)) {
      out.push({ note: `${what} (rule ${ruleName}) only audits here (validationFailureAction Audit)` });
      continue;
    }
    const label = `${what} (rule ${ruleName}, Enforce)`;
    if (covers(judged, req)) {
      out.push(match === 'all' ? { enforces: label } : { review: `${label}: matches only some pods here` });
    } else if (partial.length > 0) {
      out.push({ review: `${label}: ${partial.join(', ')}` });
    } else if (some) {
      out.push({ review: `${label}: enforces ${[...judged].join(', ')}, not the whole standard` });
    } else {
      out.push({ review: `${label}: its deny/CEL logic reads ${fieldsOf(req).join('/')} and is not judged here` });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Gatekeeper (the library's pod-security constraints, and other ConstraintTemplates)
// ---------------------------------------------------------------------------------------------------------------

/** The library template kinds and the controls each rejects (gatekeeper-library, pod-security-policy). */
function libraryControls(kind: string, parameters: Record<string, unknown>): readonly Control[] {
  switch (kind) {
    case 'K8sPSPPrivilegedContainer':
      return ['privileged'];
    case 'K8sPSPHostNamespace':
      return ['hostPID', 'hostIPC'];
    case 'K8sPSPHostNetworkingPorts':
      // The template denies hostNetwork unless `parameters.hostNetwork` is true.
      return parameters.hostNetwork === true ? [] : ['hostNetwork'];
    case 'K8sPSPAllowPrivilegeEscalationContainer':
      return ['allowPrivilegeEscalation'];
    default:
      return [];
  }
}

/** The code of a ConstraintTemplate (Rego and CEL sources), as one string to look for field names in. */
function templateCode(template: KubeObject): string {
  const spec = isRecord(template.spec) ? template.spec : {};
  return JSON.stringify(asArray(spec.targets));
}

function templateKind(template: KubeObject): string | undefined {
  const spec = isRecord(template.spec) ? template.spec : {};
  const crd = isRecord(spec.crd) && isRecord(spec.crd.spec) ? spec.crd.spec : {};
  const names = isRecord(crd.names) ? crd.names : {};
  return typeof names.kind === 'string' ? names.kind : undefined;
}

/** Gatekeeper's namespace glob: a trailing or leading `*` (prefix or suffix match), else exact. */
function gatekeeperNamespaceMatches(patterns: readonly string[], ns: string): boolean {
  return patterns.some((p) => (p.includes('*') ? matchesAnyGlob([p], ns) : p === ns));
}

function gatekeeperDenies(spec: Record<string, unknown>): boolean {
  const action = spec.enforcementAction ?? 'deny';
  if (action === 'deny') return true;
  if (action !== 'scoped') return false;
  return asArray(spec.scopedEnforcementActions).some(
    (s) =>
      isRecord(s) &&
      s.action === 'deny' &&
      asArray(s.enforcementPoints).some(
        (p) => isRecord(p) && (p.name === 'validation.gatekeeper.sh' || p.name === '*'),
      ),
  );
}

function gatekeeperMatch(spec: Record<string, unknown>, ns: string, labels: NsLabels): 'all' | 'some' | 'none' {
  const match = isRecord(spec.match) ? spec.match : {};
  const kinds = asArray(match.kinds);
  const pods =
    kinds.length === 0 ||
    kinds.some((k) => {
      if (!isRecord(k)) return false;
      const groups = asArray(k.apiGroups);
      const names = asArray(k.kinds);
      return (groups.includes('') || groups.includes('*')) && (names.includes('Pod') || names.includes('*'));
    });
  if (!pods || match.scope === 'Cluster') return 'none';
  const namespaces = asArray(match.namespaces).filter((n): n is string => typeof n === 'string');
  const excluded = asArray(match.excludedNamespaces).filter((n): n is string => typeof n === 'string');
  if (namespaces.length > 0 && !gatekeeperNamespaceMatches(namespaces, ns)) return 'none';
  if (gatekeeperNamespaceMatches(excluded, ns)) return 'none';
  if (match.namespaceSelector !== undefined && selectorMatches(match.namespaceSelector, labels) !== true) return 'none';
  return match.labelSelector !== undefined || match.name !== undefined ? 'some' : 'all';
}

function judgeConstraint(
  constraint: KubeObject,
  templates: readonly KubeObject[],
  req: AdmissionRequirement,
  ns: string,
  labels: NsLabels,
): Verdict {
  const spec = isRecord(constraint.spec) ? constraint.spec : {};
  const parameters = isRecord(spec.parameters) ? spec.parameters : {};
  const controls = libraryControls(constraint.kind, parameters);
  const wanted = fieldsOf(req);
  const hits = controls.filter((c) => wanted.includes(c));
  const what = `Gatekeeper ${constraint.kind} ${constraint.metadata.name}`;
  if (hits.length === 0) return undefined;
  // The kind alone proves nothing: its template must be installed and its code must read the field.
  const template = templates.find((t) => templateKind(t) === constraint.kind);
  if (!template || !hits.every((c) => templateCode(template).includes(c))) {
    return { note: `${what}: its ConstraintTemplate is missing or does not check ${hits.join('/')}` };
  }
  const match = gatekeeperMatch(spec, ns, labels);
  if (match === 'none') return { note: `${what} does not apply to this namespace's pods` };
  if (!gatekeeperDenies(spec))
    return { note: `${what} does not deny (enforcementAction ${String(spec.enforcementAction)})` };
  const label = `${what} (deny)`;
  if (match === 'some') return { review: `${label}: matches only some pods here (labelSelector)` };
  if (req === 'baseline' || req === 'restricted') return { review: `${label}: enforces ${hits.join(', ')} only` };
  return { enforces: label };
}

const LIBRARY_KINDS = new Set([
  'K8sPSPPrivilegedContainer',
  'K8sPSPHostNamespace',
  'K8sPSPHostNetworkingPorts',
  'K8sPSPAllowPrivilegeEscalationContainer',
]);

/** Other templates whose code reads the field: their constraints are not listed, so a person reviews them. */
function judgeCustomTemplates(templates: readonly KubeObject[], req: AdmissionRequirement): Verdict[] {
  const out: Verdict[] = [];
  for (const t of templates) {
    const kind = templateKind(t) ?? t.metadata.name;
    if (LIBRARY_KINDS.has(kind)) continue;
    const read = fieldsOf(req).filter((f) => templateCode(t).includes(f));
    if (read.length > 0)
      out.push({
        review: `Gatekeeper ConstraintTemplate ${t.metadata.name} (kind ${kind}): custom code reads ${read.join('/')}; its constraints are not read here`,
      });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// ValidatingAdmissionPolicy (CEL: never judged here, only found)
// ---------------------------------------------------------------------------------------------------------------

function vapMatchesPods(policy: KubeObject, ns: string, labels: NsLabels): boolean {
  const spec = isRecord(policy.spec) ? policy.spec : {};
  const mc = isRecord(spec.matchConstraints) ? spec.matchConstraints : {};
  const pods = asArray(mc.resourceRules).some((r) => {
    if (!isRecord(r)) return false;
    const groups = asArray(r.apiGroups);
    const resources = asArray(r.resources);
    const ops = asArray(r.operations);
    return (
      (groups.includes('') || groups.includes('*')) &&
      (resources.includes('pods') || resources.includes('*')) &&
      (ops.includes('CREATE') || ops.includes('*'))
    );
  });
  return pods && selectorMatches(mc.namespaceSelector, labels) === true && ns !== '';
}

function judgeVaps(
  policies: readonly KubeObject[],
  bindings: readonly KubeObject[],
  req: AdmissionRequirement,
  ns: string,
  labels: NsLabels,
): Verdict[] {
  const out: Verdict[] = [];
  for (const binding of bindings) {
    const spec = isRecord(binding.spec) ? binding.spec : {};
    const policy = policies.find((p) => p.metadata.name === spec.policyName);
    if (!policy) continue;
    const read = fieldsOf(req).filter((f) => JSON.stringify(policy.spec ?? {}).includes(f));
    if (read.length === 0 || !vapMatchesPods(policy, ns, labels)) continue;
    const mr = isRecord(spec.matchResources) ? spec.matchResources : {};
    if (selectorMatches(mr.namespaceSelector, labels) !== true) continue;
    const what = `ValidatingAdmissionPolicy ${policy.metadata.name} (binding ${binding.metadata.name})`;
    if (!asArray(spec.validationActions).includes('Deny')) {
      out.push({ note: `${what} does not deny (validationActions ${asArray(spec.validationActions).join(', ')})` });
      continue;
    }
    out.push({ review: `${what}: its CEL reads ${read.join('/')} and is not judged here` });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

/** A judge of one requirement for any namespace of the snapshot. */
export function admissionJudge(snapshot: Snapshot, req: AdmissionRequirement): (ns: KubeObject) => NamespaceAdmission {
  const kyverno = [...itemsOf(snapshot, 'kyvernoclusterpolicies'), ...itemsOf(snapshot, 'kyvernopolicies')];
  const templates = itemsOf(snapshot, 'gatekeeperconstrainttemplates');
  const constraints = [
    ...itemsOf(snapshot, 'gatekeeperprivilegedcontainers'),
    ...itemsOf(snapshot, 'gatekeeperhostnamespaces'),
    ...itemsOf(snapshot, 'gatekeeperhostnetworkingports'),
    ...itemsOf(snapshot, 'gatekeeperallowprivilegeescalation'),
  ];
  const vaps = itemsOf(snapshot, 'validatingadmissionpolicies');
  const bindings = itemsOf(snapshot, 'validatingadmissionpolicybindings');
  const custom = judgeCustomTemplates(templates, req);
  const needed = psaLevelFor(req);

  return (nsObject) => {
    const ns = nsObject.metadata.name;
    const own = labelsOf(nsObject);
    const labels = namespaceLabels(ns, own);
    const level = own[ENFORCE_LABEL];
    if (level !== undefined && (LEVEL_RANK[level] ?? -1) >= LEVEL_RANK[needed]) {
      return { enforcedBy: `Pod Security Admission (label ${ENFORCE_LABEL}=${level})`, review: [], notes: [] };
    }
    // Gatekeeper's webhook skips namespaces with this label (its default namespaceSelector).
    const gatekeeperIgnored = Object.hasOwn(own, 'admission.gatekeeper.sh/ignore');
    const verdicts: Verdict[] = [
      ...kyverno.flatMap((p) => judgeKyverno(p, req, ns, labels)),
      ...(gatekeeperIgnored ? [] : constraints.map((c) => judgeConstraint(c, templates, req, ns, labels))),
      ...(gatekeeperIgnored ? [] : custom),
      ...judgeVaps(vaps, bindings, req, ns, labels),
    ];
    const enforcing = verdicts.flatMap((v) => (v && 'enforces' in v ? [v.enforces] : []));
    // Several Kyverno rules or constraints may each enforce part of a requirement; one is enough for a control.
    if (enforcing.length > 0) return { enforcedBy: enforcing.join('; '), review: [], notes: [] };
    const notes = verdicts.flatMap((v) => (v && 'note' in v ? [v.note] : []));
    if (gatekeeperIgnored && constraints.length > 0)
      notes.push('the namespace is labelled admission.gatekeeper.sh/ignore, so Gatekeeper skips it');
    return { review: verdicts.flatMap((v) => (v && 'review' in v ? [v.review] : [])), notes };
  };
}
