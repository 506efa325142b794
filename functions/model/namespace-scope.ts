/**
 * Small readers shared by the Kubernetes-object check families (rbac, namespaces, network, secrets, images,
 * storage): collected items of an inventory, the namespaces that hold applications, and input lists.
 */

import type { CheckInput, Finding } from '../checks/types.js';
import { SYSTEM_NAMESPACES } from './kinds.js';
import type { KubeInventory, KubeObject, Snapshot } from './snapshot.js';
import { asArray, isRecord } from './untrusted.js';

export { asArray, isRecord };

/** The items of an inventory; empty when it was not collected (the engine has already made such checks not-assessed). */
export function itemsOf(snapshot: Snapshot, inventory: KubeInventory): KubeObject[] {
  const collected = snapshot.kubernetes.inventories[inventory];
  return collected?.status === 'collected' ? collected.items.filter((o) => isRecord(o) && isRecord(o.metadata)) : [];
}

/** `{ kind: 'kubernetes', inventory }` for each name, so a check's `inputs` reads as the list of what it lists. */
export function kubeInputs(...inventories: KubeInventory[]): CheckInput[] {
  return inventories.map((inventory) => ({ kind: 'kubernetes', inventory }));
}

/** An inventory the check reads when it was collected and goes without otherwise (see CheckInput.optional). */
export function optionalInput(inventory: KubeInventory): CheckInput {
  return { kind: 'kubernetes', inventory, optional: true };
}

/**
 * "Not looked at: secrets (Secret metadata was not requested …)" for the optional inventories the snapshot lacks,
 * or undefined when it has them all: the part of a verdict's reason that says what it did not cover.
 */
export function notLookedAt(snapshot: Snapshot, inventories: readonly KubeInventory[]): string | undefined {
  const missing = inventories.flatMap((inv) => {
    const entry = snapshot.kubernetes.inventories[inv];
    if (entry?.status === 'collected') return [];
    return [`${inv} (${entry?.reason ?? 'not present in the snapshot'})`];
  });
  return missing.length > 0 ? `not looked at: ${missing.join('; ')}` : undefined;
}

export function isSystemNamespace(name: string | null | undefined): boolean {
  return typeof name === 'string' && SYSTEM_NAMESPACES.has(name);
}

/**
 * Namespaces that should carry application guard rails (PSA labels, NetworkPolicies, LimitRanges, quotas): every
 * Namespace except kube-system, kube-public and kube-node-lease. `default` is included, as Kubescape includes it.
 */
export function applicationNamespaces(snapshot: Snapshot): KubeObject[] {
  return itemsOf(snapshot, 'namespaces').filter((ns) => !isSystemNamespace(ns.metadata.name));
}

export function labelsOf(obj: { metadata?: { labels?: Record<string, string> } }): Record<string, string> {
  return isRecord(obj.metadata?.labels) ? (obj.metadata.labels as Record<string, string>) : {};
}

export function annotationsOf(obj: { metadata?: { annotations?: Record<string, string> } }): Record<string, string> {
  return isRecord(obj.metadata?.annotations) ? (obj.metadata.annotations as Record<string, string>) : {};
}

export function findingFor(obj: KubeObject, message: string, path?: string): Finding {
  const f: Finding = { kind: obj.kind, namespace: obj.metadata.namespace ?? null, name: obj.metadata.name, message };
  if (path) f.path = path;
  return f;
}

/** pass/fail from a list of findings. */
export function outcome(evaluatedCount: number, failing: Finding[], reason?: string) {
  return {
    status: failing.length > 0 ? ('fail' as const) : ('pass' as const),
    evaluatedCount,
    failing,
    ...(reason ? { reason } : {}),
  };
}

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
