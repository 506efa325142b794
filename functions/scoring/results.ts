/**
 * results.json, schemaVersion 1: the machine-readable contract (design §3). Change it only by adding fields,
 * or by raising schemaVersion. `schema/results.schema.json` is its JSON Schema.
 */

import type {
  CheckReferences,
  CheckStatus,
  Finding,
  Observation,
  PlatformExemption,
  RiskArea,
  Severity,
} from '../checks/types.js';
import type { ClusterSource, ScanIdentity } from '../model/snapshot.js';
import type { DiffersFromController } from '../model/workloads.js';
import type { RegisterState } from './waivers.js';

export type RequirementStatus = 'pass' | 'fail' | 'manual' | 'not-applicable' | 'not-assessed' | 'waived';

/**
 * What decided a requirement's status: the checks (`automated`), a person's attestation, a waiver (accepted risk),
 * nobody yet (`manual`), or nothing because the data could not be had (`not-assessed`).
 */
export type VerdictSource = 'automated' | 'attestation' | 'waiver' | 'manual' | 'not-assessed';

/** The state of the attestation behind a requirement a person must judge (one with no deciding check). */
export type AttestationState = 'in-force' | 'expiring' | 'expired' | 'none';

export interface StatusCounts {
  pass: number;
  fail: number;
  manual: number;
  notApplicable: number;
  notAssessed: number;
  waived: number;
}

export interface RequirementResult {
  id: string;
  title: string;
  status: RequirementStatus;
  checks: string[];
  reason?: string;
  /** Added fields (allowed by the contract): section and who attested a manual requirement. */
  section?: string;
  attestation?: AttestationRef;
  /** Added field, CIS only: Automated or Manual as the benchmark itself lists the recommendation. */
  benchmarkAssessment?: 'automated' | 'manual';
  /** Added field: what decided the status. Absent only in results written before it existed. */
  verdictSource?: VerdictSource;
  /**
   * Added field, for requirements no check decides (a person must): the state of their attestation. `expired` names
   * the latest expired one in `expiredAttestation`.
   */
  attestationState?: AttestationState;
  expiredAttestation?: { id: string; expires: string };
}

/** Added field: how many requirements each kind of verdict decided (machine-verified = `automated`). */
export interface VerdictCoverage {
  requirements: number;
  automated: number;
  attestation: number;
  waiver: number;
  manual: number;
  notAssessed: number;
}

export interface FrameworkResult {
  id: string;
  title: string;
  version?: string;
  score: number | null;
  counts: StatusCounts;
  requirements: RequirementResult[];
  /** Added field: requirements by verdict source. */
  coverage?: VerdictCoverage;
}

/** A failing object as results.json lists it: a check's finding, plus what scoring learnt about it. */
export interface ResultFinding extends Finding {
  /** Added field: the waiver that covered this object until it expired (the object fails again because of it). */
  expiredWaiver?: { id: string; expires: string };
  /**
   * Added field: set when the failing object is a controller-owned Pod that differs from its controller's template
   * (scoring/differing-pods.ts); the finding is about what differs.
   */
  differsFromController?: DiffersFromController;
}

export interface WaivedObject {
  kind: string;
  namespace: string | null;
  name: string;
  /** The waiver's id. */
  waiver: string;
  /** Added field: the finding the waiver accepts, as the check worded it (an object can have several). */
  message?: string;
  /** Added field: where in the object, as on a finding. */
  path?: string;
}

export type ResultReferences = CheckReferences & { 'kube-bench'?: string[] };

export interface CheckResult {
  id: string;
  title: string;
  severity: Severity;
  status: CheckStatus;
  /** The check's peer ids, plus `kube-bench`: the CIS requirements the CIS framework maps the check to. */
  references: ResultReferences;
  riskAreas: RiskArea[];
  evaluatedCount: number;
  failing: ResultFinding[];
  waived: WaivedObject[];
  reason?: string;
  /** Added field: how the check deliberately differs from the benchmark's audit or its peers (CheckDefinition). */
  deviation?: string;
  /** Added field: EKS add-ons this check did not judge, with why and what it would have reported. */
  platformExemptions?: PlatformExemption[];
  /** Added field: not assessed because what it found needs a person's review (CheckOutcome.manualReview). */
  manualReview?: true;
  /** Added field: what the check read and a sample of what it saw (see functions/scoring/evidence.ts). */
  evidence?: CheckEvidence;
}

export interface CheckEvidence {
  /** The read-only calls behind the verdict: "list pods", "eks:DescribeCluster", "get nodes/proxy". */
  sources: string[];
  /** Up to EVIDENCE_SAMPLE_LIMIT (10) evaluated objects with the observed value; failing objects first. */
  sample: Observation[];
  /**
   * Added field: how many distinct objects the check observed (failing ones included), so a reader knows what the
   * sample is a sample of. Absent in results written before it existed.
   */
  observedObjects?: number;
  /**
   * Added field: which part of the population the check read, when it read a sample of it (the kubelet checks:
   * "2 of 4 nodes read, one per node group: …; not read: …").
   */
  coverage?: string;
}

export interface AttestationRef {
  id: string;
  status: 'pass' | 'fail';
  by: string;
  date: string;
  expires?: string;
  evidence?: string;
}

export interface ScanResults {
  schemaVersion: 1;
  tool: { name: 'eks-compliance-reporter'; version: string };
  runId: string;
  generatedAt: string;
  cluster: {
    name: string;
    arn: string | null;
    region: string | null;
    accountId: string | null;
    kubernetesVersion: string | null;
    source: ClusterSource;
    platformVersion?: string | null;
  };
  summary: { score: number; counts: StatusCounts; scoreFormula?: string };
  frameworks: FrameworkResult[];
  checks: CheckResult[];
  gaps: { source: string; reason: string }[];
  /** Added field: when the snapshot was taken (the report's "collection time"). */
  collectedAt?: string;
  /** Added field: the snapshot's collector (which tool, version and mode produced the data). */
  collector?: { name: string; version: string; mode: ClusterSource };
  /** Added field: who the cluster was read as (AWS caller ARN, kubeconfig user and context); names only. */
  scanIdentity?: ScanIdentity;
  /** Added field: every data source the scan used, collected or not (the report's scope and method). */
  sources?: DataSourceResult[];
  /** Added field: the waiver register, every configured waiver with its state in this run. */
  waivers?: WaiverRecord[];
  /** Added field: the attestation register, every configured attestation with its state in this run. */
  attestations?: AttestationRecord[];
  /** Added field: values the collector masked (credentials in annotations, command lines, headers, URLs). */
  redactions?: RedactionsResult;
}

/** One masked value: the object, where in it, and what it was taken for. Never the value. */
export interface RedactionResult {
  kind: string;
  namespace: string | null;
  name: string;
  /** "spec.template.spec.containers[0].args[1]", `metadata.annotations["kapp.k14s.io/original"]` */
  path: string;
  reason: string;
}

export interface RedactionsResult {
  /** Every masked value. */
  count: number;
  /** The first REDACTION_LIST_LIMIT (1,000) of them, by kind, namespace, name and path. */
  items: RedactionResult[];
}

export type DataSourceKind = 'kubernetes' | 'kubelet-config' | 'aws-auth' | 'aws';

/** One data source: a Kubernetes inventory, kubelet configz, the aws-auth mappings, or one AWS fact. */
export interface DataSourceResult {
  /** The `gaps[].source` vocabulary: "pods", "kubelet-config", "aws-auth", "aws:cluster". */
  id: string;
  kind: DataSourceKind;
  /** What a reader calls it: "Pods", "EKS cluster (DescribeCluster)". */
  title: string;
  status: 'collected' | 'not-collected';
  /** Objects (or API records) read; null when not collected. */
  itemCount: number | null;
  /** The read-only permission this source needs ("list pods", "eks:DescribeCluster"); the missing one when not collected. */
  permission: string;
  /** Why it was not collected. */
  reason?: string;
  /** Listed as metadata only (Secrets, CRDs): values never requested. */
  metadataOnly?: boolean;
}

export interface WaiverRecord {
  id: string;
  /** Check id or glob. */
  check: string;
  state: RegisterState;
  /** Whole days before it stops applying (negative once expired). */
  daysLeft: number;
  expires: string;
  approvedBy: string;
  /** Added field: the date the risk was accepted, when the config gives it. */
  approvedOn?: string;
  reason: string;
  ticket?: string;
  /** The globs it matches on; absent means any. */
  scope: { clusters?: string[]; namespaces?: string[]; names?: string[]; kinds?: string[] };
  /** Objects it waived in this run. */
  objects: number;
  /** Checks it waived objects of. */
  checks: string[];
}

export interface AttestationRecord {
  id: string;
  framework: string;
  requirement: string;
  state: RegisterState;
  daysLeft: number;
  /** The person's verdict. */
  status: 'pass' | 'fail';
  attestedBy: string;
  date: string;
  expires: string;
  statement: string;
  evidence?: string;
  /** "framework requirement" pairs it settled in this run. */
  settled: string[];
}
