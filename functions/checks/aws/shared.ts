/**
 * What the AWS-side checks share: reading a fact, naming the cluster in findings, and building outcomes. The engine
 * has already made a check `not-assessed` when one of its `aws` inputs was not collected, so `evaluate` only has to
 * tolerate odd or partial values, never missing ones (it still answers `not-assessed` rather than throwing).
 */
import { type AwsFactName, type AwsFacts, awsFact } from '../../model/aws-facts.js';
import type { Snapshot } from '../../model/snapshot.js';
import { notAssessed } from '../outcome.js';
import type { CheckInput, CheckOutcome, Finding, Observation } from '../types.js';

export { asArray, isRecord, show, showWhole, text } from '../../model/untrusted.js';
export { notApplicable, notAssessed, outcome } from '../outcome.js';

export const FAMILY = 'aws';

export function factInputs(...facts: AwsFactName[]): CheckInput[] {
  return facts.map((fact) => ({ kind: 'aws', fact }));
}

/** The fact's value; `undefined` becomes a not-assessed outcome through `missingFact`. */
export function fact<K extends AwsFactName>(snapshot: Snapshot, name: K): AwsFacts[K] | undefined {
  return awsFact(snapshot, name);
}

export function missingFact(name: AwsFactName): CheckOutcome {
  return notAssessed(`AWS data "${name}" was not collected`);
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

/** What was read on the cluster resource itself: "logging.clusterLogging audit: enabled". */
export function clusterSeen(snapshot: Snapshot, observed: string): Observation {
  return { kind: 'EKSCluster', namespace: null, name: clusterName(snapshot), observed };
}

/** What was read on an AWS resource other than the cluster. */
export function awsSeen(kind: string, name: string, observed: string): Observation {
  return { kind, namespace: null, name, observed };
}
