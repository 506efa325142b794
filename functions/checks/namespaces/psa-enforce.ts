/**
 * The policy half of CIS EKS 4.2.x: in every application namespace, admission must reject pods with the control in
 * question (functions/checks/namespaces/admission-policies.ts says what counts). A namespace nothing enforces it in
 * fails; one where only a policy whose logic is not read here might enforce it is left to a person (manual review).
 */
import { applicationNamespaces, labelsOf } from '../../model/namespace-scope.js';
import type { Snapshot } from '../../model/snapshot.js';
import { showWhole } from '../../model/untrusted.js';
import { needsReview, outcome, seen } from '../outcome.js';
import type { CheckOutcome, Finding, Observation } from '../types.js';
import { type AdmissionRequirement, admissionJudge, ENFORCE_LABEL, psaLevelFor } from './admission-policies.js';

export { ENFORCE_LABEL };

const WHAT: Record<AdmissionRequirement, string> = {
  privileged: 'privileged containers',
  hostPID: 'pods sharing the host PID namespace (hostPID)',
  hostIPC: 'pods sharing the host IPC namespace (hostIPC)',
  hostNetwork: 'pods sharing the host network namespace (hostNetwork)',
  allowPrivilegeEscalation: 'containers allowing privilege escalation (allowPrivilegeEscalation)',
  baseline: 'pods violating the baseline Pod Security Standard',
  restricted: 'pods violating the restricted Pod Security Standard',
};

export function evaluateAdmission(snapshot: Snapshot, req: AdmissionRequirement): CheckOutcome {
  const namespaces = applicationNamespaces(snapshot);
  const judge = admissionJudge(snapshot, req);
  const level = psaLevelFor(req);
  const failing: Finding[] = [];
  const evaluated: Observation[] = [];
  const review: string[] = [];
  for (const ns of namespaces) {
    const name = ns.metadata.name;
    const found = judge(ns);
    const label = labelsOf(ns)[ENFORCE_LABEL];
    const labelSeen = `label ${ENFORCE_LABEL}: ${label === undefined ? 'not set' : JSON.stringify(showWhole(label))}`;
    if (found.enforcedBy) {
      evaluated.push(seen(ns, `enforced by ${found.enforcedBy}`));
      continue;
    }
    if (found.review.length > 0) {
      review.push(`${name}: ${found.review.join('; ')}`);
      evaluated.push(seen(ns, `${labelSeen}; for review: ${found.review.join('; ')}`));
      continue;
    }
    evaluated.push(seen(ns, labelSeen));
    const labelText =
      label === undefined ? `label ${ENFORCE_LABEL} is not set` : `label ${ENFORCE_LABEL} is "${label}"`;
    const notes = found.notes.length > 0 ? ` (${found.notes.join('; ')})` : '';
    failing.push({
      kind: 'Namespace',
      namespace: null,
      name,
      message:
        `nothing rejects ${WHAT[req]} at admission: ${labelText} (needs ${level}${level === 'baseline' ? ' or restricted' : ''}) ` +
        `and no Kyverno, Gatekeeper or ValidatingAdmissionPolicy policy enforces it here${notes}`,
      path: `metadata.labels["${ENFORCE_LABEL}"]`,
    });
  }
  const reviewText =
    review.length > 0
      ? `${review.length} namespace(s) rely on policies whose logic is not judged here; confirm they reject ` +
        `${WHAT[req]}: ${review.join(' | ')}`
      : undefined;
  if (reviewText && failing.length === 0) return needsReview(reviewText, evaluated);
  return outcome({
    evaluated,
    failing,
    ifNoneEvaluated: 'no namespaces outside kube-system, kube-public and kube-node-lease',
    ...(reviewText ? { reason: reviewText } : {}),
    passReason: `all ${namespaces.length} application namespaces reject ${WHAT[req]} at admission`,
  });
}
