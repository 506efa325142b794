import { globMatches } from '../../model/glob.js';
import { describeContainer } from '../../model/workloads.js';
import type { CheckDefinition } from '../types.js';
import { evaluateImages, IMAGE_INPUTS } from './image-ref.js';

/**
 * The default allow-list: private ECR in any account and region (EKS add-on images come from AWS's own ECR
 * accounts), ECR Public, and the Kubernetes community registry. Patterns are the catalog's globs
 * (functions/model/glob.ts); a registry is a host name, so "/" never occurs in what they match.
 */
export const DEFAULT_ALLOWED_REGISTRIES: readonly string[] = [
  '*.dkr.ecr.*.amazonaws.com',
  '*.dkr.ecr.*.amazonaws.com.cn',
  'public.ecr.aws',
  'registry.k8s.io',
];

/** CIS EKS 5.1.4 with a given allow-list of registry host patterns. */
export function makeAllowedRegistriesCheck(allowed: readonly string[] = DEFAULT_ALLOWED_REGISTRIES): CheckDefinition {
  // Registry hosts are DNS names, case-insensitive: both sides are lower-cased, then matched with the catalog's glob.
  const patterns = allowed.map((g) => g.toLowerCase());
  return {
    id: 'images-allowed-registries',
    title: 'Images come only from approved registries',
    severity: 'medium',
    family: 'images',
    rationale:
      'Images from arbitrary registries have unknown provenance and are not covered by your ECR scanning; a ' +
      "typo-squatted or compromised public image runs with the workload's permissions.",
    remediation:
      'Mirror the image into ECR (pull-through cache rules make this automatic) and reference it there; enforce the ' +
      `allow-list at admission with Kyverno, Gatekeeper or a ValidatingAdmissionPolicy. Approved: ${allowed.join(', ')}.`,
    references: { kubescape: ['C-0078'] },
    inputs: IMAGE_INPUTS,
    evaluate: (snapshot) =>
      evaluateImages(snapshot, (image, ref) =>
        patterns.some((p) => globMatches(p, image.registry.toLowerCase()))
          ? null
          : `image ${image.raw} in ${describeContainer(ref)} comes from registry ${image.registry}, which is not approved`,
      ),
  };
}

export const imagesAllowedRegistries = makeAllowedRegistriesCheck();
