/**
 * Raw Kubernetes object (from the API, a manifest or a fixture) → the compact, redacted object a Snapshot stores.
 * This is the redaction edge: whatever comes in, no Secret value, ConfigMap value or env literal goes out.
 */

import { POD_SPEC_PATH } from '../model/kinds.js';
import { judgedPodSpec } from '../model/pod-drift.js';
import { podSpecReferences } from '../model/pod-references.js';
import type { KubeObject, ManagedFieldsEntry, ObjectMeta, OwnerReference } from '../model/snapshot.js';
import { isRecord, safeText } from '../model/untrusted.js';
import { classifyValue } from '../model/value-facts.js';
import { redactObject } from './redact.js';

export class InvalidObjectError extends Error {}

const DROPPED_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration'];

function stringMap(v: unknown): Record<string, string> | undefined {
  if (!isRecord(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) if (val !== undefined && val !== null) out[k] = safeText(val);
  return out;
}

/** `metadata.ownerReferences` as a Snapshot keeps them (the collector also reads them before normalising). */
export function normalizeOwnerReferences(raw: unknown): OwnerReference[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  return raw.filter(isRecord).map((o) => ({
    apiVersion: typeof o.apiVersion === 'string' ? o.apiVersion : undefined,
    kind: safeText(o.kind),
    name: safeText(o.name),
    uid: typeof o.uid === 'string' ? o.uid : undefined,
    controller: o.controller === true,
  }));
}

/** `metadata.namespace` as a Snapshot keeps it: a non-empty string, else absent. */
export function normalizeNamespace(raw: unknown): string | undefined {
  return typeof raw === 'string' && raw !== '' ? raw : undefined;
}

function normalizeMeta(raw: Record<string, unknown>): ObjectMeta {
  const meta: ObjectMeta = { name: safeText(raw.name) };
  const namespace = normalizeNamespace(raw.namespace);
  if (namespace) meta.namespace = namespace;
  if (typeof raw.uid === 'string') meta.uid = raw.uid;
  if (typeof raw.creationTimestamp === 'string') meta.creationTimestamp = raw.creationTimestamp;
  else if (raw.creationTimestamp instanceof Date) meta.creationTimestamp = raw.creationTimestamp.toISOString();
  const labels = stringMap(raw.labels);
  if (labels) meta.labels = labels;
  const annotations = stringMap(raw.annotations);
  if (annotations) {
    for (const a of DROPPED_ANNOTATIONS) delete annotations[a];
    meta.annotations = annotations;
  }
  const owners = normalizeOwnerReferences(raw.ownerReferences);
  if (owners) meta.ownerReferences = owners;
  if (Array.isArray(raw.managedFields)) {
    meta.managers = raw.managedFields.filter(isRecord).map((m): ManagedFieldsEntry => {
      const entry: ManagedFieldsEntry = { manager: safeText(m.manager ?? ''), operation: safeText(m.operation ?? '') };
      if (m.time) entry.time = m.time instanceof Date ? m.time.toISOString() : safeText(m.time);
      return entry;
    });
  }
  return meta;
}

/** Replaces each `env[].value` literal with `valueFact`, in every container list of a pod spec. */
function redactPodSpec(spec: unknown): void {
  if (!isRecord(spec)) return;
  for (const list of ['containers', 'initContainers', 'ephemeralContainers']) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    for (const c of containers) {
      if (!isRecord(c) || !Array.isArray(c.env)) continue;
      for (const e of c.env) {
        if (!isRecord(e) || !('value' in e)) continue;
        e.valueFact = classifyValue(e.value, safeText(e.name ?? ''));
        delete e.value;
      }
    }
  }
}

function at(obj: unknown, dotted: string): unknown {
  let cur = obj;
  for (const key of dotted.split('.')) {
    if (!isRecord(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/**
 * Normalises one object. `origin` names where it came from ("deploy/app.yaml, document 3") for the error message.
 * Works on a deep copy: the caller's object is never changed.
 */
export function normalizeObject(raw: unknown, origin: string): KubeObject {
  if (!isRecord(raw)) throw new InvalidObjectError(`${origin}: not an object`);
  if (typeof raw.kind !== 'string' || raw.kind === '') throw new InvalidObjectError(`${origin}: document has no kind`);
  if (!isRecord(raw.metadata) || typeof raw.metadata.name !== 'string' || raw.metadata.name === '') {
    throw new InvalidObjectError(`${origin}: ${raw.kind} has no metadata.name`);
  }
  // A JSON round trip, not structuredClone: on Node 20 it is faster and leaves a smaller heap (bench: 100k pods).
  const copy = JSON.parse(JSON.stringify(raw)) as Record<string, unknown>;
  const obj: KubeObject = {
    ...copy,
    apiVersion: typeof copy.apiVersion === 'string' ? copy.apiVersion : '',
    kind: raw.kind,
    metadata: normalizeMeta(copy.metadata as Record<string, unknown>),
  };

  const specPath = POD_SPEC_PATH[obj.kind];
  if (specPath) redactPodSpec(at(obj, specPath));

  if (obj.kind === 'ConfigMap') {
    const data = { ...(isRecord(obj.data) ? obj.data : {}), ...(isRecord(obj.binaryData) ? obj.binaryData : {}) };
    obj.dataKeys = Object.keys(data);
    obj.dataFacts = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, classifyValue(v, k)]));
    const settings = keptSettings(obj.metadata, data);
    if (settings) obj.settings = settings;
    delete obj.data;
    delete obj.binaryData;
  }
  if (obj.kind === 'Secret') {
    // Key names only (manifests and fixtures can carry them; the live collector lists metadata only).
    const data = { ...(isRecord(obj.data) ? obj.data : {}), ...(isRecord(obj.stringData) ? obj.stringData : {}) };
    if (Object.keys(data).length > 0) obj.dataKeys = Object.keys(data);
    delete obj.data;
    delete obj.stringData;
  }
  // Status is large and mostly irrelevant; keep only what checks read.
  if (isRecord(obj.status)) obj.status = trimStatus(obj.kind, obj.status);
  // Credentials outside the data: annotations, command lines, probe headers, CSI attributes, URL passwords. A
  // snapshot file's own record of earlier redactions is not trusted: it is made again from the object.
  delete obj.redactions;
  const redactions = redactObject(obj, specPath);
  if (redactions.length > 0) obj.redactions = redactions;
  return obj;
}

/** The container lists of a pod spec, and what a compact pod keeps of each container. */
const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

/**
 * The compact form of a normalised workload object (a Pod, or a ReplicaSet, Job… with a pod template) whose
 * controller is in the same snapshot. Such an object is not evaluated as a pod template: `podTemplates`
 * (workloads.ts) reports its controller instead. A Pod keeps what the comparison with its controller's template needs
 * (`judgedPodSpec`, model/pod-drift.ts: every container's name and image, and only the fields the checks judge), so a
 * Pod that differs from the template is still judged on its own. Pods are also read for the
 * images they run (ECR, Inspector: `functions/run/aws-side.ts`, `functions/aws/inputs.ts`). A ReplicaSet or Job keeps
 * each container's name and image and the pod spec's node and service account (its Pods are compared with the
 * template they are reported under: the Deployment's or the CronJob's). Metadata stays (without `managers`, which for a
 * controlled object only ever name its controller and the kubelet), and so does the already trimmed status.
 * Compacting the controlled pods, ReplicaSets and Jobs (most of a large cluster) is what keeps a 100,000-pod
 * snapshot well under 1 GiB. `podSpecTrimmed: true` marks the object: its pod spec is not the one the API holds.
 * What the whole spec named of Secrets and ConfigMaps is kept beside it as `podSpecReferences` (names only).
 *
 * It also takes a raw API object: the collector compacts before normalising, so that a controlled object is never
 * copied whole, and normalising the compact raw object gives the same as compacting the normalised one.
 */
export function compactControlledWorkload(obj: KubeObject): KubeObject {
  const specPath = POD_SPEC_PATH[obj.kind];
  if (!specPath) return obj;
  const spec = at(obj, specPath);
  let podSpec: Record<string, unknown> = {};
  if (obj.kind === 'Pod') {
    podSpec = judgedPodSpec(spec);
  } else if (isRecord(spec)) {
    for (const list of CONTAINER_LISTS) {
      const containers = spec[list];
      if (!Array.isArray(containers)) continue;
      podSpec[list] = containers.filter(isRecord).map((c) => ({ name: c.name, image: c.image }));
    }
    for (const field of ['nodeName', 'serviceAccountName']) {
      if (typeof spec[field] === 'string') podSpec[field] = spec[field];
    }
  }
  // Rebuild only the path down to the pod spec: Pod `spec`, ReplicaSet `spec.template.spec`, CronJob deeper.
  let compact: Record<string, unknown> = podSpec;
  for (const key of specPath.split('.').slice(1).reverse()) compact = { [key]: compact };
  if (obj.kind !== 'Pod' && isRecord(obj.spec) && typeof obj.spec.replicas === 'number') {
    compact.replicas = obj.spec.replicas;
  }
  const {
    managers: _managers,
    managedFields: _managedFields,
    ...metadata
  } = obj.metadata as ObjectMeta & {
    managedFields?: unknown;
  };
  const out: KubeObject = { apiVersion: obj.apiVersion, kind: obj.kind, metadata, spec: compact };
  if (obj.status !== undefined) out.status = obj.status;
  // What was masked in the metadata is still in the compact object; what was in the dropped spec is not.
  const kept = Array.isArray(obj.redactions) ? obj.redactions.filter((r) => r.path.startsWith('metadata.')) : [];
  if (kept.length > 0) out.redactions = kept;
  out.podSpecTrimmed = true;
  // The Secrets and ConfigMaps the dropped spec named (its volumes, ConfigMap refs, imagePullSecrets): the unused-object
  // checks count them (checks/secrets/references.ts). Names only; replicas of one template share the object.
  const references = podSpecReferences(spec);
  if (references.secrets.length > 0 || references.configMaps.length > 0) out.podSpecReferences = references;
  return out;
}

/**
 * One copy of each repeated string across a collection. JSON.parse gives every page its own copy of every value
 * (V8 shares only strings of up to 10 characters), so the namespace, labels, owner, images and image digests of
 * 100,000 pods would otherwise be held 100,000 times. Names, uids and timestamps are (nearly) unique: not pooled.
 */
export class StringPool {
  private readonly strings = new Map<string, string>();

  intern(s: string): string {
    if (s.length <= 10) return s;
    const pooled = this.strings.get(s);
    if (pooled !== undefined) return pooled;
    this.strings.set(s, s);
    return s;
  }

  /** Replaces, in place, every string in a normalised object by its pooled copy (except its own name, uid, timestamp). */
  internObject(obj: KubeObject): KubeObject {
    for (const [k, v] of Object.entries(obj)) {
      if (k === 'metadata' && isRecord(v)) {
        for (const [mk, mv] of Object.entries(v)) {
          if (mk !== 'name' && mk !== 'uid' && mk !== 'creationTimestamp') v[mk] = this.internValue(mv);
        }
      } else obj[k] = this.internValue(v);
    }
    return obj;
  }

  private internValue(v: unknown): unknown {
    if (typeof v === 'string') return this.intern(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = this.internValue(v[i]);
    } else if (isRecord(v)) {
      for (const [k, val] of Object.entries(v)) v[k] = this.internValue(val);
    }
    return v;
  }
}

/**
 * One copy of each repeated compact pod spec across a collection: the replicas of one template keep the same judged
 * fields (`compactControlledWorkload`), so 100,000 pods hold a few thousand specs. A shared spec is never changed
 * after collection (everything downstream reads the snapshot); the snapshot file writes each copy out in full.
 */
export class SpecPool {
  private readonly specs = new Map<string, unknown>();

  /** The pooled object equal (as JSON) to `spec`: the first one seen, or `spec` itself. */
  share<T>(spec: T): T {
    const key = JSON.stringify(spec);
    const pooled = this.specs.get(key);
    if (pooled !== undefined) return pooled as T;
    this.specs.set(key, spec);
    return spec;
  }
}

/**
 * ConfigMap keys whose values are configuration switches, not secrets, and that checks need to read. Only these
 * values survive normalisation (as `settings`), and only short strings. Keep this list small and reviewed.
 */
const KEPT_CONFIGMAP_SETTINGS: Readonly<Record<string, readonly string[]>> = {
  // VPC CNI: whether the network policy controller is on (CIS EKS 4.3.1) and Windows IPAM switches.
  'kube-system/amazon-vpc-cni': [
    'enable-network-policy-controller',
    'enable-windows-ipam',
    'enable-windows-prefix-delegation',
  ],
};

function keptSettings(meta: ObjectMeta, data: Record<string, unknown>): Record<string, string> | undefined {
  const keys = KEPT_CONFIGMAP_SETTINGS[`${meta.namespace ?? ''}/${meta.name}`];
  if (!keys) return undefined;
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = data[k];
    if (typeof v === 'string' && v.length <= 64) out[k] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function trimStatus(kind: string, status: Record<string, unknown>): Record<string, unknown> | undefined {
  if (kind === 'Pod') {
    const statuses = (list: unknown) =>
      Array.isArray(list)
        ? list.filter(isRecord).map((s) => ({ name: s.name, image: s.image, imageID: s.imageID }))
        : undefined;
    return {
      phase: status.phase,
      containerStatuses: statuses(status.containerStatuses),
      initContainerStatuses: statuses(status.initContainerStatuses),
    };
  }
  if (kind === 'Node') {
    return { addresses: status.addresses, nodeInfo: status.nodeInfo, allocatable: status.allocatable };
  }
  if (kind === 'Service' || kind === 'Ingress') return { loadBalancer: status.loadBalancer };
  return undefined;
}
