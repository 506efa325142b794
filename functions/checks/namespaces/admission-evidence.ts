/**
 * Evidence that an admission policy engine other than Pod Security Admission is in place: Kyverno, Gatekeeper, or
 * ValidatingAdmissionPolicies that are bound. Only presence can be seen from object lists (policy objects of
 * Kyverno/Gatekeeper are custom resources the collector does not list), so callers report it as evidence in the
 * reason, for a person to confirm, rather than as proof.
 */

import { asString, isRecord, itemsOf, kubeInputs } from '../../model/namespace-scope.js';
import type { Snapshot } from '../../model/snapshot.js';

export const ADMISSION_EVIDENCE_INPUTS = kubeInputs(
  'customresourcedefinitions',
  'validatingadmissionpolicies',
  'validatingadmissionpolicybindings',
);

const ENGINE_CRDS: Record<string, string> = {
  'clusterpolicies.kyverno.io': 'Kyverno',
  'constrainttemplates.templates.gatekeeper.sh': 'OPA Gatekeeper',
};

/** Human-readable evidence items, e.g. "Kyverno (CRD clusterpolicies.kyverno.io)"; empty when there is none. */
export function admissionPolicyEvidence(snapshot: Snapshot): string[] {
  const out: string[] = [];
  for (const crd of itemsOf(snapshot, 'customresourcedefinitions')) {
    const engine = ENGINE_CRDS[crd.metadata.name];
    if (engine) out.push(`${engine} (CRD ${crd.metadata.name})`);
  }
  const bound = new Set(
    itemsOf(snapshot, 'validatingadmissionpolicybindings')
      .map((b) => (isRecord(b.spec) ? asString(b.spec.policyName) : undefined))
      .filter((n): n is string => !!n),
  );
  for (const p of itemsOf(snapshot, 'validatingadmissionpolicies')) {
    const name = p.metadata.name;
    if (name.startsWith('system:') || name.startsWith('eks:') || !bound.has(name)) continue;
    out.push(`ValidatingAdmissionPolicy ${name} (bound)`);
  }
  return out;
}
