import type { CheckDefinition } from '../types.js';
import { imagesAllowedRegistries } from './images-allowed-registries.js';
import { imagesDeprecatedRegistry } from './images-deprecated-registry.js';
import { imagesDigestPinning } from './images-digest-pinning.js';
import { imagesLatestTag } from './images-latest-tag.js';

export const imageChecks: CheckDefinition[] = [
  imagesLatestTag,
  imagesDigestPinning,
  imagesAllowedRegistries,
  imagesDeprecatedRegistry,
];
