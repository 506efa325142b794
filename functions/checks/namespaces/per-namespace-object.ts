import { applicationNamespaces, itemsOf } from '../../model/namespace-scope.js';
import type { KubeInventory, Snapshot } from '../../model/snapshot.js';
import type { CheckOutcome, Finding } from '../types.js';

/** Fails each application namespace that holds no object of `inventory` (`kindName` is used in messages). */
export function evaluateNamespacesHave(snapshot: Snapshot, inventory: KubeInventory, kindName: string): CheckOutcome {
  const namespaces = applicationNamespaces(snapshot);
  if (namespaces.length === 0) {
    return {
      status: 'not-applicable',
      evaluatedCount: 0,
      failing: [],
      reason: 'no namespaces outside kube-system, kube-public and kube-node-lease',
    };
  }
  const holding = new Set(itemsOf(snapshot, inventory).map((o) => o.metadata.namespace));
  const failing: Finding[] = namespaces
    .filter((ns) => !holding.has(ns.metadata.name))
    .map((ns) => ({
      kind: 'Namespace',
      namespace: null,
      name: ns.metadata.name,
      message: `no ${kindName} in namespace ${ns.metadata.name}`,
    }));
  return { status: failing.length > 0 ? 'fail' : 'pass', evaluatedCount: namespaces.length, failing };
}
