/**
 * Field managers (metadata.managedFields[].manager) sorted by who they are. Names are compared case-insensitively:
 * Terraform's provider writes "Terraform", other tools lower case. Managers in neither list (kubelet,
 * kube-controller-manager, kube-scheduler, HPA, operators…) write status or fields GitOps does not own, so they
 * never count either way.
 */

/** Controllers and tools that re-apply a declared state: whatever they own is rewritten at the next sync. */
const GITOPS_EXACT = new Set([
  'argocd',
  'argocd-controller',
  'argocd-application-controller',
  'helm',
  'helm-controller',
  'kustomize-controller',
  'terraform',
  'terraform-provider-kubernetes',
  'kapp',
  'fleetagent',
  // EKS managed add-ons: an add-on update with --resolve-conflicts OVERWRITE restores the add-on's objects.
  'eks',
]);
/** Prefixes for managers that carry a suffix (Pulumi writes "pulumi-kubernetes-<id>"). */
const GITOPS_PREFIXES = ['pulumi'];

/** kubectl commands that change a live object by hand. */
const HAND_EDIT = new Set([
  'kubectl-edit',
  'kubectl-patch',
  'kubectl-scale',
  'kubectl-set',
  'kubectl-label',
  'kubectl-annotate',
  'kubectl-replace',
  'kubectl-client-side-apply',
]);

export function isGitOpsManager(manager: string): boolean {
  const m = manager.toLowerCase();
  return GITOPS_EXACT.has(m) || GITOPS_PREFIXES.some((p) => m.startsWith(p));
}

export function isHandEditManager(manager: string): boolean {
  return HAND_EDIT.has(manager.toLowerCase());
}

/** The operations a GitOps sync uses: server-side Apply, or Update for client-side apply and Helm. */
export const SYNC_OPERATIONS: ReadonlySet<string> = new Set(['Apply', 'Update']);
