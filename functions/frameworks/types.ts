import type { FrameworkId } from './ids.js';
/**
 * A framework is mapping data: requirement ids and titles pointing at check ids. One requirement can need several
 * checks and one check can serve several frameworks. Logic never lives here.
 */
export interface RequirementDefinition {
  id: string;
  title: string;
  /** Section heading, e.g. "4.2 Pod Security Standards". */
  section: string;
  /** What the benchmark itself says: Automated or Manual. Our own automation is given by `checks`. */
  benchmarkAssessment?: 'automated' | 'manual';
  level?: 1 | 2;
  /** Check ids. All must pass for the requirement to pass. Empty: the requirement is `manual`. */
  checks: string[];
  /** For manual requirements: what an auditor should look at and what evidence settles it. */
  manualGuidance?: string;
  /**
   * Set when no remote evidence can exist (e.g. node file permissions): the requirement is `not-assessed` with this
   * reason unless an attestation settles it.
   */
  notAssessableReason?: string;
  /**
   * Added field: checks whose outcome is compensating evidence for a manual or not-assessable requirement. They never
   * decide its status; their title and a pass/fail summary are appended to its reason (functions/scoring/requirements.ts).
   */
  evidenceChecks?: string[];
}

export interface FrameworkDefinition {
  id: FrameworkId;
  title: string;
  /** How tables and references name it: "CIS", "NSA/CISA", "Top 10". */
  shortName: string;
  version: string;
  publisher: string;
  description: string;
  requirements: RequirementDefinition[];
}
