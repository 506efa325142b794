/**
 * What refers to a Secret or a ConfigMap by name, for the unused-object checks: pod specs (`podSpecReferences`,
 * model/pod-references.ts), ServiceAccounts (secrets, imagePullSecrets) and Ingress TLS. References are
 * namespace-local, so each is kept as "namespace/name" ("" for an object without a namespace, as in a manifests scan).
 */
import { POD_SPEC_PATH } from '../../model/kinds.js';
import { asArray, isRecord, itemsOf } from '../../model/namespace-scope.js';
import { keptReferences, type PodSpecReferences, podSpecReferences } from '../../model/pod-references.js';
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

/**
 * What one workload object's pod spec names. An object the collector kept compact (`podSpecTrimmed`: a controlled
 * Pod, ReplicaSet or Job) no longer holds its volumes or ConfigMap references, so what it named was kept beside it
 * (`podSpecReferences`) and is read instead.
 */
function referencesOf(object: KubeObject): PodSpecReferences | undefined {
  if (object.podSpecTrimmed === true) return keptReferences(object);
  const path = POD_SPEC_PATH[object.kind];
  return path ? podSpecReferences(at(object, path)) : undefined;
}

/**
 * Every reference found in the workload inventories: each workload object is read, controller-owned Pods and
 * ReplicaSets included (a Pod of an old ReplicaSet can still mount a Secret its Deployment no longer names, and a Pod
 * can mount a volume its template does not have).
 */
export function podReferences(snapshot: Snapshot): References {
  const refs: References = { secrets: new Set(), configMaps: new Set() };
  for (const object of workloadObjects(snapshot)) {
    if (!isRecord(object) || !isRecord(object.metadata)) continue;
    const found = referencesOf(object);
    if (!found) continue;
    const ns = object.metadata.namespace;
    for (const name of found.secrets) refs.secrets.add(refKey(ns, name));
    for (const name of found.configMaps) refs.configMaps.add(refKey(ns, name));
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
