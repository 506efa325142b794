/** Which running images live in ECR, parsed from image references as pods report them. */
import { parseEcrRegistryHost } from '../model/ecr-host.js';

export interface EcrImageRef {
  /** The reference as given (minus any runtime prefix such as docker-pullable://). */
  imageUri: string;
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
  const host = parseEcrRegistryHost(imageUri.slice(0, slash));
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
    registryId: host.accountId,
    region: host.region,
    repositoryName: rest,
  };
  if (imageTag) ref.imageTag = imageTag;
  if (imageDigest) ref.imageDigest = imageDigest;
  return ref;
}

/**
 * ECR images in one region, one entry per image (a digest beats a tag when both name the same image). Pods report
 * `status.containerStatuses[].imageID` with the digest, so callers should pass those alongside spec images.
 */
export function ecrImagesInRegion(imageUris: readonly string[], region: string): EcrImageRef[] {
  const byKey = new Map<string, EcrImageRef>();
  for (const uri of imageUris) {
    const ref = parseEcrImageUri(uri);
    if (!ref || ref.region !== region) continue;
    const key = `${ref.registryId}/${ref.repositoryName}@${ref.imageDigest ?? `:${ref.imageTag ?? 'latest'}`}`;
    if (!byKey.has(key)) byKey.set(key, ref);
  }
  return [...byKey.values()];
}
