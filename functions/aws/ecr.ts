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
import { AwsCallError, call, errorName } from './errors.js';
import type { EcrImageRef } from './image-refs.js';
import { plain } from './plain.js';

export async function collectRegistryScanning(client: ECRClient): Promise<RegistryScanningFact> {
  const out = await call('ecr:GetRegistryScanningConfiguration', () =>
    client.send(new GetRegistryScanningConfigurationCommand({})),
  );
  const fact = plain<RegistryScanningFact>(out.scanningConfiguration ?? {});
  if (out.registryId) fact.registryId = out.registryId;
  return fact;
}

/** DescribeRepositories for the repositories of the given images only (least privilege, small output). */
export async function collectRepositories(
  client: ECRClient,
  images: readonly EcrImageRef[],
): Promise<EcrRepositoryFact[]> {
  const byRegistry = new Map<string, Set<string>>();
  for (const img of images) {
    const names = byRegistry.get(img.registryId) ?? new Set<string>();
    names.add(img.repositoryName);
    byRegistry.set(img.registryId, names);
  }
  const out: EcrRepositoryFact[] = [];
  for (const [registryId, names] of byRegistry) {
    // One repository per request: a batch fails as a whole when any one repository is gone.
    for (const repositoryName of names) {
      try {
        await call('ecr:DescribeRepositories', async () => {
          for await (const page of paginateDescribeRepositories(
            { client },
            { registryId, repositoryNames: [repositoryName] },
          ))
            out.push(...plain<EcrRepositoryFact[]>(page.repositories ?? []));
        });
      } catch (err) {
        if (err instanceof AwsCallError && errorName(err.cause) === 'RepositoryNotFoundException') continue;
        throw err;
      }
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
  client: ECRClient,
  images: readonly EcrImageRef[],
): Promise<ImageFindingsFact[]> {
  const out: ImageFindingsFact[] = [];
  for (const img of images) {
    const base: ImageFindingsFact = {
      imageUri: img.imageUri,
      repositoryName: img.repositoryName,
      registryId: img.registryId,
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
      const status = err instanceof AwsCallError ? NO_FINDINGS_ERRORS[errorName(err.cause)] : undefined;
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
