/** Image rules over every container of every pod template; the reference parser is functions/model/image-ref.ts. */
import { WORKLOAD_INVENTORIES } from '../../model/kinds.js';
import { kubeInputs } from '../../model/namespace-scope.js';
import type { Snapshot } from '../../model/snapshot.js';
import {
  type ContainerRef,
  containersOf,
  describeContainer,
  type PodTemplate,
  podTemplates,
} from '../../model/workloads.js';
import { outcome, templateSeen } from '../outcome.js';
import type { CheckOutcome, Finding, Observation } from '../types.js';

export { type ImageRef, parseImage } from '../../model/image-ref.js';

import { type ImageRef, parseImage } from '../../model/image-ref.js';

export const IMAGE_INPUTS = kubeInputs(...WORKLOAD_INVENTORIES);

/** A rule over one container's image; returns the message for a finding, or null. */
export type ImageRule = (image: ImageRef, ref: ContainerRef, template: PodTemplate) => string | null;

/**
 * Applies an image rule to every container of every pod template (containers, init and ephemeral). Each container is
 * observed with its image reference; a template's containers are one observation of it.
 */
export function evaluateImages(snapshot: Snapshot, rule: ImageRule): CheckOutcome {
  const failing: Finding[] = [];
  const evaluated: Observation[] = [];
  for (const t of podTemplates(snapshot)) {
    for (const ref of containersOf(t)) {
      const raw = ref.container.image;
      const image = typeof raw === 'string' && raw.trim() !== '' ? parseImage(raw) : undefined;
      evaluated.push(templateSeen(t, `${describeContainer(ref)}: image ${image ? image.raw : 'not set'}`));
      const message = image ? rule(image, ref, t) : 'image is not set';
      if (message)
        failing.push({ kind: t.kind, namespace: t.namespace, name: t.name, message, path: `${ref.path}.image` });
    }
  }
  return outcome({ evaluated, failing, ifNoneEvaluated: 'no containers' });
}
