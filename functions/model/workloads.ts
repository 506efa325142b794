/**
 * Pod templates across every workload kind, reported where a person would fix them: a Pod owned by a
 * ReplicaSet owned by a Deployment is reported once, at the Deployment, not once per replica. A controller-owned Pod
 * that differs from that template in what the checks judge (pod-drift.ts) is a workload of its own as well, reported
 * at the Pod for what differs.
 */

import { POD_SPEC_PATH, WORKLOAD_INVENTORIES } from './kinds.js';
import { driftFromTemplate, type JudgedTemplate, judgedTemplate, type PodDrift } from './pod-drift.js';
import type { KubeObject, ObjectMeta, Snapshot } from './snapshot.js';
import { isRecord } from './untrusted.js';

export interface PodTemplate {
  kind: string;
  namespace: string | null;
  name: string;
  /** The pod spec (`spec` of a Pod, `spec.template.spec` of a Deployment, …). Never undefined; may be empty. */
  // biome-ignore lint/suspicious/noExplicitAny: untrusted API data
  spec: Record<string, any>;
  /** Metadata of the pod template (labels and annotations of the pods it makes). */
  podMetadata: Partial<ObjectMeta>;
  /** Dotted path of `spec` inside the object, for findings. */
  specPath: string;
  object: KubeObject;
  /**
   * Set on a controller-owned Pod that differs from its controller's template: `spec` is the Pod as the checks judge
   * it (pod-drift.ts), and findings it shares with its controller are reported once, at the controller.
   */
  differsFromController?: DiffersFromController;
}

/** What a Pod runs that its controller's template does not (results.json `failing[].differsFromController`). */
export interface DiffersFromController {
  /** The workload the Pod's replicas are reported at (a Deployment for a ReplicaSet's Pods, a CronJob for a Job's). */
  controller: { kind: string; name: string };
  /** In words: "container istio-proxy added", "spec.hostNetwork true". */
  differences: string[];
  /** Every Pod of that controller that differs in exactly this way, by name; the template is named after the first. */
  pods: string[];
}

export type ContainerList = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface ContainerRef {
  // biome-ignore lint/suspicious/noExplicitAny: untrusted API data
  container: Record<string, any>;
  name: string;
  list: ContainerList;
  index: number;
  /** Dotted path of the container, e.g. "spec.template.spec.initContainers[0]". */
  path: string;
}

// biome-ignore lint/suspicious/noExplicitAny: walks untrusted objects
function at(obj: any, dotted: string): any {
  let cur = obj;
  for (const key of dotted.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[key];
  }
  return cur;
}

const key = (kind: string, ns: string | undefined, name: string) => `${kind}/${ns ?? ''}/${name}`;

/** The key of the controller owner reported instead of this object, if that owner is itself in the snapshot. */
function presentController(obj: KubeObject, present: ReadonlyMap<string, KubeObject>): string | undefined {
  const owners = Array.isArray(obj.metadata?.ownerReferences) ? obj.metadata.ownerReferences : [];
  for (const o of owners) {
    if (!o || o.controller === false) continue;
    const k = key(String(o.kind), obj.metadata.namespace, String(o.name));
    if (present.has(k)) return k;
  }
  return undefined;
}

function hasPresentController(obj: KubeObject, present: ReadonlyMap<string, KubeObject>): boolean {
  return presentController(obj, present) !== undefined;
}

/** The workload an object's findings are reported at: up its present controllers (Pod → ReplicaSet → Deployment). */
function reportedAt(obj: KubeObject, present: ReadonlyMap<string, KubeObject>): string | undefined {
  let at: string | undefined;
  let current = obj;
  // Owner chains are two deep in Kubernetes (CronJob → Job → Pod); the bound only guards against a cycle.
  for (let depth = 0; depth < 8; depth++) {
    const next = presentController(current, present);
    if (next === undefined) break;
    at = next;
    current = present.get(next) as KubeObject;
  }
  return at;
}

/** Every collected workload object, for callers that need the raw list. */
export function workloadObjects(snapshot: Snapshot): KubeObject[] {
  const out: KubeObject[] = [];
  for (const inv of WORKLOAD_INVENTORIES) {
    const collected = snapshot.kubernetes.inventories[inv];
    if (collected?.status === 'collected') out.push(...collected.items);
  }
  return out;
}

/**
 * Most checks start from the pod templates, so one evaluation would build them dozens of times; they are built
 * once per snapshot instead. The cache is dropped when a workload inventory's list is replaced or changes length.
 */
interface TemplateCache {
  sources: (readonly KubeObject[] | undefined)[];
  lengths: number[];
  templates: readonly PodTemplate[];
}
const templateCache = new WeakMap<Snapshot, TemplateCache>();

function workloadSources(snapshot: Snapshot): (readonly KubeObject[] | undefined)[] {
  return WORKLOAD_INVENTORIES.map((inv) => {
    const collected = snapshot.kubernetes.inventories[inv];
    return collected?.status === 'collected' ? collected.items : undefined;
  });
}

/** Pod templates to evaluate, with controller-owned pods and ReplicaSets/Jobs folded into their owners. */
export function podTemplates(snapshot: Snapshot): PodTemplate[] {
  const sources = workloadSources(snapshot);
  const cached = templateCache.get(snapshot);
  if (cached?.sources.every((s, i) => s === sources[i] && (s?.length ?? -1) === cached.lengths[i])) {
    return [...cached.templates];
  }
  const templates = buildPodTemplates(snapshot);
  templateCache.set(snapshot, { sources, lengths: sources.map((s) => s?.length ?? -1), templates });
  return [...templates];
}

function buildPodTemplates(snapshot: Snapshot): PodTemplate[] {
  const objects = workloadObjects(snapshot);
  const present = new Map(objects.map((o) => [key(o.kind, o.metadata?.namespace, o.metadata?.name), o]));
  const out: PodTemplate[] = [];
  const byKey = new Map<string, PodTemplate>();
  const owned: KubeObject[] = [];
  for (const object of objects) {
    const specPath = POD_SPEC_PATH[object.kind];
    if (!specPath || !object.metadata?.name) continue;
    if (hasPresentController(object, present)) {
      if (object.kind === 'Pod') owned.push(object);
      continue;
    }
    const spec = at(object, specPath);
    const templatePath = specPath.replace(/\.spec$/, '.metadata');
    const podMetadata = object.kind === 'Pod' ? object.metadata : at(object, templatePath);
    const template: PodTemplate = {
      kind: object.kind,
      namespace: object.metadata.namespace ?? null,
      name: object.metadata.name,
      spec: isRecord(spec) ? spec : {},
      podMetadata: isRecord(podMetadata) ? (podMetadata as Partial<ObjectMeta>) : {},
      specPath,
      object,
    };
    out.push(template);
    byKey.set(key(object.kind, object.metadata.namespace, object.metadata.name), template);
  }
  out.push(...differingPods(owned, present, byKey));
  return out;
}

/**
 * Controller-owned Pods that differ from the template they are reported under, as workloads of their own. Replicas
 * of one controller that differ in exactly the same way are one workload, named after the first Pod by name, so an
 * injected sidecar in 300 replicas is one finding, not 300 (`differsFromController.pods` names them all).
 */
function differingPods(
  owned: readonly KubeObject[],
  present: ReadonlyMap<string, KubeObject>,
  templates: ReadonlyMap<string, PodTemplate>,
): PodTemplate[] {
  const groups = new Map<
    string,
    { controller: PodTemplate; pods: KubeObject[]; differences: string[]; spec: object }
  >();
  const judged = new Map<string, JudgedTemplate>();
  const compared = new Map<string, Map<unknown, PodDrift | null>>();
  const groupKeys = new WeakMap<PodDrift, string>();
  for (const pod of owned) {
    const at = reportedAt(pod, present);
    const controller = at === undefined ? undefined : templates.get(at);
    if (at === undefined || !controller) continue;
    let template = judged.get(at);
    if (!template) {
      template = judgedTemplate(controller.spec);
      judged.set(at, template);
    }
    // The collector shares one spec object among replicas that keep the same fields: compared once per controller.
    const shared = pod.podSpecTrimmed === true && isRecord(pod.spec);
    let seen = shared ? compared.get(at) : undefined;
    if (shared && !seen) {
      seen = new Map();
      compared.set(at, seen);
    }
    let drift = seen?.get(pod.spec);
    if (drift === undefined) {
      drift = driftFromTemplate(pod.spec, template) ?? null;
      seen?.set(pod.spec, drift);
    }
    if (!drift) continue;
    let groupKey = groupKeys.get(drift);
    if (groupKey === undefined) {
      groupKey = `${at}\u0000${JSON.stringify(drift.spec)}\u0000${drift.differences.join('\u0000')}`;
      groupKeys.set(drift, groupKey);
    }
    const group = groups.get(groupKey);
    if (group) group.pods.push(pod);
    else groups.set(groupKey, { controller, pods: [pod], differences: drift.differences, spec: drift.spec });
  }
  const out: PodTemplate[] = [];
  for (const { controller, pods, differences, spec } of groups.values()) {
    pods.sort((a, b) => byCodeUnits(a.metadata.name, b.metadata.name));
    const first = pods[0];
    out.push({
      kind: 'Pod',
      namespace: first.metadata.namespace ?? null,
      name: first.metadata.name,
      spec,
      podMetadata: first.metadata,
      specPath: 'spec',
      object: first,
      differsFromController: {
        controller: { kind: controller.kind, name: controller.name },
        differences,
        pods: pods.map((p) => p.metadata.name),
      },
    });
  }
  return out.sort((a, b) => byCodeUnits(a.namespace ?? '', b.namespace ?? '') || byCodeUnits(a.name, b.name));
}

/** Locale-free order, so results never depend on the machine that made them. */
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const CONTAINER_LISTS: readonly ContainerList[] = ['containers', 'initContainers', 'ephemeralContainers'];

/** Containers, init containers and ephemeral containers of a pod template, in that order. */
/**
 * Each template's containers, worked out once: some 60 checks ask for them on every template, and on a 100,000-pod
 * cluster the copies each would make are most of the scan's garbage (bench: scan-100k-pods-peak-rss). Templates are
 * themselves cached per snapshot, and the list is read-only.
 */
const containerCache = new WeakMap<PodTemplate, readonly ContainerRef[]>();

export function containersOf(template: PodTemplate): readonly ContainerRef[] {
  let refs = containerCache.get(template);
  if (!refs) {
    refs = listContainers(template);
    containerCache.set(template, refs);
  }
  return refs;
}

function listContainers(template: PodTemplate): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const list of CONTAINER_LISTS) {
    const items = template.spec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((container, index) => {
      if (!isRecord(container)) return;
      out.push({
        container,
        name: typeof container.name === 'string' ? container.name : `#${index}`,
        list,
        index,
        path: `${template.specPath}.${list}[${index}]`,
      });
    });
  }
  return out;
}

/** Human words for a container's place: "container app", "init container setup", "ephemeral container debug". */
export function describeContainer(ref: ContainerRef): string {
  const word =
    ref.list === 'containers' ? 'container' : ref.list === 'initContainers' ? 'init container' : 'ephemeral container';
  return `${word} ${ref.name}`;
}
