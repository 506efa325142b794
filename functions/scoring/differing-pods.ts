/**
 * A controller-owned Pod that differs from its controller's template is judged on its own (model/workloads.ts,
 * model/pod-drift.ts), but it is reported only for what differs: a finding its controller has too, in the same
 * words, is the same cause and is reported once, at the controller. What is left is marked with what the Pod runs
 * that the template does not (results.json `failing[].differsFromController`, and a note in the message that every
 * renderer shows).
 */
import type { CheckOutcome, Finding, PlatformExemption } from '../checks/types.js';
import type { Snapshot } from '../model/snapshot.js';
import { type DiffersFromController, podTemplates } from '../model/workloads.js';
import { countText, plural } from '../report/plural.js';

const objectKey = (kind: string, namespace: string | null, name: string) =>
  `${kind}\u0000${namespace ?? ''}\u0000${name}`;

export interface DifferingPodFinding extends Finding {
  differsFromController?: DiffersFromController;
}

/** Alike Pods a finding's message names; results.json `differsFromController.pods` names them all. */
export const ALIKE_PODS_NAMED = 5;

/**
 * "(Pod differs from Deployment web: container istio-proxy added; 2 more Pods alike: web-x, web-y)". The differences
 * are whole; past ALIKE_PODS_NAMED alike Pods the note says how many more and where every name is.
 */
export function differsNote(d: DiffersFromController): string {
  const others = d.pods.slice(1);
  const alike =
    others.length > 0 ? `; ${plural(others.length, 'more Pod', 'more Pods')} alike: ${namedList(others)}` : '';
  return `(Pod differs from ${d.controller.kind} ${d.controller.name}: ${d.differences.join('; ')}${alike})`;
}

function namedList(names: readonly string[]): string {
  if (names.length <= ALIKE_PODS_NAMED) return names.join(', ');
  const rest = names.length - ALIKE_PODS_NAMED;
  return `${names.slice(0, ALIKE_PODS_NAMED).join(', ')} and ${countText(rest)} more (every name in results.json differsFromController.pods)`;
}

/**
 * The outcome with each differing Pod's shared findings (and shared platform exemptions) dropped and the rest
 * marked. Outcomes without a Pod finding are returned as they are, without building the pod templates.
 */
export function reportDifferingPodsOnce(
  outcome: CheckOutcome,
  snapshot: Snapshot,
): CheckOutcome & { failing: DifferingPodFinding[] } {
  const exemptions = outcome.platformExemptions ?? [];
  if (!outcome.failing.some((f) => f.kind === 'Pod') && !exemptions.some((e) => e.kind === 'Pod')) return outcome;
  const differing = new Map<string, DiffersFromController & { namespace: string | null }>();
  for (const t of podTemplates(snapshot)) {
    if (t.differsFromController) {
      differing.set(objectKey('Pod', t.namespace, t.name), { ...t.differsFromController, namespace: t.namespace });
    }
  }
  if (differing.size === 0) return outcome;
  const controllerOf = (kind: string, namespace: string | null, name: string) =>
    kind === 'Pod' ? differing.get(objectKey(kind, namespace, name)) : undefined;

  const messages = new Map<string, Set<string>>();
  for (const f of outcome.failing) {
    const k = objectKey(f.kind, f.namespace, f.name);
    if (!messages.has(k)) messages.set(k, new Set());
    messages.get(k)?.add(f.message);
  }
  const failing: DifferingPodFinding[] = [];
  for (const f of outcome.failing) {
    const d = controllerOf(f.kind, f.namespace, f.name);
    if (!d) {
      failing.push(f);
      continue;
    }
    const { namespace: _ns, ...differsFromController } = d;
    if (messages.get(objectKey(d.controller.kind, f.namespace, d.controller.name))?.has(f.message)) continue;
    failing.push({ ...f, message: `${f.message} ${differsNote(differsFromController)}`, differsFromController });
  }

  const exempted = new Map<string, Set<string>>();
  for (const e of exemptions) exempted.set(objectKey(e.kind, e.namespace, e.name), new Set(e.observed));
  const platformExemptions: PlatformExemption[] = [];
  for (const e of exemptions) {
    const d = controllerOf(e.kind, e.namespace, e.name);
    const shared = d ? exempted.get(objectKey(d.controller.kind, e.namespace, d.controller.name)) : undefined;
    const observed = shared ? e.observed.filter((o) => !shared.has(o)) : e.observed;
    if (observed.length > 0) platformExemptions.push({ ...e, observed });
  }
  const { platformExemptions: _old, ...rest } = outcome;
  return { ...rest, failing, ...(platformExemptions.length > 0 ? { platformExemptions } : {}) };
}
