/**
 * Pod templates across every workload kind, reported where a person would fix them: a Pod owned by a
 * ReplicaSet owned by a Deployment is reported once, at the Deployment, not once per replica.
 */

import { POD_SPEC_PATH, WORKLOAD_INVENTORIES } from './kinds.js';
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

/** The controller owner reported instead of this object, if that owner is itself in the snapshot. */
function hasPresentController(obj: KubeObject, present: Set<string>): boolean {
  const owners = Array.isArray(obj.metadata?.ownerReferences) ? obj.metadata.ownerReferences : [];
  return owners.some(
    (o) => o && o.controller !== false && present.has(key(String(o.kind), obj.metadata.namespace, String(o.name))),
  );
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
  const present = new Set(objects.map((o) => key(o.kind, o.metadata?.namespace, o.metadata?.name)));
  const out: PodTemplate[] = [];
  for (const object of objects) {
    const specPath = POD_SPEC_PATH[object.kind];
    if (!specPath || !object.metadata?.name) continue;
    if (hasPresentController(object, present)) continue;
    const spec = at(object, specPath);
    const templatePath = specPath.replace(/\.spec$/, '.metadata');
    const podMetadata = object.kind === 'Pod' ? object.metadata : at(object, templatePath);
    out.push({
      kind: object.kind,
      namespace: object.metadata.namespace ?? null,
      name: object.metadata.name,
      spec: isRecord(spec) ? spec : {},
      podMetadata: isRecord(podMetadata) ? (podMetadata as Partial<ObjectMeta>) : {},
      specPath,
      object,
    });
  }
  return out;
}

const CONTAINER_LISTS: readonly ContainerList[] = ['containers', 'initContainers', 'ephemeralContainers'];

/** Containers, init containers and ephemeral containers of a pod template, in that order. */
export function containersOf(template: PodTemplate): ContainerRef[] {
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
