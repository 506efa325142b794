/** Image rules over every container of every pod template; the reference parser is functions/model/image-ref.ts. */
import { WORKLOAD_INVENTORIES } from '../../model/kinds.js';
import { kubeInputs } from '../../model/namespace-scope.js';
import type { Snapshot } from '../../model/snapshot.js';
import { type ContainerRef, containersOf, type PodTemplate, podTemplates } from '../../model/workloads.js';
import type { CheckOutcome, Finding } from '../types.js';

export { type ImageRef, parseImage } from '../../model/image-ref.js';

import { type ImageRef, parseImage } from '../../model/image-ref.js';

export const IMAGE_INPUTS = kubeInputs(...WORKLOAD_INVENTORIES);

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
