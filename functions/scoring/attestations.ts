import { matchesAnyGlob } from '../model/glob.js';
import { daysLeft, isExpired } from './expiry.js';
import type { AttestationRef, ScanResults } from './results.js';
import type { Attestation } from './waiver-types.js';
import { EXPIRING_WITHIN_DAYS, type RegisterState } from './waivers.js';

/** The attestations for this requirement whose cluster patterns match the cluster, expired or not. */
function attestationsFor(
  attestations: readonly Attestation[],
  frameworkId: string,
  requirementId: string,
  clusterName: string,
): Attestation[] {
  return attestations.filter(
    (a) => a.framework === frameworkId && a.requirement === requirementId && matchesAnyGlob(a.clusters, clusterName),
  );
}

/** The unexpired attestation that settles a requirement on this cluster; the most recent one wins. */
export function findAttestation(
  attestations: readonly Attestation[],
  frameworkId: string,
  requirementId: string,
  clusterName: string,
  now: Date,
): Attestation | undefined {
  const candidates = attestationsFor(attestations, frameworkId, requirementId, clusterName).filter(
    (a) => !isExpired(a.expires, now),
  );
  candidates.sort((a, b) => b.date.localeCompare(a.date));
  return candidates[0];
}

/** The most recently expired attestation for a requirement on this cluster, when no unexpired one exists. */
export function latestExpiredAttestation(
  attestations: readonly Attestation[],
  frameworkId: string,
  requirementId: string,
  clusterName: string,
  now: Date,
): Attestation | undefined {
  const expired = attestationsFor(attestations, frameworkId, requirementId, clusterName).filter((a) =>
    isExpired(a.expires, now),
  );
  expired.sort((a, b) => b.expires.localeCompare(a.expires));
  return expired[0];
}

export function attestationRef(a: Attestation): AttestationRef {
  const ref: AttestationRef = { id: a.id, status: a.status, by: a.attestedBy, date: a.date, expires: a.expires };
  if (a.evidence !== undefined) ref.evidence = a.evidence;
  return ref;
}

export interface AttestationRegisterEntry {
  attestation: Attestation;
  state: RegisterState;
  daysLeft: number;
  /** "framework requirement" pairs it settled in this run. */
  settled: string[];
}

/** Every configured attestation with its state, like `waiverRegister`. */
export function attestationRegister(
  attestations: readonly Attestation[],
  results: Pick<ScanResults, 'frameworks'>,
  now: Date,
): AttestationRegisterEntry[] {
  return attestations.map((attestation) => {
    const settled: string[] = [];
    for (const fw of results.frameworks) {
      for (const r of fw.requirements) if (r.attestation?.id === attestation.id) settled.push(`${fw.id} ${r.id}`);
    }
    const left = daysLeft(attestation.expires, now);
    let state: RegisterState;
    if (isExpired(attestation.expires, now)) state = 'expired';
    else if (settled.length === 0) state = 'unused';
    else if (left <= EXPIRING_WITHIN_DAYS) state = 'expiring';
    else state = 'active';
    return { attestation, state, daysLeft: left, settled };
  });
}
