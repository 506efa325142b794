import { describeContainer } from '../../model/workloads.js';
import type { CheckDefinition } from '../types.js';
import { evaluateImages, IMAGE_INPUTS } from './image-ref.js';

/** Risk area 2: k8s.gcr.io was frozen in April 2023 and receives no new images or patches. */
export const imagesDeprecatedRegistry: CheckDefinition = {
  id: 'images-deprecated-registry',
  title: 'No images from the frozen k8s.gcr.io registry',
  severity: 'medium',
  family: 'images',
  rationale:
    'k8s.gcr.io has been frozen since April 2023: images there get no security fixes, and pulls may stop working ' +
    'when the redirect ends.',
  remediation: 'Change the image to registry.k8s.io (same path and tag), or mirror it into ECR.',
  references: {},
  inputs: IMAGE_INPUTS,
  evaluate: (snapshot) =>
    evaluateImages(snapshot, (image, ref) =>
      image.registry === 'k8s.gcr.io' || image.registry.endsWith('.k8s.gcr.io')
        ? `image ${image.raw} in ${describeContainer(ref)} comes from the frozen k8s.gcr.io registry`
        : null,
    ),
};
