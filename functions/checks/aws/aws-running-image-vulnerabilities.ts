import { imageFindingsOf } from '../../model/aws-tolerant.js';
import type { CheckDefinition, Finding, Observation } from '../types.js';
import { awsFinding, awsSeen, FAMILY, fact, factInputs, missingFact, outcome, text } from './shared.js';

/** Risk area 2: critical or high vulnerabilities in the images that actually run, not just the ones in the registry. */
export const awsRunningImageVulnerabilities: CheckDefinition = {
  id: 'aws-running-image-vulnerabilities',
  title: 'Running images have no critical or high vulnerabilities',
  severity: 'high',
  family: FAMILY,
  rationale:
    'A scanned registry is only useful if the findings are acted on. Images with critical or high CVEs that are ' +
    'running now are the exposure that matters.',
  remediation:
    'Rebuild the image on a patched base image and updated dependencies, push it, and roll the workload; see the ' +
    'findings with `aws ecr describe-image-scan-findings --repository-name REPO --image-id imageDigest=DIGEST`.',
  references: {},
  inputs: factInputs('imageFindings'),
  evaluate(snapshot) {
    const images = fact(snapshot, 'imageFindings');
    if (!images) return missingFact('imageFindings');
    const failing: Finding[] = [];
    const evaluated: Observation[] = [];
    let unscanned = 0;
    let addonDenied = 0;
    for (const img of images.map(imageFindingsOf)) {
      const { critical, high } = img;
      evaluated.push(
        awsSeen(
          'Image',
          text(img.imageUri, 'unknown'),
          `scan ${text(img.scanStatus, 'status unknown')}: ${critical} critical, ${high} high`,
        ),
      );
      if (img.scanStatus === 'ACCESS_DENIED') addonDenied++;
      if (
        img.scanStatus &&
        ['NOT_SCANNED', 'IMAGE_NOT_FOUND', 'REPOSITORY_NOT_FOUND', 'FAILED'].includes(img.scanStatus)
      )
        unscanned++;
      if (critical > 0 || high > 0) {
        failing.push(
          awsFinding(
            'Image',
            text(img.imageUri, 'unknown'),
            `${critical} critical and ${high} high vulnerabilities`,
            'imageScanFindings',
          ),
        );
      }
    }
    const note =
      (unscanned > 0 ? `; ${unscanned} image(s) have no scan results` : '') +
      (addonDenied > 0
        ? `; ${addonDenied} image(s) from the EKS add-on registries, which AWS owns, could not be read (AccessDenied)`
        : '');
    return outcome({
      evaluated,
      failing,
      ifNoneEvaluated: 'no image from ECR runs in the cluster',
      passReason: `no critical or high findings${note}`,
    });
  },
};
