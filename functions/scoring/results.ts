/**
 * results.json, schemaVersion 1: the machine-readable contract (design §3). Change it only by adding fields,
 * or by raising schemaVersion. `schema/results.schema.json` is its JSON Schema.
 */
import type { CheckReferences, CheckStatus, Finding, RiskArea, Severity } from '../checks/types.js';
import type { ClusterSource } from '../snapshot/types.js';

export type RequirementStatus = 'pass' | 'fail' | 'manual' | 'not-applicable' | 'not-assessed' | 'waived';

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
}

export interface FrameworkResult {
  id: string;
  title: string;
  version?: string;
  score: number | null;
  counts: StatusCounts;
  requirements: RequirementResult[];
}

export interface WaivedObject {
  kind: string;
  namespace: string | null;
  name: string;
  /** The waiver's id. */
  waiver: string;
}

export interface CheckResult {
  id: string;
  title: string;
  severity: Severity;
  status: CheckStatus;
  references: CheckReferences;
  riskAreas: RiskArea[];
  evaluatedCount: number;
  failing: Finding[];
  waived: WaivedObject[];
  reason?: string;
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
}
