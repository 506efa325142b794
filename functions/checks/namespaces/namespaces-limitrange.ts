import { kubeInputs } from '../../model/namespace-scope.js';
import type { CheckDefinition } from '../types.js';
import { evaluateNamespacesHave } from './per-namespace-object.js';

/** Risk area 9 (NSA/CISA "resource policies"): default requests and limits per namespace. */
export const nsLimitRange: CheckDefinition = {
  id: 'namespaces-limitrange',
  title: 'Every application namespace has a LimitRange',
  severity: 'low',
  family: 'namespaces',
  rationale:
    'A LimitRange gives containers that declare no requests or limits sensible defaults and caps, so one ' +
    'unbounded pod cannot starve its neighbours on the node or be evicted first under pressure.',
  remediation:
    'Add a LimitRange with `type: Container`, `default`, `defaultRequest` and `max` for cpu and memory to each ' +
    'namespace: `kubectl -n NS apply -f limitrange.yaml`.',
  references: {},
  inputs: kubeInputs('namespaces', 'limitranges'),
  evaluate: (snapshot) => evaluateNamespacesHave(snapshot, 'limitranges', 'LimitRange'),
};
