import { SYSTEM_NAMESPACES, WORKLOAD_INVENTORIES } from '../../model/kinds.js';
import { findingFor, itemsOf, kubeInputs } from '../../model/namespace-scope.js';
import type { KubeObject } from '../../model/snapshot.js';
import { outcome, seen } from '../outcome.js';
import type { CheckDefinition, Finding } from '../types.js';
import { managedElsewhere, podReferences, refKey } from './references.js';

/**
 * ConfigMaps the control plane publishes into every namespace (the cluster CA bundle) or that tools read through
 * the API rather than a mount. kube-system (aws-auth, amazon-vpc-cni, coredns, kube-proxy…) is skipped as a whole.
 */
const SYSTEM_CONFIGMAPS = new Set(['kube-root-ca.crt', 'istio-ca-root-cert']);

function isSystemConfigMap(cm: KubeObject): boolean {
  return SYSTEM_CONFIGMAPS.has(cm.metadata.name) || managedElsewhere(cm, SYSTEM_NAMESPACES);
}

/** Risk area 1 (hygiene): ConfigMaps no pod refers to. A heuristic: see the rationale. */
export const secretsUnusedConfigMaps: CheckDefinition = {
  id: 'secrets-unused-configmaps',
  title: 'Every ConfigMap is used by a pod',
  severity: 'info',
  family: 'secrets',
  rationale:
    'Forgotten ConfigMaps accumulate settings, endpoints and, too often, credentials that nobody reviews any more. ' +
    'This is a heuristic: a ConfigMap is counted as used when a pod spec names it (volumes, projected sources, ' +
    'env valueFrom, envFrom, in every container list). Controllers and operators that read ConfigMaps through the ' +
    'API (leader election, dashboards, Fluent Bit or Prometheus rule loaders) are invisible to it, so confirm ' +
    'before deleting. kube-root-ca.crt, ConfigMaps with ownerReferences, Argo CD settings (read through the API) ' +
    'and everything in kube-system, kube-public and kube-node-lease (aws-auth, amazon-vpc-cni, coredns…) are skipped.',
  remediation:
    'Check who reads it (search the manifests and Helm values for its name), then remove it from its source of ' +
    'truth and from the cluster: `kubectl -n NS delete configmap NAME`.',
  references: {},
  inputs: kubeInputs('configmaps', ...WORKLOAD_INVENTORIES),
  evaluate(snapshot) {
    const refs = podReferences(snapshot);
    const candidates = itemsOf(snapshot, 'configmaps').filter((cm) => !isSystemConfigMap(cm));
    const failing: Finding[] = candidates
      .filter((cm) => !refs.configMaps.has(refKey(cm.metadata.namespace, cm.metadata.name)))
      .map((cm) => findingFor(cm, 'referenced by no pod spec (volume, projected source, env or envFrom)'));
    return outcome({
      evaluated: candidates.map((cm) =>
        seen(
          cm,
          refs.configMaps.has(refKey(cm.metadata.namespace, cm.metadata.name))
            ? 'referenced by a pod spec'
            : 'referenced by no pod spec',
        ),
      ),
      failing,
      ifNoneEvaluated: 'no application ConfigMaps',
    });
  },
};
