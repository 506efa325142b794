/**
 * The one way a check builds its outcome. A check hands over what it evaluated, each object or setting with the value
 * observed on it (passing ones too), and what it found wrong; the status, the count and the evidence follow from that:
 *
 * - any finding: `fail`;
 * - otherwise something evaluated: `pass`;
 * - nothing evaluated: `not-applicable`, with the reason the check gives for that case.
 *
 * Recording what was seen is not optional: `evaluatedCount` is the number of observations, so a check that observed
 * nothing evaluated nothing. `notAssessed` is for data found unusable while evaluating. No check builds a
 * `CheckOutcome` by hand (test/checks/outcome.test.ts finds any that does).
 */
import type { CheckOutcome, Finding, Observation, PlatformExemption } from './types.js';

export type { Observation };

export interface Evaluation {
  /**
   * Every object or setting the check looked at, with the value its verdict rests on ("spec.hostPID: not set",
   * "logging.clusterLogging audit: enabled"); failing ones included. Its length is `evaluatedCount`; several entries
   * for one object (the containers of a pod, the log types of a cluster) are joined into one observation of it.
   */
  evaluated: readonly Observation[];
  /**
   * Objects the check looked at but did not judge (an AWS-owned repository it may not describe): kept as evidence
   * after the evaluated ones, not counted.
   */
  notJudged?: readonly Observation[];
  /** What the check found wrong; any finding makes the outcome `fail`. */
  failing?: readonly Finding[];
  /** Why the check does not apply when nothing was evaluated ("no Ingresses"). */
  ifNoneEvaluated: string;
  /** A one-line summary kept with a pass or a fail. */
  reason?: string;
  /** A summary kept with a pass only, in place of `reason`. */
  passReason?: string;
  /** EKS add-ons the check did not judge, with what it would have reported. */
  platformExemptions?: readonly PlatformExemption[];
  /** What part of the population the evaluated objects are, when the check read a sample of it. */
  coverage?: string;
}

const key = (o: Observation) => `${o.kind}\u0000${o.namespace ?? ''}\u0000${o.name}`;

/**
 * One observation per object, in the order first seen; what was seen on it joined with "; ". An object seen once
 * keeps its observation as it is (no copy): a pod check of a large cluster observes tens of thousands of objects, and
 * every copy made here is garbage the scan's peak memory pays for (bench: scan-100k-pods-peak-rss).
 */
export function mergeObservations(...lists: ReadonlyArray<readonly Observation[]>): Observation[] {
  const byKey = new Map<string, { first: Observation; seen: string[] | undefined }>();
  for (const list of lists) {
    for (const o of list) {
      const k = key(o);
      const entry = byKey.get(k);
      if (!entry) byKey.set(k, { first: o, seen: undefined });
      else if (entry.first.observed !== o.observed && !entry.seen?.includes(o.observed)) {
        if (entry.seen === undefined) entry.seen = [entry.first.observed];
        entry.seen.push(o.observed);
      }
    }
  }
  const out: Observation[] = [];
  for (const { first, seen } of byKey.values()) {
    out.push(
      seen === undefined && first.namespace !== undefined
        ? first
        : {
            kind: first.kind,
            namespace: first.namespace ?? null,
            name: first.name,
            observed: seen ? seen.join('; ') : first.observed,
          },
    );
  }
  return out;
}

/** `observed`, left out when nothing was. */
function observedOf(...lists: ReadonlyArray<readonly Observation[]>): { observed?: Observation[] } {
  return lists.some((l) => l.length > 0) ? { observed: mergeObservations(...lists) } : {};
}

export function outcome(e: Evaluation): CheckOutcome {
  const failing = [...(e.failing ?? [])];
  const evaluatedCount = e.evaluated.length;
  const status = failing.length > 0 ? 'fail' : evaluatedCount > 0 ? 'pass' : 'not-applicable';
  const reason =
    status === 'not-applicable' ? e.ifNoneEvaluated : status === 'pass' ? (e.passReason ?? e.reason) : e.reason;
  return {
    status,
    evaluatedCount,
    failing,
    ...(reason !== undefined ? { reason } : {}),
    ...observedOf(e.evaluated, e.notJudged ?? []),
    ...(e.platformExemptions && e.platformExemptions.length > 0
      ? { platformExemptions: [...e.platformExemptions] }
      : {}),
    ...(e.coverage !== undefined ? { coverage: e.coverage } : {}),
  };
}

/** The check has nothing to judge, for a reason other than an empty population ("the cluster has no nodes"). */
export function notApplicable(reason: string): CheckOutcome {
  return { status: 'not-applicable', evaluatedCount: 0, failing: [], reason };
}

/**
 * The data the check needs was found unusable while evaluating; `evaluated` is what it did look at (kept as
 * evidence, and counted).
 */
export function notAssessed(reason: string, evaluated: readonly Observation[] = []): CheckOutcome {
  return {
    status: 'not-assessed',
    evaluatedCount: evaluated.length,
    failing: [],
    reason,
    ...observedOf(evaluated),
  };
}

/**
 * The check found something only a person can judge (an admission policy in custom CEL or Rego), named in `reason`:
 * not assessed, with `manualReview`, so its requirements are manual and an attestation can settle them.
 */
export function needsReview(reason: string, evaluated: readonly Observation[]): CheckOutcome {
  return { ...notAssessed(reason, evaluated), manualReview: true };
}

/** An observation of a namespaced or cluster-scoped Kubernetes object. */
export function seen(
  obj: { kind: string; metadata: { name: string; namespace?: string | null } },
  observed: string,
): Observation {
  return { kind: obj.kind, namespace: obj.metadata.namespace ?? null, name: obj.metadata.name, observed };
}

/** An observation of a pod template (a workload, or a pod without a controller). */
export function templateSeen(
  template: { kind: string; namespace: string | null; name: string },
  observed: string,
): Observation {
  return { kind: template.kind, namespace: template.namespace ?? null, name: template.name, observed };
}

/**
 * Part of what was evaluated could not be judged (`reason` says what): a fail stays a fail, with the reason; anything
 * else becomes not-assessed, keeping the count and the observations.
 */
export function withUnjudged(o: CheckOutcome, reason: string): CheckOutcome {
  return o.status === 'fail' ? { ...o, reason } : { ...o, status: 'not-assessed', reason };
}
