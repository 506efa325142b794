import { WORKLOAD_INVENTORIES } from '../../model/kinds.js';
import { annotationsOf, itemsOf, kubeInputs, notLookedAt, optionalInput } from '../../model/namespace-scope.js';
import type { KubeInventory, KubeObject } from '../../model/snapshot.js';
import { podTemplates } from '../../model/workloads.js';
import { outcome, seen, templateSeen } from '../outcome.js';
import type { CheckDefinition, Finding, Observation } from '../types.js';

/** Namespaced, non-workload inventories looked at in `default` (Secrets only when their metadata was collected). */
const OTHER_INVENTORIES: KubeInventory[] = [
  'services',
  'ingresses',
  'serviceaccounts',
  'roles',
  'rolebindings',
  'configmaps',
  'secrets',
  'persistentvolumeclaims',
];

/**
 * What Kubernetes itself puts in `default`. NetworkPolicies, LimitRanges and ResourceQuotas are not listed at all:
 * they protect the namespace rather than use it.
 */
function isBuiltIn(obj: KubeObject): boolean {
  const name = obj.metadata.name;
  if (obj.kind === 'Service') return name === 'kubernetes';
  if (obj.kind === 'ConfigMap') return name === 'kube-root-ca.crt';
  if (obj.kind === 'ServiceAccount') return name === 'default';
  if (obj.kind === 'Secret') {
    // The legacy token Secret of the default ServiceAccount on clusters that were created before 1.24.
    // Metadata-only Secret lists carry no type, so the service-account annotation decides.
    const type = obj.type;
    const tokenType = type === undefined || type === 'kubernetes.io/service-account-token';
    return tokenType && annotationsOf(obj)['kubernetes.io/service-account.name'] === 'default';
  }
  return false;
}

/**
 * A namespaced object with no namespace lands in `default` when it is applied (manifests, or a list that dropped the
 * field), as namespaces-in-use (4.5.1) and Kubescape C-0212 read it.
 */
function inDefault(namespace: string | null | undefined): boolean {
  return (namespace ?? 'default') === 'default';
}

/** CIS EKS 4.5.2. */
export const nsDefaultNamespaceUnused: CheckDefinition = {
  id: 'namespaces-default-unused',
  title: 'The default namespace is not used',
  severity: 'low',
  family: 'namespaces',
  rationale:
    'Objects put in `default` share one namespace with everything else deployed without thought: no dedicated ' +
    'RBAC, network policy, quota or Pod Security level can be applied to them without affecting the rest.',
  deviation:
    'Looser than kube-bench and Kubescape C-0212 in two ways. NetworkPolicy, LimitRange and ResourceQuota objects in ' +
    'default are not counted: they guard the namespace rather than use it, and 4.3.2 asks for a NetworkPolicy in ' +
    'every namespace. Kinds the collector does not list (HorizontalPodAutoscaler, PodDisruptionBudget, Lease, ' +
    'PodTemplate, ReplicationController, Endpoints, EndpointSlice, Event, ControllerRevision, CSIStorageCapacity) ' +
    'are not looked at; the workloads they belong to are.',
  remediation:
    'Move the objects to a namespace per application or team (`kubectl create namespace APP`, redeploy with ' +
    '`-n APP`, delete the copies in default); only the `kubernetes` Service, `kube-root-ca.crt` and the `default` ' +
    'ServiceAccount belong there.',
  references: { kubescape: ['C-0212'] },
  inputs: [
    ...kubeInputs(...WORKLOAD_INVENTORIES, ...OTHER_INVENTORIES.filter((inv) => inv !== 'secrets')),
    optionalInput('secrets'),
  ],
  evaluate(snapshot) {
    const failing: Finding[] = [];
    const evaluated: Observation[] = [];
    // Workloads are folded to their owner: one finding for a Deployment, not one per pod.
    for (const t of podTemplates(snapshot)) {
      if (!inDefault(t.namespace)) continue;
      evaluated.push(templateSeen(t, `${t.kind} ${t.name} is in the default namespace`));
      failing.push({
        kind: t.kind,
        namespace: 'default',
        name: t.name,
        message: `${t.kind} ${t.name} is in the default namespace`,
      });
    }
    for (const inv of OTHER_INVENTORIES) {
      for (const obj of itemsOf(snapshot, inv)) {
        if (!inDefault(obj.metadata.namespace)) continue;
        const builtIn = isBuiltIn(obj);
        evaluated.push(
          seen(
            obj,
            builtIn
              ? `${obj.kind} ${obj.metadata.name} in the default namespace is Kubernetes' own (not counted as use)`
              : `${obj.kind} ${obj.metadata.name} is in the default namespace`,
          ),
        );
        if (builtIn) continue;
        failing.push({
          kind: obj.kind,
          namespace: 'default',
          name: obj.metadata.name,
          message: `${obj.kind} ${obj.metadata.name} is in the default namespace`,
        });
      }
    }
    const partial = notLookedAt(snapshot, ['secrets']);
    return outcome({
      evaluated,
      failing,
      ifNoneEvaluated: `no object in the default namespace was listed${partial ? `; ${partial}` : ''}`,
      ...(partial ? { reason: partial } : {}),
    });
  },
};
