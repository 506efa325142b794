import { kubeInputs } from '../../model/namespace-scope.js';
import type { CheckDefinition } from '../types.js';
import { evaluateNamespacesHave } from './per-namespace-object.js';

/** Risk area 9 (NSA/CISA "resource policies"): a ceiling on what one namespace can consume. */
export const nsResourceQuota: CheckDefinition = {
  id: 'namespaces-resourcequota',
  title: 'Every application namespace has a ResourceQuota',
  severity: 'low',
  family: 'namespaces',
  rationale:
    'A ResourceQuota caps the total cpu, memory, storage and object counts of a namespace, so a runaway deployment ' +
    'or a compromised account cannot exhaust the cluster for everyone else.',
  remediation:
    'Add a ResourceQuota with `hard` limits for requests.cpu, requests.memory, limits.cpu, limits.memory and pods ' +
    'to each namespace: `kubectl -n NS create quota NAME --hard=requests.cpu=4,requests.memory=8Gi,pods=50`.',
  references: {},
  inputs: kubeInputs('namespaces', 'resourcequotas'),
  evaluate: (snapshot) => evaluateNamespacesHave(snapshot, 'resourcequotas', 'ResourceQuota'),
};
