/**
 * What every pod-security check shares: how a rule over one pod template becomes a CheckDefinition, and how the
 * effective security context of a container is worked out from the pod and container levels.
 *
 * Everything here reads untrusted data: any field may be missing, null, or of the wrong type, and nothing may throw.
 */
import { WORKLOAD_INVENTORIES } from '../../model/kinds.js';
import { platformComponentOf } from '../../model/platform-components.js';
import type { Snapshot } from '../../model/snapshot.js';
import { isRecord, show } from '../../model/untrusted.js';
import {
  type ContainerList,
  type ContainerRef,
  containersOf,
  type PodTemplate,
  podTemplates,
} from '../../model/workloads.js';
import { outcome } from '../outcome.js';
import type { CheckDefinition, CheckInput, CheckOutcome, Finding, Observation, PlatformExemption } from '../types.js';

export { isRecord, show };

export const FAMILY = 'pod-security';

/** Every pod-security check reads all seven workload inventories. */
export const WORKLOAD_INPUTS: CheckInput[] = WORKLOAD_INVENTORIES.map((inventory) => ({
  kind: 'kubernetes',
  inventory,
}));

/** The descriptive part of a check; the family, inputs and evaluation are supplied by `definePodCheck`. */
export type PodCheckMeta = Omit<CheckDefinition, 'family' | 'inputs' | 'evaluate'>;

/** A violation found in one pod template: what was observed, and where. */
export interface Violation {
  message: string;
  path: string;
}

export type TemplateRule = (template: PodTemplate) => Violation[];
export type ContainerRule = (template: PodTemplate, ref: ContainerRef) => Violation | null;

function toFinding(template: PodTemplate, v: Violation): Finding {
  return { kind: template.kind, namespace: template.namespace, name: template.name, message: v.message, path: v.path };
}

/** What a check saw on a pod template it passed: the value its verdict rests on ("spec.hostPID: not set"). */
export type TemplateObserver = (template: PodTemplate) => string;

/** The default observation, the same for every check that uses it: made once per template. */
const containersCheckedText = new WeakMap<PodTemplate, string>();

/** The default observation: which containers the rule read and found nothing wrong in. */
export const containersChecked: TemplateObserver = (template) => {
  let text = containersCheckedText.get(template);
  if (text === undefined) {
    const names = containersOf(template).map((ref) => ref.container.name);
    text = `no violation in ${names.length} container(s): ${names.map((n) => show(n)).join(', ')}`;
    containersCheckedText.set(template, text);
  }
  return text;
};

/**
 * Runs a rule over every pod template; no templates at all means the check has nothing to judge. An EKS add-on as
 * AWS ships it (platform-components.ts) is not judged: what the rule found on it is listed as a platform exemption.
 * A template that passes is observed (`options.observe`) for the check's evidence sample.
 */
export function evaluateTemplates(snapshot: Snapshot, rule: TemplateRule, options: PodCheckOptions = {}): CheckOutcome {
  const observe = options.observe ?? containersChecked;
  const failing: Finding[] = [];
  const platformExemptions: PlatformExemption[] = [];
  const evaluated: Observation[] = [];
  for (const t of podTemplates(snapshot)) {
    const seen = (observed: string) => evaluated.push({ kind: t.kind, namespace: t.namespace, name: t.name, observed });
    const violations = rule(t);
    if (violations.length === 0) {
      seen(observe(t));
      continue;
    }
    const component = options.platformExempt === false ? undefined : platformComponentOf(t);
    if (!component) {
      seen(violations.map((v) => v.message).join('; '));
      for (const v of violations) failing.push(toFinding(t, v));
      continue;
    }
    seen(`EKS add-on ${component.addon}, not judged: ${violations.map((v) => v.message).join('; ')}`);
    platformExemptions.push({
      kind: t.kind,
      namespace: t.namespace,
      name: t.name,
      addon: component.addon,
      images: component.images,
      reason: component.reason,
      observed: violations.map((v) => v.message),
    });
  }
  return outcome({ evaluated, failing, ifNoneEvaluated: 'no workloads', platformExemptions });
}

/** A template rule that applies a container rule to each container in the given lists (all three by default). */
export function perContainer(rule: ContainerRule, lists?: readonly ContainerList[]): TemplateRule {
  return (template) =>
    containersOf(template)
      .filter((ref) => !lists || lists.includes(ref.list))
      .map((ref) => rule(template, ref))
      .filter((v): v is Violation => v !== null);
}

export interface PodCheckOptions {
  /**
   * EKS add-ons are exempt from the checks about privileges (they need them by design); false for checks that are
   * not about privileges (resource requests and limits), which judge add-ons like any workload.
   */
  platformExempt?: boolean;
  /** What to record as observed on a passing template; default: the containers checked. */
  observe?: TemplateObserver;
}

export function definePodCheck(meta: PodCheckMeta, rule: TemplateRule, options: PodCheckOptions = {}): CheckDefinition {
  return {
    ...meta,
    family: FAMILY,
    inputs: WORKLOAD_INPUTS,
    evaluate: (snapshot) => evaluateTemplates(snapshot, rule, options),
  };
}

/** The pod-level securityContext, or an empty one. */
export function podSecurityContext(template: PodTemplate): Record<string, unknown> {
  const sc = template.spec.securityContext;
  return isRecord(sc) ? sc : {};
}

/** The container-level securityContext, or an empty one. */
export function containerSecurityContext(ref: ContainerRef): Record<string, unknown> {
  const sc = ref.container.securityContext;
  return isRecord(sc) ? sc : {};
}

/** Where an effective setting came from, for messages and finding paths. */
export type SettingSource = 'container' | 'pod' | 'unset';

export interface EffectiveSetting {
  value: unknown;
  source: SettingSource;
  /** Dotted path of the field that decided the value (the container's field when unset). */
  path: string;
}

/**
 * Fields Kubernetes inherits from the pod-level securityContext when the container does not set them
 * (PodSecurityContext doc: "the value specified in SecurityContext takes precedence"). `privileged`,
 * `allowPrivilegeEscalation`, `capabilities` and `readOnlyRootFilesystem` exist only at container level.
 */
export type InheritedField = 'runAsNonRoot' | 'runAsUser' | 'runAsGroup' | 'seccompProfile' | 'seLinuxOptions';

export function effectiveSetting(template: PodTemplate, ref: ContainerRef, field: InheritedField): EffectiveSetting {
  const own = containerSecurityContext(ref)[field];
  const containerPath = `${ref.path}.securityContext.${field}`;
  if (own !== undefined && own !== null) return { value: own, source: 'container', path: containerPath };
  const inherited = podSecurityContext(template)[field];
  if (inherited !== undefined && inherited !== null) {
    return { value: inherited, source: 'pod', path: `${template.specPath}.securityContext.${field}` };
  }
  return { value: undefined, source: 'unset', path: containerPath };
}

/** "(pod securityContext)" or "(container securityContext)", to say where an inherited value came from. */
export function sourceWords(source: SettingSource): string {
  return source === 'pod' ? 'pod securityContext' : source === 'container' ? 'container securityContext' : 'not set';
}

/**
 * Capability names as the runtime sees them: Kubernetes passes them through, and containerd/CRI-O accept both
 * "SYS_ADMIN" and "CAP_SYS_ADMIN", in any case. Non-strings are ignored.
 */
export function normalizeCapability(name: unknown): string | null {
  if (typeof name !== 'string') return null;
  const upper = name.trim().toUpperCase();
  if (upper === '') return null;
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}

function capabilityList(ref: ContainerRef, which: 'add' | 'drop'): string[] {
  const caps = containerSecurityContext(ref).capabilities;
  if (!isRecord(caps) || !Array.isArray(caps[which])) return [];
  return caps[which].map(normalizeCapability).filter((c): c is string => c !== null);
}

export const addedCapabilities = (ref: ContainerRef): string[] => capabilityList(ref, 'add');
export const droppedCapabilities = (ref: ContainerRef): string[] => capabilityList(ref, 'drop');

/**
 * Windows pods (spec.os.name: windows) are exempt from the Linux-only restricted controls (seccomp,
 * allowPrivilegeEscalation, capabilities), as the Pod Security Standards exempt them.
 */
export function isWindowsPod(template: PodTemplate): boolean {
  const os = template.spec.os;
  return isRecord(os) && os.name === 'windows';
}
