import { describeContainer } from '../../model/workloads.js';
import type { CheckDefinition } from '../types.js';
import { evaluateImages, IMAGE_INPUTS } from './image-ref.js';

/** Risk area 2 (informational): a digest is the only reference that cannot be moved to other content. */
export const imagesDigestPinning: CheckDefinition = {
  id: 'images-digest-pinning',
  title: 'Images are pinned by digest',
  severity: 'info',
  family: 'images',
  rationale:
    'A tag can be re-pushed to point at different content (unless the repository is tag-immutable); a digest ' +
    'always names exactly the image that was scanned and approved.',
  remediation:
    'Resolve tags to digests at deploy time (e.g. `crane digest`, Kustomize `images[].digest`, or Kyverno verifyImages with mutateDigest).',
  references: {},
  inputs: IMAGE_INPUTS,
  evaluate: (snapshot) =>
    evaluateImages(snapshot, (image, ref) =>
      image.digest ? null : `image ${image.raw} in ${describeContainer(ref)} is not pinned by digest`,
    ),
};
