/**
 * Small, strict edits of a Snapshot for the demo history. Every lookup throws when its target is missing, so a
 * change to the demo data that breaks a history step fails loudly in the tests instead of silently doing nothing.
 */
import { inventoryForKind, POD_SPEC_PATH } from '../model/kinds.js';
import type { KubeInventory, KubeObject, Snapshot } from '../model/snapshot.js';

// biome-ignore lint/suspicious/noExplicitAny: demo edits reach into API-shaped data
type Loose = Record<string, any>;

function itemsOf(snapshot: Snapshot, inventory: KubeInventory): KubeObject[] {
  const inv = snapshot.kubernetes.inventories[inventory];
  if (inv?.status !== 'collected') throw new Error(`demo history: inventory ${inventory} is not collected`);
  return inv.items;
}

function inventoryOf(kind: string): KubeInventory {
  const inv = inventoryForKind(kind);
  if (!inv) throw new Error(`demo history: no inventory for kind ${kind}`);
  return inv;
}

const matches = (o: KubeObject, namespace: string | null, name: string) =>
  o.metadata.name === name && (o.metadata.namespace ?? null) === namespace;

export function findObject(snapshot: Snapshot, kind: string, namespace: string | null, name: string): KubeObject {
  const found = itemsOf(snapshot, inventoryOf(kind)).find((o) => matches(o, namespace, name));
  if (!found) throw new Error(`demo history: ${kind} ${namespace ?? ''}/${name} not found`);
  return found;
}

/** Removes the objects of a kind that `select` picks; throws if it picks none. */
export function removeObjects(snapshot: Snapshot, kind: string, select: (o: KubeObject) => boolean): void {
  const items = itemsOf(snapshot, inventoryOf(kind));
  const kept = items.filter((o) => !select(o));
  if (kept.length === items.length) throw new Error(`demo history: no ${kind} matched for removal`);
  items.splice(0, items.length, ...kept);
}

export function addObject(snapshot: Snapshot, object: KubeObject): void {
  itemsOf(snapshot, inventoryOf(object.kind)).push(object);
}

function at(obj: unknown, dotted: string): unknown {
  let cur = obj;
  for (const key of dotted.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Loose)[key];
  }
  return cur;
}

/** A workload and everything it controls (ReplicaSets, Jobs, Pods), found through ownerReferences uids. */
function withDescendants(snapshot: Snapshot, root: KubeObject): KubeObject[] {
  const candidates = ['replicasets', 'jobs', 'pods'].flatMap((inv) => itemsOf(snapshot, inv as KubeInventory));
  const family = [root];
  const uids = new Set([root.metadata.uid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const o of candidates) {
      if (family.includes(o)) continue;
      if ((o.metadata.ownerReferences ?? []).some((ref) => ref.controller && uids.has(ref.uid))) {
        family.push(o);
        uids.add(o.metadata.uid);
        grew = true;
      }
    }
  }
  return family;
}

/**
 * Applies `edit` to the pod spec of a workload and of every ReplicaSet, Job and Pod it controls, so the
 * snapshot stays consistent whichever object a check happens to read.
 */
export function patchPodSpecs(
  snapshot: Snapshot,
  kind: string,
  namespace: string,
  name: string,
  edit: (podSpec: Loose) => void,
): void {
  for (const object of withDescendants(snapshot, findObject(snapshot, kind, namespace, name))) {
    const spec = at(object, POD_SPEC_PATH[object.kind] ?? '');
    if (typeof spec !== 'object' || spec === null) throw new Error(`demo history: ${object.kind} has no pod spec`);
    edit(spec as Loose);
  }
}

/** Each container of a pod spec (not init or ephemeral ones). */
export function eachContainer(podSpec: Loose, edit: (container: Loose) => void): void {
  for (const c of Array.isArray(podSpec.containers) ? podSpec.containers : []) edit(c);
}

/** The value of a collected AWS fact, for in-place edits. */
export function awsFact(snapshot: Snapshot, fact: string): Loose {
  const entry = snapshot.aws[fact];
  if (entry?.status !== 'collected' || !('value' in entry)) throw new Error(`demo history: AWS fact ${fact} missing`);
  return entry.value;
}

export function kubeletConfigOf(snapshot: Snapshot, group: string): Loose {
  const samples = snapshot.kubernetes.kubeletConfigs;
  if (samples?.status !== 'collected') throw new Error('demo history: kubelet configs not collected');
  const sample = samples.items.find((s) => s.group === group);
  if (!sample) throw new Error(`demo history: no kubelet config for ${group}`);
  return sample.config;
}
