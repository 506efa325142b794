import type { CheckInput } from '../checks/types.js';
import type { Gap, NotCollected, Snapshot } from '../model/snapshot.js';

/** A check input that the snapshot does not hold, with a sentence naming what is missing and why. */
export interface MissingInput {
  /** What could not be read, in the vocabulary of `gaps[].source`: "pods", "kubelet-config", "aws:cluster". */
  source: string;
  reason: string;
}

function describe(what: string, entry: NotCollected): string {
  const permission = entry.permission ? ` (needs ${entry.permission})` : '';
  return `${what} not collected: ${entry.reason}${permission}`;
}

function missingInput(snapshot: Snapshot, input: CheckInput): MissingInput | undefined {
  switch (input.kind) {
    case 'kubernetes': {
      // An optional inventory is named in the check's own reason when missing; the check still runs.
      if (input.optional === true) return undefined;
      const inv = snapshot.kubernetes.inventories[input.inventory];
      if (inv === undefined) {
        return { source: input.inventory, reason: `${input.inventory} not collected: not present in the snapshot` };
      }
      return inv.status === 'collected'
        ? undefined
        : { source: input.inventory, reason: describe(input.inventory, inv) };
    }
    case 'kubelet-config': {
      const kc = snapshot.kubernetes.kubeletConfigs;
      if (kc === undefined) {
        return {
          source: 'kubelet-config',
          reason:
            'kubelet configuration not collected: reading configz is opt-in (needs get on nodes/proxy) and was not enabled',
        };
      }
      return kc.status === 'collected'
        ? undefined
        : { source: 'kubelet-config', reason: describe('kubelet configuration', kc) };
    }
    case 'aws-auth': {
      if (input.optional === true) return undefined;
      const aa = snapshot.kubernetes.awsAuth;
      if (aa === undefined) {
        return { source: 'aws-auth', reason: 'aws-auth mappings not collected: not present in the snapshot' };
      }
      return aa.status === 'collected' ? undefined : { source: 'aws-auth', reason: describe('aws-auth mappings', aa) };
    }
    case 'aws': {
      // An optional fact has a fallback inside the check; its absence costs nothing.
      if (input.optional === true) return undefined;
      const fact = snapshot.aws[input.fact];
      const source = `aws:${input.fact}`;
      if (fact === undefined) {
        return {
          source,
          reason: `AWS data "${input.fact}" not collected: the scan had no AWS access to this cluster`,
        };
      }
      return fact.status === 'collected' ? undefined : { source, reason: describe(`AWS data "${input.fact}"`, fact) };
    }
  }
}

/** Every input of a check that the snapshot lacks (empty when the check can run). */
export function missingInputs(snapshot: Snapshot, inputs: readonly CheckInput[]): MissingInput[] {
  const out: MissingInput[] = [];
  for (const input of inputs) {
    const m = missingInput(snapshot, input);
    if (m && !out.some((o) => o.source === m.source)) out.push(m);
  }
  return out;
}

/** Gaps for results.json: the snapshot's own, plus missing inputs it did not already record. */
export function mergeGaps(snapshotGaps: readonly Gap[], extra: readonly MissingInput[]): Gap[] {
  const out: Gap[] = snapshotGaps.map((g) => ({ source: g.source, reason: g.reason }));
  for (const m of extra) {
    if (!out.some((g) => g.source === m.source)) out.push({ source: m.source, reason: m.reason });
  }
  return out;
}
