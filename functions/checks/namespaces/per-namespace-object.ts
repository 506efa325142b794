import { applicationNamespaces, itemsOf } from '../../model/namespace-scope.js';
import type { KubeInventory, Snapshot } from '../../model/snapshot.js';
import { outcome, seen } from '../outcome.js';
import type { CheckOutcome, Finding, Observation } from '../types.js';

/** Fails each application namespace that holds no object of `inventory` (`kindName` is used in messages). */
export function evaluateNamespacesHave(snapshot: Snapshot, inventory: KubeInventory, kindName: string): CheckOutcome {
  const namespaces = applicationNamespaces(snapshot);
  const held = new Map<string, string[]>();
  for (const o of itemsOf(snapshot, inventory)) {
    const ns = o.metadata.namespace;
    if (ns) held.set(ns, [...(held.get(ns) ?? []), o.metadata.name]);
  }
  const failing: Finding[] = [];
  const evaluated: Observation[] = [];
  for (const ns of namespaces) {
    const names = held.get(ns.metadata.name) ?? [];
    evaluated.push(seen(ns, names.length > 0 ? `${kindName} ${names.join(', ')}` : `no ${kindName}`));
    if (names.length > 0) continue;
    failing.push({
      kind: 'Namespace',
      namespace: null,
      name: ns.metadata.name,
      message: `no ${kindName} in namespace ${ns.metadata.name}`,
    });
  }
  return outcome({
    evaluated,
    failing,
    ifNoneEvaluated: 'no namespaces outside kube-system, kube-public and kube-node-lease',
  });
}
