/**
 * results.json `redactions`: what the collector masked (functions/kube/redact.ts) in the objects and kubelet
 * configurations of the snapshot, so a reader knows which values the scan never kept. Derived from the snapshot
 * alone; the list is capped (a cluster with a probe header on every pod would otherwise list every pod), the
 * count is not.
 */
import type { Snapshot } from '../model/snapshot.js';
import { isRecord } from '../model/untrusted.js';
import type { RedactionResult, RedactionsResult } from './results.js';

export const REDACTION_LIST_LIMIT = 1000;

function key(r: RedactionResult): string {
  return `${r.kind}\u0000${r.namespace ?? ''}\u0000${r.name}\u0000${r.path}`;
}

export function redactionsOf(snapshot: Snapshot): RedactionsResult {
  const items: RedactionResult[] = [];
  for (const inv of Object.values(snapshot.kubernetes.inventories)) {
    if (inv?.status !== 'collected') continue;
    for (const obj of inv.items) {
      if (!isRecord(obj) || !Array.isArray(obj.redactions) || !isRecord(obj.metadata)) continue;
      for (const r of obj.redactions) {
        if (!isRecord(r) || typeof r.path !== 'string' || typeof r.reason !== 'string') continue;
        const namespace = typeof obj.metadata.namespace === 'string' ? obj.metadata.namespace : null;
        items.push({
          kind: String(obj.kind),
          namespace,
          name: String(obj.metadata.name),
          path: r.path,
          reason: r.reason,
        });
      }
    }
  }
  const kubelet = snapshot.kubernetes.kubeletConfigs;
  if (kubelet?.status === 'collected') {
    for (const sample of kubelet.items) {
      for (const r of sample.redactions ?? []) {
        items.push({
          kind: 'KubeletConfiguration',
          namespace: null,
          name: sample.node,
          path: r.path,
          reason: r.reason,
        });
      }
    }
  }
  items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return { count: items.length, items: items.slice(0, REDACTION_LIST_LIMIT) };
}
