import { describeContainer } from '../../model/workloads.js';
import type { CheckDefinition } from '../types.js';
import { evaluateImages, IMAGE_INPUTS } from './image-ref.js';

/**
 * Risk area 2. An image pinned by digest is fixed even when its tag says latest, so it passes (a deliberate
 * difference from tools that look at the tag alone).
 */
export const imagesLatestTag: CheckDefinition = {
  id: 'images-latest-tag',
  title: 'Images name a version, not latest or no tag',
  severity: 'medium',
  family: 'images',
  rationale:
    'With `:latest` or no tag, what runs depends on when each node pulled the image: replicas can run different ' +
    'code, a rollback does not roll back, and a vulnerability scan result cannot be tied to what is running.',
  remediation:
    'Reference an immutable version tag (and make the ECR repository tag-immutable), or better a digest: `image: REPO:1.4.2@sha256:…`.',
  deviation:
    'Differs from Polaris tagNotSpecified in two ways: an image pinned by digest passes whatever its tag says (the ' +
    'digest fixes what runs), and a registry port is not a tag (registry.example.com:5000/app has no tag and fails, ' +
    'where the pattern Polaris applies takes the port for one).',
  references: { polaris: ['tagNotSpecified'] },
  inputs: IMAGE_INPUTS,
  evaluate: (snapshot) =>
    evaluateImages(snapshot, (image, ref) => {
      if (image.digest) return null;
      if (!image.tag) return `image ${image.raw} in ${describeContainer(ref)} has no tag (means latest)`;
      if (image.tag === 'latest') return `image ${image.raw} in ${describeContainer(ref)} uses the latest tag`;
      return null;
    }),
};
