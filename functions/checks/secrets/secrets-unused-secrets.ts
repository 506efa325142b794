import { SYSTEM_NAMESPACES, WORKLOAD_INVENTORIES } from '../../model/kinds.js';
import { annotationsOf, findingFor, itemsOf, kubeInputs, labelsOf } from '../../model/namespace-scope.js';
import type { KubeObject } from '../../model/snapshot.js';
import { outcome, seen } from '../outcome.js';
import type { CheckDefinition, Finding } from '../types.js';
import { addServiceAccountAndIngressReferences, managedElsewhere, podReferences, refKey } from './references.js';

/** Secret types that Kubernetes, EKS or Helm create and read themselves; no pod names them. */
const SYSTEM_SECRET_TYPES = new Set([
  'kubernetes.io/service-account-token',
  'bootstrap.kubernetes.io/token',
  'helm.sh/release.v1',
]);

/**
 * Secret lists are metadata-only, which drops `type`, so the same kinds are also recognised by what the metadata
 * still shows: the service-account annotation, Helm's release naming and labels, the bootstrap-token prefix.
 */
function isSystemSecret(s: KubeObject): boolean {
  if (typeof s.type === 'string' && SYSTEM_SECRET_TYPES.has(s.type)) return true;
  if (annotationsOf(s)['kubernetes.io/service-account.name'] !== undefined) return true;
  const name = s.metadata.name;
  if (name.startsWith('sh.helm.release.v1.') || labelsOf(s).owner === 'helm') return true;
  return name.startsWith('bootstrap-token-');
}

/** Risk area 1 (hygiene): Secrets nothing in the cluster refers to. A heuristic: see the rationale. */
export const secretsUnusedSecrets: CheckDefinition = {
  id: 'secrets-unused-secrets',
  title: 'Every Secret is used by a pod, a service account or an ingress',
  severity: 'low',
  family: 'secrets',
  rationale:
    'A Secret nobody mounts is a credential nobody rotates: it outlives the application that needed it and still ' +
    'grants whatever it grants to anyone who can read Secrets in the namespace. This is a heuristic: a Secret is ' +
    'counted as used when a pod spec (volumes, projected sources, env, envFrom, imagePullSecrets, in every container ' +
    'list), a ServiceAccount or an Ingress TLS entry names it. Consumers the scan cannot see (operators reading ' +
    'Secrets through the API, StorageClass or PersistentVolume secret parameters, pipelines outside the cluster) ' +
    'are not, so confirm before deleting. Secrets with ownerReferences, in kube-system, kube-public or ' +
    'kube-node-lease, service-account tokens, bootstrap tokens, Helm release records and Argo CD settings and ' +
    'credentials (read through the API) are skipped.',
  remediation:
    'Confirm nothing outside the cluster reads it (`kubectl -n NS get secret NAME -o yaml` shows who created it in ' +
    'managedFields), then delete it from its source of truth (Git, Helm values, External Secrets) and from the ' +
    'cluster: `kubectl -n NS delete secret NAME`. Revoke the credential it holds at its issuer.',
  references: {},
  inputs: kubeInputs('secrets', ...WORKLOAD_INVENTORIES, 'serviceaccounts', 'ingresses'),
  evaluate(snapshot) {
    const refs = podReferences(snapshot);
    addServiceAccountAndIngressReferences(snapshot, refs);
    const candidates = itemsOf(snapshot, 'secrets').filter(
      (s) => !isSystemSecret(s) && !managedElsewhere(s, SYSTEM_NAMESPACES),
    );
    const failing: Finding[] = candidates
      .filter((s) => !refs.secrets.has(refKey(s.metadata.namespace, s.metadata.name)))
      .map((s) => findingFor(s, 'referenced by no pod spec, ServiceAccount or Ingress TLS entry'));
    return outcome({
      evaluated: candidates.map((s) =>
        seen(
          s,
          refs.secrets.has(refKey(s.metadata.namespace, s.metadata.name))
            ? 'referenced by a pod spec, ServiceAccount or Ingress TLS entry'
            : 'referenced by no pod spec, ServiceAccount or Ingress TLS entry',
        ),
      ),
      failing,
      ifNoneEvaluated: 'no application Secrets',
    });
  },
};
