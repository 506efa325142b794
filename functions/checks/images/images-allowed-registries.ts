import { parseEcrRegistryHost } from '../../model/ecr-host.js';
import { ADDON_REGISTRY_HOSTS } from '../../model/eks-addons.js';
import { globMatches } from '../../model/glob.js';
import type { Snapshot } from '../../model/snapshot.js';
import { describeContainer } from '../../model/workloads.js';
import { withUnjudged } from '../outcome.js';
import type { CheckDefinition, CheckOutcome } from '../types.js';
import { evaluateImages, IMAGE_INPUTS } from './image-ref.js';

/** The Kubernetes project's registry (the one EKS's own documentation pulls upstream images from). */
export const KUBERNETES_REGISTRY = 'registry.k8s.io';

/** The default allow-list in words, for the remediation and the docs. */
export const DEFAULT_APPROVED_REGISTRIES_TEXT =
  "this cluster's AWS account's private ECR registries (ACCOUNT.dkr.ecr.REGION.amazonaws.com, in any Region), the " +
  `ECR registries AWS publishes the EKS add-on images from, and ${KUBERNETES_REGISTRY}`;

type Approval = { approved: true } | { approved: false; why: string } | { approved: 'unknown-owner' };

/**
 * The default allow-list of CIS 5.1.4 for a cluster in `accountId`: its own private ECR registries in any Region,
 * the EKS add-on registries (ADDON_REGISTRY_HOSTS, functions/model/eks-addons.ts) and registry.k8s.io. Another
 * account's ECR and ECR Public are not approved: anyone can publish there. Without the account (a kubeconfig or
 * manifests scan) a private ECR host that is not an add-on registry cannot be judged.
 */
export function defaultApproval(host: string, accountId: string | null): Approval {
  const registry = host.toLowerCase();
  if (ADDON_REGISTRY_HOSTS.has(registry) || registry === KUBERNETES_REGISTRY) return { approved: true };
  const ecr = parseEcrRegistryHost(registry);
  if (!ecr) return { approved: false, why: 'which is not approved' };
  if (accountId === null) return { approved: 'unknown-owner' };
  if (ecr.accountId === accountId) return { approved: true };
  return {
    approved: false,
    why: `the ECR registry of account ${ecr.accountId}, not of this cluster's account ${accountId}`,
  };
}

function judge(
  snapshot: Snapshot,
  approval: (host: string) => Approval,
  unjudged: (hosts: string[]) => string,
): CheckOutcome {
  const unknownOwner = new Set<string>();
  const outcome = evaluateImages(snapshot, (image, ref) => {
    const a = approval(image.registry);
    if (a.approved === true) return null;
    if (a.approved === 'unknown-owner') {
      unknownOwner.add(image.registry);
      return null;
    }
    return `image ${image.raw} in ${describeContainer(ref)} comes from registry ${image.registry}, ${a.why}`;
  });
  if (unknownOwner.size === 0 || outcome.status === 'not-applicable') return outcome;
  const note = unjudged([...unknownOwner].sort());
  return withUnjudged(outcome, note);
}

/** CIS EKS 5.1.4 with a given allow-list of registry host patterns, or the default list when none is given. */
export function makeAllowedRegistriesCheck(allowed?: readonly string[]): CheckDefinition {
  // Registry hosts are DNS names, case-insensitive: both sides are lower-cased, then matched with the catalog's glob.
  const patterns = allowed?.map((g) => g.toLowerCase());
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
      'allow-list at admission with Kyverno, Gatekeeper or a ValidatingAdmissionPolicy. Approved: ' +
      `${allowed ? allowed.join(', ') : DEFAULT_APPROVED_REGISTRIES_TEXT}.`,
    deviation:
      'The benchmark leaves the list of approved registries to you (a manual review), and Kubescape C-0078 judges ' +
      `nothing without a configured list. Without scan.approvedRegistries this check approves ${DEFAULT_APPROVED_REGISTRIES_TEXT}; ` +
      "another account's ECR and ECR Public (public.ecr.aws) are not approved, since anyone can publish there. " +
      "When the cluster's account is unknown (a kubeconfig or manifests scan), images from other private ECR registries " +
      'are not judged and the check is not assessed unless another image fails it.',
    references: { kubescape: ['C-0078'] },
    inputs: IMAGE_INPUTS,
    evaluate: (snapshot) => {
      if (patterns) {
        return judge(
          snapshot,
          (host) =>
            patterns.some((p) => globMatches(p, host.toLowerCase()))
              ? { approved: true }
              : { approved: false, why: 'which is not approved' },
          () => '',
        );
      }
      const accountId = snapshot.cluster.accountId;
      return judge(
        snapshot,
        (host) => defaultApproval(host, accountId),
        (hosts) =>
          `the cluster's AWS account is unknown, so images from the private ECR registries ${hosts.join(', ')} ` +
          'could not be compared with its own: scan with --cluster and --region, or list the approved registries ' +
          'in scan.approvedRegistries',
      );
    },
  };
}

export const imagesAllowedRegistries = makeAllowedRegistriesCheck();
