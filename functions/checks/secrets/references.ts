/**
 * What refers to a Secret or a ConfigMap by name, for the unused-object checks: pod specs (volumes, projected
 * sources, CSI and other volume secretRefs, env valueFrom, envFrom, imagePullSecrets, in all three container lists),
 * ServiceAccounts (secrets, imagePullSecrets) and Ingress TLS. References are namespace-local, so each is kept as
 * "namespace/name" ("" for an object without a namespace, as in a manifests scan).
 */
import { POD_SPEC_PATH } from '../../model/kinds.js';
import { asArray, isRecord, itemsOf } from '../../model/namespace-scope.js';
import type { KubeObject, Snapshot } from '../../model/snapshot.js';
import { workloadObjects } from '../../model/workloads.js';

export interface References {
  secrets: Set<string>;
  configMaps: Set<string>;
}

export function refKey(namespace: unknown, name: string): string {
  return `${typeof namespace === 'string' ? namespace : ''}/${name}`;
}

function at(obj: unknown, dotted: string): unknown {
  let cur = obj;
  for (const key of dotted.split('.')) {
    if (!isRecord(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

function nameOf(v: unknown, field = 'name'): string | undefined {
  if (!isRecord(v)) return undefined;
  const name = v[field];
  return typeof name === 'string' && name !== '' ? name : undefined;
}

function addVolume(volume: unknown, ns: unknown, refs: References): void {
  if (!isRecord(volume)) return;
  const secret = nameOf(volume.secret, 'secretName');
  if (secret) refs.secrets.add(refKey(ns, secret));
  const configMap = nameOf(volume.configMap);
  if (configMap) refs.configMaps.add(refKey(ns, configMap));
  if (isRecord(volume.projected)) {
    for (const source of asArray(volume.projected.sources)) {
      if (!isRecord(source)) continue;
      const s = nameOf(source.secret);
      if (s) refs.secrets.add(refKey(ns, s));
      const c = nameOf(source.configMap);
      if (c) refs.configMaps.add(refKey(ns, c));
    }
  }
  // CSI (nodePublishSecretRef) and the in-tree plugins that take a `secretRef` (cephfs, rbd, iscsi, flexVolume…).
  for (const [key, source] of Object.entries(volume)) {
    if (key === 'secret' || key === 'configMap' || key === 'projected' || !isRecord(source)) continue;
    for (const field of ['secretRef', 'nodePublishSecretRef']) {
      const s = nameOf(source[field]);
      if (s) refs.secrets.add(refKey(ns, s));
    }
  }
}

function addContainer(container: unknown, ns: unknown, refs: References): void {
  if (!isRecord(container)) return;
  for (const e of asArray(container.env)) {
    if (!isRecord(e) || !isRecord(e.valueFrom)) continue;
    const s = nameOf(e.valueFrom.secretKeyRef);
    if (s) refs.secrets.add(refKey(ns, s));
    const c = nameOf(e.valueFrom.configMapKeyRef);
    if (c) refs.configMaps.add(refKey(ns, c));
  }
  for (const e of asArray(container.envFrom)) {
    if (!isRecord(e)) continue;
    const s = nameOf(e.secretRef);
    if (s) refs.secrets.add(refKey(ns, s));
    const c = nameOf(e.configMapRef);
    if (c) refs.configMaps.add(refKey(ns, c));
  }
}

function addPodSpec(object: KubeObject, refs: References): void {
  const path = POD_SPEC_PATH[object.kind];
  const spec = path ? at(object, path) : undefined;
  if (!isRecord(spec)) return;
  const ns = object.metadata.namespace;
  for (const volume of asArray(spec.volumes)) addVolume(volume, ns, refs);
  for (const list of ['containers', 'initContainers', 'ephemeralContainers']) {
    for (const container of asArray(spec[list])) addContainer(container, ns, refs);
  }
  for (const pull of asArray(spec.imagePullSecrets)) {
    const s = nameOf(pull);
    if (s) refs.secrets.add(refKey(ns, s));
  }
}

/**
 * Every reference found in the workload inventories: each workload object is read, controller-owned Pods and
 * ReplicaSets included (a Pod of an old ReplicaSet can still mount a Secret its Deployment no longer names).
 */
export function podReferences(snapshot: Snapshot): References {
  const refs: References = { secrets: new Set(), configMaps: new Set() };
  for (const object of workloadObjects(snapshot)) {
    if (isRecord(object) && isRecord(object.metadata)) addPodSpec(object, refs);
  }
  return refs;
}

/** Secrets named by ServiceAccounts (`secrets`, `imagePullSecrets`) and by Ingress `tls[].secretName`. */
export function addServiceAccountAndIngressReferences(snapshot: Snapshot, refs: References): void {
  for (const sa of itemsOf(snapshot, 'serviceaccounts')) {
    for (const field of ['secrets', 'imagePullSecrets']) {
      for (const ref of asArray(sa[field])) {
        const s = nameOf(ref);
        if (s) refs.secrets.add(refKey(sa.metadata.namespace, s));
      }
    }
  }
  for (const ing of itemsOf(snapshot, 'ingresses')) {
    const spec = isRecord(ing.spec) ? ing.spec : {};
    for (const tls of asArray(spec.tls)) {
      const s = nameOf(tls, 'secretName');
      if (s) refs.secrets.add(refKey(ing.metadata.namespace, s));
    }
  }
}

/**
 * Objects known to be read through the API rather than mounted: Argo CD's own settings and its cluster and
 * repository credentials (label argocd.argoproj.io/secret-type). Pod references would never show them as used.
 */
function readThroughApi(obj: KubeObject): boolean {
  const labels = isRecord(obj.metadata.labels) ? obj.metadata.labels : {};
  return labels['argocd.argoproj.io/secret-type'] !== undefined || labels['app.kubernetes.io/part-of'] === 'argocd';
}

/**
 * Objects that are not the application's to clean up: owned by a controller, read by a tool through the API, or
 * in a system namespace.
 */
export function managedElsewhere(obj: KubeObject, systemNamespaces: ReadonlySet<string>): boolean {
  const owners = obj.metadata.ownerReferences;
  if (Array.isArray(owners) && owners.length > 0) return true;
  if (readThroughApi(obj)) return true;
  const ns = obj.metadata.namespace;
  return typeof ns === 'string' && systemNamespaces.has(ns);
}
