/**
 * Container image references, parsed the way the container runtime resolves them:
 * [registry/]repository[:tag][@digest], where the first path component is a registry only if it contains a dot or a
 * colon or is "localhost"; otherwise the image comes from Docker Hub.
 */
import { WORKLOAD_INVENTORIES } from '../../model/kinds.js';
import { kubeInputs } from '../../model/namespace-scope.js';
import type { Snapshot } from '../../model/snapshot.js';
import { type ContainerRef, containersOf, type PodTemplate, podTemplates } from '../../model/workloads.js';
import type { CheckOutcome, Finding } from '../types.js';

export const IMAGE_INPUTS = kubeInputs(...WORKLOAD_INVENTORIES);

export interface ImageRef {
  raw: string;
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

export function parseImage(raw: string): ImageRef {
  const text = raw.trim();
  const at = text.indexOf('@');
  const digest = at >= 0 ? text.slice(at + 1) : undefined;
  const name = at >= 0 ? text.slice(0, at) : text;
  const slash = name.indexOf('/');
  const first = slash >= 0 ? name.slice(0, slash) : '';
  const hasRegistry = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : 'docker.io';
  const rest = hasRegistry ? name.slice(slash + 1) : name;
  const colon = rest.lastIndexOf(':');
  const tag = colon >= 0 ? rest.slice(colon + 1) : undefined;
  const repository = colon >= 0 ? rest.slice(0, colon) : rest;
  return {
    raw: text,
    registry: registry.toLowerCase(),
    repository,
    ...(tag ? { tag } : {}),
    ...(digest ? { digest } : {}),
  };
}

/** A rule over one container's image; returns the message for a finding, or null. */
export type ImageRule = (image: ImageRef, ref: ContainerRef, template: PodTemplate) => string | null;

/** Applies an image rule to every container of every pod template (containers, init and ephemeral). */
export function evaluateImages(snapshot: Snapshot, rule: ImageRule): CheckOutcome {
  const templates = podTemplates(snapshot);
  const failing: Finding[] = [];
  let evaluated = 0;
  for (const t of templates) {
    for (const ref of containersOf(t)) {
      const raw = ref.container.image;
      evaluated++;
      const image = typeof raw === 'string' && raw.trim() !== '' ? parseImage(raw) : undefined;
      const message = image ? rule(image, ref, t) : 'image is not set';
      if (message)
        failing.push({ kind: t.kind, namespace: t.namespace, name: t.name, message, path: `${ref.path}.image` });
    }
  }
  if (evaluated === 0) return { status: 'not-applicable', evaluatedCount: 0, failing, reason: 'no containers' };
  return { status: failing.length > 0 ? 'fail' : 'pass', evaluatedCount: evaluated, failing };
}
