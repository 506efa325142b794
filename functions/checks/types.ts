import type { KubeInventory, Snapshot } from '../model/snapshot.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** 0 for critical … 4 for info; an unknown value (from an old or hand-edited results file) sorts last. */
export function severityRank(severity: Severity): number {
  const rank = SEVERITIES.indexOf(severity);
  return rank === -1 ? SEVERITIES.length : rank;
}

/** The ten classic Kubernetes risk areas (see `functions/frameworks/k8s-top10-risks.ts` for their titles). */
export type RiskArea = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

/**
 * Ids in other tools, so a verdict can be compared with theirs. Exact ids only: kubescape "C-0057", polaris
 * "privilegeEscalationAllowed", pss "baseline" | "restricted", prowler "eks_cluster_kms_cmk_encryption_in_secrets_enabled",
 * securityhub "EKS.1", hardeneks rule names. The CIS ids (kube-bench's) are not kept here: they come from the CIS
 * framework's mapping (functions/frameworks/cis-eks-1.8.0.ts), the one place a check joins a requirement.
 */
export type CheckReferences = Partial<
  Record<'kubescape' | 'polaris' | 'pss' | 'prowler' | 'securityhub' | 'hardeneks', string[]>
>;

/**
 * What a check reads. An inventory that was not collected makes the check `not-assessed` with the
 * collector's reason, before `evaluate` is called.
 */
export type CheckInput =
  | {
      kind: 'kubernetes';
      inventory: KubeInventory;
      /**
       * The check judges the other inventories without this one when it was not collected (e.g. opt-in Secret
       * metadata), and its reason says what it did not look at (`notLookedAt` in checks/namespaces/scope.ts).
       */
      optional?: boolean;
    }
  | { kind: 'kubelet-config' }
  | {
      kind: 'aws-auth';
      /** Added field: read when collected, with a stated fallback when not (as for an optional AWS fact). */
      optional?: boolean;
    }
  | {
      kind: 'aws';
      fact: string;
      /**
       * Added field: the check reads the fact when it was collected and has its own fallback when it was not (e.g. a
       * dated table in code), so a missing fact does not make it not-assessed. It must still be declared: the
       * verdict may depend on it.
       */
      optional?: boolean;
    };

/** A failing object and the value observed on it. */
export interface Finding {
  kind: string;
  namespace: string | null;
  name: string;
  /** The observed value in words: "securityContext.privileged is true in container app". */
  message: string;
  /** Where in the object, e.g. "spec.template.spec.containers[0].securityContext.privileged". */
  path?: string;
}

/**
 * How many objects the findings name. A check reports one finding per violation, so a pod with two offending
 * containers gives two findings but is one failing object; counts of "objects" must not be counts of findings.
 */
export function distinctObjects(findings: readonly Pick<Finding, 'kind' | 'namespace' | 'name'>[]): number {
  return new Set(findings.map((f) => `${f.kind}\u0000${f.namespace ?? ''}\u0000${f.name}`)).size;
}

export type CheckStatus = 'pass' | 'fail' | 'not-applicable' | 'not-assessed';

/**
 * A workload the check did not judge because it is an EKS add-on as AWS ships it (namespace, name and every image
 * match; functions/model/platform-components.ts), with what the check would have reported. Listed, never hidden.
 */
export interface PlatformExemption {
  kind: string;
  namespace: string | null;
  name: string;
  /** The EKS add-on, e.g. "vpc-cni". */
  addon: string;
  images: string[];
  /** Why the add-on needs what it asks for. */
  reason: string;
  /** The findings the check would have made, e.g. "securityContext.privileged is true in container kube-proxy". */
  observed: string[];
}

/** An evaluated object and the value its verdict rests on, passing or failing: "spec.hostPID: false". */
export interface Observation {
  kind: string;
  namespace: string | null;
  name: string;
  observed: string;
}

export interface CheckOutcome {
  /** `evaluate` decides pass, fail or not-applicable; `not-assessed` is for data found unusable while evaluating. */
  status: CheckStatus;
  /** How many objects (or settings) were looked at. */
  evaluatedCount: number;
  failing: Finding[];
  /** Why not-applicable / not-assessed, or a one-line summary of the passing evidence. */
  reason?: string;
  /** Added field: EKS add-ons exempt from this check, with what it would have reported. */
  platformExemptions?: PlatformExemption[];
  /**
   * Added field, with status `not-assessed` only: the check found something it cannot judge (e.g. an admission policy
   * in custom CEL or Rego), named in `reason`, that a person must review. Its requirements are then `manual`, not
   * `not-assessed`, and an attestation can settle them.
   */
  manualReview?: true;
  /**
   * Added field: what was observed on evaluated objects, passing ones included, so a pass is proven and not only
   * asserted. The engine keeps a sample (failing objects first) as results.json `evidence.sample`.
   */
  observed?: Observation[];
  /**
   * Added field: what part of the population the evaluated objects are, when the check read a sample of it (the
   * kubelet checks: which nodes were read and which were not). Carried to results.json `evidence.coverage`.
   */
  coverage?: string;
}

export interface CheckDefinition {
  id: string;
  title: string;
  severity: Severity;
  /** The family folder it lives in, e.g. "pod-security", "rbac", "network", "aws". */
  family: string;
  /** Why it matters, for the report's failing-requirement page. */
  rationale: string;
  /** What to change, concretely. */
  remediation: string;
  /**
   * Added field: where the verdict is deliberately stricter or looser than the benchmark's audit procedure (kube-bench
   * for CIS) or the peer controls in `references`, what differs and why. results.json and the report show it beside
   * the verdict, so nobody has to discover the difference by comparing tools.
   */
  deviation?: string;
  references: CheckReferences;
  inputs: CheckInput[];
  evaluate(snapshot: Snapshot): CheckOutcome;
}
