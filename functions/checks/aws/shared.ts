/**
 * What the AWS-side checks share: reading a fact, naming the cluster in findings, and building outcomes. The engine
 * has already made a check `not-assessed` when one of its `aws` inputs was not collected, so `evaluate` only has to
 * tolerate odd or partial values, never missing ones (it still answers `not-assessed` rather than throwing).
 */
import { type AwsFactName, type AwsFacts, awsFact } from '../../model/aws-facts.js';
import type { Snapshot } from '../../model/snapshot.js';
import type { CheckInput, CheckOutcome, Finding } from '../types.js';

export { asArray, isRecord, show, text } from '../../model/untrusted.js';

export const FAMILY = 'aws';

export function factInputs(...facts: AwsFactName[]): CheckInput[] {
  return facts.map((fact) => ({ kind: 'aws', fact }));
}

/** The fact's value; `undefined` becomes a not-assessed outcome through `missingFact`. */
export function fact<K extends AwsFactName>(snapshot: Snapshot, name: K): AwsFacts[K] | undefined {
  return awsFact(snapshot, name);
}

export function missingFact(name: AwsFactName): CheckOutcome {
  return { status: 'not-assessed', evaluatedCount: 0, failing: [], reason: `AWS data "${name}" was not collected` };
}

export function clusterName(snapshot: Snapshot): string {
  return fact(snapshot, 'cluster')?.name ?? snapshot.cluster.name;
}

/** A finding about the cluster resource itself (DescribeCluster settings). */
export function clusterFinding(snapshot: Snapshot, message: string, path: string): Finding {
  return { kind: 'EKSCluster', namespace: null, name: clusterName(snapshot), message, path };
}

export function awsFinding(kind: string, name: string, message: string, path?: string): Finding {
  const f: Finding = { kind, namespace: null, name, message };
  if (path) f.path = path;
  return f;
}

export function verdict(failing: Finding[], evaluatedCount: number, passReason?: string): CheckOutcome {
  if (failing.length > 0) return { status: 'fail', evaluatedCount, failing };
  const out: CheckOutcome = { status: 'pass', evaluatedCount, failing };
  if (passReason) out.reason = passReason;
  return out;
}

export function notApplicable(reason: string): CheckOutcome {
  return { status: 'not-applicable', evaluatedCount: 0, failing: [], reason };
}
