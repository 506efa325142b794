/**
 * Accepted risks (waivers) and a person's verdict on a manual requirement (attestations), as written in the config
 * file. Both expire; an expired one no longer applies and is reported as expired.
 */
export interface Waiver {
  id: string;
  /** Check id, or a glob over check ids ("pod-*"). */
  check: string;
  /** Globs; absent means any. */
  clusters?: string[];
  namespaces?: string[];
  names?: string[];
  kinds?: string[];
  reason: string;
  approvedBy: string;
  /** ISO date (YYYY-MM-DD) the risk was accepted. Optional so older config files stay valid; reports say when absent. */
  approvedOn?: string;
  /** ISO date (YYYY-MM-DD) after which the waiver no longer applies. */
  expires: string;
  ticket?: string;
}

export interface Attestation {
  id: string;
  framework: string;
  requirement: string;
  clusters?: string[];
  status: 'pass' | 'fail';
  statement: string;
  attestedBy: string;
  /** ISO date it was made. */
  date: string;
  /** ISO date after which it no longer settles the requirement. */
  expires: string;
  evidence?: string;
}
