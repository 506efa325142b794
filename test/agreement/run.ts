/** Runs agreement cases through our checks and sums up how often our verdict is the peer's. */
import { checkById } from '../../functions/checks/registry.js';
import { normalizeObject } from '../../functions/kube/normalize.js';
import { snapshotFromObjects } from '../../functions/model/build-snapshot.js';
import type { KubeObject, Snapshot } from '../../functions/model/snapshot.js';
import { runCheck } from '../../functions/scoring/run-check.js';
import { ACCOUNT, awsSide, CLUSTER, passingFacts, REGION } from '../fixtures/aws/facts.js';
import { type AgreementCase, PEERS, type Peer } from './types.js';

export type OurVerdict = 'fail' | 'pass' | 'not-assessed';

export interface CaseOutcome {
  case: AgreementCase;
  ours: OurVerdict;
  /** Our check's status and reason, for a readable failure message. */
  detail: string;
  agrees: boolean;
}

export function caseName(c: AgreementCase): string {
  return `${c.peer} ${c.control} · ${c.check} · ${c.source} · ${c.scenario}`;
}

/** The cluster the case describes: its objects, the well-configured AWS side with the case's facts, its kubelet. */
export function snapshotOf(c: AgreementCase): Snapshot {
  const objects: KubeObject[] = (c.objects ?? []).map((o, i) => normalizeObject(o, `${caseName(c)}, object ${i + 1}`));
  const node = 'ip-10-0-1-17.eu-west-1.compute.internal';
  if (c.kubelet) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: node },
      status: { nodeInfo: { kubeletVersion: 'v1.31.4-eks-1234567' } },
    });
  }
  const { snapshot, skipped } = snapshotFromObjects({
    cluster: {
      name: CLUSTER,
      arn: `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${CLUSTER}`,
      region: REGION,
      accountId: ACCOUNT,
      kubernetesVersion: '1.31',
      source: 'eks',
    },
    collectedAt: '2026-06-01T00:00:00.000Z',
    objects,
    aws: awsSide({ ...passingFacts(), ...c.aws }),
    kubernetes: {
      awsAuth: { status: 'collected', items: c.awsAuth ?? [] },
      ...(c.kubelet
        ? { kubeletConfigs: { status: 'collected', items: [{ node, group: 'nodegroup/general', config: c.kubelet }] } }
        : {}),
    },
  });
  if (skipped.length > 0) {
    throw new Error(`${caseName(c)}: no inventory holds ${skipped.map((o) => o.kind).join(', ')}`);
  }
  return snapshot;
}

export function runCase(c: AgreementCase): CaseOutcome {
  const check = checkById(c.check);
  if (!check) throw new Error(`${caseName(c)}: no check ${c.check}`);
  const { result } = runCheck(check, snapshotOf(c));
  const ours: OurVerdict =
    result.status === 'fail' ? 'fail' : result.status === 'not-assessed' ? 'not-assessed' : 'pass';
  const findings = result.failing.map((f) => f.message).join('; ');
  const named = [
    ...new Set(result.failing.map((f) => (f.namespace ? `${f.kind} ${f.namespace}/${f.name}` : `${f.kind} ${f.name}`))),
  ];
  const sameObjects = c.failing === undefined || [...c.failing].sort().join('\n') === named.sort().join('\n');
  const detail =
    `${result.status}${result.reason ? ` (${result.reason})` : ''}${findings ? `: ${findings}` : ''}` +
    (sameObjects ? '' : ` [reports ${named.join(', ') || 'nothing'}, the peer ${c.failing?.join(', ')}]`);
  return { case: c, ours, detail, agrees: ours === c.expected && sameObjects };
}

export interface PeerSummary {
  peer: Peer;
  cases: number;
  agreeing: number;
  /** Disagreements the check states as a deviation. */
  deliberate: number;
  /** agreeing / cases */
  ratio: number;
}

export function summarize(outcomes: readonly CaseOutcome[]): PeerSummary[] {
  return PEERS.map((peer) => {
    const mine = outcomes.filter((o) => o.case.peer === peer);
    const agreeing = mine.filter((o) => o.agrees).length;
    const deliberate = mine.filter((o) => !o.agrees && o.case.difference !== undefined).length;
    return { peer, cases: mine.length, agreeing, deliberate, ratio: mine.length === 0 ? 0 : agreeing / mine.length };
  });
}

export interface DeliberateDifference {
  check: string;
  peer: Peer;
  control: string;
  why: string;
  cases: number;
}

/** The sentence of a deviation that holds the quoted words (the whole text when it cannot be split). */
export function sentenceWith(deviation: string, quote: string): string {
  const flat = deviation.replace(/\s+/g, ' ');
  const sentences = flat.split(/(?<=[.)])\s+(?=[A-Z])/);
  const wanted = quote.replace(/\s+/g, ' ').toLowerCase();
  return sentences.find((s) => s.toLowerCase().includes(wanted)) ?? flat;
}

/** One row per check, peer control and stated difference, with how many cases show it. */
export function deliberateDifferences(outcomes: readonly CaseOutcome[]): DeliberateDifference[] {
  const rows = new Map<string, DeliberateDifference>();
  for (const o of outcomes) {
    const c = o.case;
    if (o.agrees || c.difference === undefined) continue;
    const key = `${c.check}\u0000${c.peer}\u0000${c.control}\u0000${c.difference}`;
    const why = sentenceWith(checkById(c.check)?.deviation ?? '', c.difference);
    const row = rows.get(key) ?? { check: c.check, peer: c.peer, control: c.control, why, cases: 0 };
    row.cases += 1;
    rows.set(key, row);
  }
  return [...rows.values()].sort(
    (a, b) => a.check.localeCompare(b.check) || a.peer.localeCompare(b.peer) || a.control.localeCompare(b.control),
  );
}
