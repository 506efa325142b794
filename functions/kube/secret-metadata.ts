/**
 * Opt-in: the Secret inventory (metadata only). Kubernetes RBAC cannot limit `list secrets` to metadata, so whoever
 * holds the permission can read every Secret's value with another client; the shipped reader role therefore does
 * not grant it, and the checks that need Secret metadata (legacy service-account token Secrets, unused Secrets) are
 * not assessed unless the scan asks for it (`--secret-metadata`, `scan.secretMetadata`) and the separate role
 * infra/kubernetes/clusterrole-secret-metadata.yaml is bound.
 */
import type { NotCollected } from '../model/snapshot.js';

export const SECRETS_INVENTORY = 'secrets';

export const SECRET_METADATA_PERMISSION = 'list secrets';

/** How the snapshot records a scan that did not ask for Secrets. */
export const SECRET_METADATA_NOT_REQUESTED: NotCollected = {
  status: 'not-collected',
  reason:
    'Secret metadata was not requested (opt-in: --secret-metadata or scan.secretMetadata, with the role ' +
    'infra/kubernetes/clusterrole-secret-metadata.yaml, since list on secrets also exposes their values)',
  permission: SECRET_METADATA_PERMISSION,
};
