/** Which running images live in ECR, parsed from image references as pods report them. */
import { parseEcrRegistryHost } from '../model/ecr-host.js';
import { ADDON_REGISTRY_HOSTS } from '../model/eks-addons.js';

export interface EcrImageRef {
  /** The reference as given (minus any runtime prefix such as docker-pullable://). */
  imageUri: string;
  /** The registry host, lower-cased: `ACCOUNT.dkr.ecr.REGION.amazonaws.com`. */
  registryHost: string;
  registryId: string;
  region: string;
  repositoryName: string;
  imageTag?: string;
  imageDigest?: string;
}

/** Parses an ECR image reference; undefined for any other registry. */
export function parseEcrImageUri(raw: string): EcrImageRef | undefined {
  const imageUri = raw.replace(/^[a-z-]+:\/\//, '').trim();
  const slash = imageUri.indexOf('/');
  if (slash < 0) return undefined;
  const registryHost = imageUri.slice(0, slash).toLowerCase();
  const host = parseEcrRegistryHost(registryHost);
  if (!host) return undefined;
  let rest = imageUri.slice(slash + 1);
  let imageDigest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    imageDigest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let imageTag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    imageTag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (!rest) return undefined;
  const ref: EcrImageRef = {
    imageUri,
    registryHost,
    registryId: host.accountId,
    region: host.region,
    repositoryName: rest,
  };
  if (imageTag) ref.imageTag = imageTag;
  if (imageDigest) ref.imageDigest = imageDigest;
  return ref;
}

/**
 * ECR images in any Region, one entry per image (a digest beats a tag when both name the same image). Pods report
 * `status.containerStatuses[].imageID` with the digest, so callers should pass those alongside spec images.
 */
export function ecrImages(imageUris: readonly string[]): EcrImageRef[] {
  const byKey = new Map<string, EcrImageRef>();
  for (const uri of imageUris) {
    const ref = parseEcrImageUri(uri);
    if (!ref) continue;
    const key = `${ref.region}/${ref.registryId}/${ref.repositoryName}@${ref.imageDigest ?? `:${ref.imageTag ?? 'latest'}`}`;
    if (!byKey.has(key)) byKey.set(key, ref);
  }
  return [...byKey.values()];
}

/** ECR images in one Region (see ecrImages). */
export function ecrImagesInRegion(imageUris: readonly string[], region: string): EcrImageRef[] {
  return ecrImages(imageUris).filter((ref) => ref.region === region);
}

/** Is the image in one of the ECR registries AWS publishes the EKS add-on images from (functions/model/eks-addons.ts)? */
export function isAddonRegistryImage(ref: EcrImageRef): boolean {
  return ADDON_REGISTRY_HOSTS.has(ref.registryHost);
}
