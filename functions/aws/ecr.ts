/** ECR and Inspector collectors: registry scanning, the repositories of running images, and their findings. */
import {
  DescribeImageScanFindingsCommand,
  type ECRClient,
  GetRegistryScanningConfigurationCommand,
  paginateDescribeRepositories,
} from '@aws-sdk/client-ecr';
import { BatchGetAccountStatusCommand, type Inspector2Client } from '@aws-sdk/client-inspector2';
import type {
  EcrRepositoryFact,
  ImageFindingsFact,
  InspectorResourceStateFact,
  RegistryScanningFact,
} from '../model/aws-facts.js';
import { AwsCallError, call, errorName, isAccessDenied, notCollectedFrom } from './errors.js';
import { type EcrImageRef, isAddonRegistryImage } from './image-refs.js';
import { plain } from './plain.js';

/** The ECR client of a Region: the cluster's own, or one made (and later destroyed) by the caller for another. */
export type EcrClientFor = (region: string) => ECRClient;

async function scanningIn(client: ECRClient, region: string): Promise<RegistryScanningFact> {
  const out = await call('ecr:GetRegistryScanningConfiguration', () =>
    client.send(new GetRegistryScanningConfigurationCommand({})),
  );
  const fact = plain<RegistryScanningFact>(out.scanningConfiguration ?? {});
  if (out.registryId) fact.registryId = out.registryId;
  fact.region = region;
  return fact;
}

/**
 * The registry scanning configuration of the cluster's Region (a failure there fails the fact), and of every other
 * Region the account's own running images come from (each Region has its own configuration; a failure there is
 * recorded for that Region, e.g. an SCP that denies it).
 */
export async function collectRegistryScanning(
  clientFor: EcrClientFor,
  region: string,
  images: readonly EcrImageRef[],
): Promise<RegistryScanningFact> {
  const fact = await scanningIn(clientFor(region), region);
  const own = fact.registryId;
  const others = [...new Set(images.filter((i) => i.registryId === own && i.region !== region).map((i) => i.region))];
  if (others.length === 0) return fact;
  fact.otherRegions = [];
  for (const other of others.sort()) {
    try {
      fact.otherRegions.push({ region: other, scanning: await scanningIn(clientFor(other), other) });
    } catch (err) {
      fact.otherRegions.push({ region: other, unreadable: failure(err) });
    }
  }
  return fact;
}

/** An AccessDenied on an image of an EKS add-on registry: AWS owns it, so this account may pull but not read it. */
function deniedOnAddonRegistry(err: unknown, img: EcrImageRef): boolean {
  return isAddonRegistryImage(img) && err instanceof AwsCallError && isAccessDenied(err.cause);
}

/** Why a call failed, in one line: "ecr:DescribeRepositories denied: AccessDeniedException: …". */
function failure(err: unknown): string {
  return notCollectedFrom('ecr', err).fact.reason;
}

/**
 * DescribeRepositories for the repositories of the given images only (least privilege, small output), in each
 * image's Region. A repository of an EKS add-on registry that AWS does not let this account describe is recorded
 * with `unreadable`; any other failure fails the fact.
 */
export async function collectRepositories(
  clientFor: EcrClientFor,
  images: readonly EcrImageRef[],
): Promise<EcrRepositoryFact[]> {
  const repos = new Map<string, EcrImageRef>();
  for (const img of images) {
    const key = `${img.region}/${img.registryId}/${img.repositoryName}`;
    if (!repos.has(key)) repos.set(key, img);
  }
  const out: EcrRepositoryFact[] = [];
  // One repository per request: a batch fails as a whole when any one repository is gone.
  for (const img of repos.values()) {
    const { registryId, repositoryName, region } = img;
    try {
      await call('ecr:DescribeRepositories', async () => {
        for await (const page of paginateDescribeRepositories(
          { client: clientFor(region) },
          { registryId, repositoryNames: [repositoryName] },
        ))
          for (const repo of plain<EcrRepositoryFact[]>(page.repositories ?? [])) out.push({ ...repo, region });
      });
    } catch (err) {
      if (err instanceof AwsCallError && errorName(err.cause) === 'RepositoryNotFoundException') continue;
      if (deniedOnAddonRegistry(err, img)) {
        out.push({ repositoryName, registryId, region, unreadable: failure(err) });
        continue;
      }
      throw err;
    }
  }
  return out;
}

const NO_FINDINGS_ERRORS: Record<string, string> = {
  ScanNotFoundException: 'NOT_SCANNED',
  ImageNotFoundException: 'IMAGE_NOT_FOUND',
  RepositoryNotFoundException: 'REPOSITORY_NOT_FOUND',
};

/** Critical/high/medium/low counts per running image, from ECR (basic or, through Inspector, enhanced scanning). */
export async function collectImageFindings(
  clientFor: EcrClientFor,
  images: readonly EcrImageRef[],
): Promise<ImageFindingsFact[]> {
  const out: ImageFindingsFact[] = [];
  for (const img of images) {
    const client = clientFor(img.region);
    const base: ImageFindingsFact = {
      imageUri: img.imageUri,
      repositoryName: img.repositoryName,
      registryId: img.registryId,
      region: img.region,
      critical: 0,
      high: 0,
    };
    if (img.imageDigest) base.imageDigest = img.imageDigest;
    if (img.imageTag) base.imageTag = img.imageTag;
    const imageId = img.imageDigest ? { imageDigest: img.imageDigest } : { imageTag: img.imageTag ?? 'latest' };
    try {
      // Only the summary counts are needed, and every page carries them: one small page is enough.
      const res = await call('ecr:DescribeImageScanFindings', () =>
        client.send(
          new DescribeImageScanFindingsCommand({
            registryId: img.registryId,
            repositoryName: img.repositoryName,
            imageId,
            maxResults: 1,
          }),
        ),
      );
      const counts = res.imageScanFindings?.findingSeverityCounts ?? {};
      out.push({
        ...base,
        ...(res.imageId?.imageDigest ? { imageDigest: res.imageId.imageDigest } : {}),
        scanStatus: res.imageScanStatus?.status ?? 'UNKNOWN',
        critical: counts.CRITICAL ?? 0,
        high: counts.HIGH ?? 0,
        medium: counts.MEDIUM ?? 0,
        low: counts.LOW ?? 0,
      });
    } catch (err) {
      const status = deniedOnAddonRegistry(err, img)
        ? 'ACCESS_DENIED'
        : err instanceof AwsCallError
          ? NO_FINDINGS_ERRORS[errorName(err.cause)]
          : undefined;
      if (!status) throw err;
      out.push({ ...base, scanStatus: status });
    }
  }
  return out;
}

/** Inspector2 resource state of the scanning account (ENHANCED ECR scanning needs `ecr.status` ENABLED). */
export async function collectInspector(client: Inspector2Client): Promise<InspectorResourceStateFact | null> {
  const out = await call('inspector2:BatchGetAccountStatus', () => client.send(new BatchGetAccountStatusCommand({})));
  const state = out.accounts?.[0]?.resourceState;
  return state ? plain<InspectorResourceStateFact>(state) : null;
}
