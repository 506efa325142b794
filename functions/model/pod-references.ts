/**
 * The Secrets and ConfigMaps a pod spec names: volumes (secret, configMap, projected sources, and the `secretRef` /
 * `nodePublishSecretRef` of CSI and the in-tree plugins), env `valueFrom`, `envFrom` and `imagePullSecrets`, in all
 * three container lists. Names only, namespace-local (a pod can name only objects of its own namespace).
 *
 * One source for what refers: the unused-object checks read it (checks/secrets/references.ts), and the collector
 * keeps it for the objects it keeps compact (kube/normalize.ts, `compactControlledWorkload`), whose volumes and
 * ConfigMap references are otherwise dropped. Pure, and tolerant of untrusted input.
 */
import { asArray, isRecord } from './untrusted.js';

export interface PodSpecReferences {
  /** Secret names, sorted, each once. */
  secrets: string[];
  /** ConfigMap names, sorted, each once. */
  configMaps: string[];
}

function nameOf(v: unknown, field = 'name'): string | undefined {
  if (!isRecord(v)) return undefined;
  const name = v[field];
  return typeof name === 'string' && name !== '' ? name : undefined;
}

function addVolume(volume: unknown, secrets: Set<string>, configMaps: Set<string>): void {
  if (!isRecord(volume)) return;
  const add = (set: Set<string>, name: string | undefined) => name !== undefined && set.add(name);
  add(secrets, nameOf(volume.secret, 'secretName'));
  add(configMaps, nameOf(volume.configMap));
  if (isRecord(volume.projected)) {
    for (const source of asArray(volume.projected.sources)) {
      if (!isRecord(source)) continue;
      add(secrets, nameOf(source.secret));
      add(configMaps, nameOf(source.configMap));
    }
  }
  // CSI (nodePublishSecretRef) and the in-tree plugins that take a `secretRef` (cephfs, rbd, iscsi, flexVolume…).
  for (const [key, source] of Object.entries(volume)) {
    if (key === 'secret' || key === 'configMap' || key === 'projected' || !isRecord(source)) continue;
    for (const field of ['secretRef', 'nodePublishSecretRef']) add(secrets, nameOf(source[field]));
  }
}

function addContainer(container: unknown, secrets: Set<string>, configMaps: Set<string>): void {
  if (!isRecord(container)) return;
  for (const e of asArray(container.env)) {
    if (!isRecord(e) || !isRecord(e.valueFrom)) continue;
    const s = nameOf(e.valueFrom.secretKeyRef);
    if (s) secrets.add(s);
    const c = nameOf(e.valueFrom.configMapKeyRef);
    if (c) configMaps.add(c);
  }
  for (const e of asArray(container.envFrom)) {
    if (!isRecord(e)) continue;
    const s = nameOf(e.secretRef);
    if (s) secrets.add(s);
    const c = nameOf(e.configMapRef);
    if (c) configMaps.add(c);
  }
}

export function podSpecReferences(spec: unknown): PodSpecReferences {
  const secrets = new Set<string>();
  const configMaps = new Set<string>();
  if (isRecord(spec)) {
    for (const volume of asArray(spec.volumes)) addVolume(volume, secrets, configMaps);
    for (const containers of ['containers', 'initContainers', 'ephemeralContainers']) {
      for (const container of asArray(spec[containers])) addContainer(container, secrets, configMaps);
    }
    for (const pull of asArray(spec.imagePullSecrets)) {
      const s = nameOf(pull);
      if (s) secrets.add(s);
    }
  }
  return { secrets: [...secrets].sort(), configMaps: [...configMaps].sort() };
}

/**
 * The references an object kept in compact form carries (`podSpecReferences`, set by the collector); undefined when
 * it carries none or they are malformed (a snapshot file is untrusted input).
 */
export function keptReferences(obj: Record<string, unknown>): PodSpecReferences | undefined {
  const kept = obj.podSpecReferences;
  if (!isRecord(kept)) return undefined;
  const names = (v: unknown) => asArray(v).filter((n): n is string => typeof n === 'string' && n !== '');
  return { secrets: names(kept.secrets), configMaps: names(kept.configMaps) };
}
