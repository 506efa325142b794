import { applicationNamespaces, labelsOf } from '../../model/namespace-scope.js';
import type { Snapshot } from '../../model/snapshot.js';
import { showWhole } from '../../model/untrusted.js';
import { outcome, seen } from '../outcome.js';
import type { CheckOutcome, Finding, Observation } from '../types.js';
import { admissionPolicyEvidence } from './admission-evidence.js';

export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
const LEVEL_RANK: Record<string, number> = { privileged: 0, baseline: 1, restricted: 2 };

/**
 * Every application namespace enforces at least `minimum`. When some do not but another admission engine is present,
 * the check passes and says so in its reason: that engine may be enforcing the same standard, which a person confirms.
 */
export function evaluatePsaEnforce(snapshot: Snapshot, minimum: 'baseline' | 'restricted'): CheckOutcome {
  const namespaces = applicationNamespaces(snapshot);
  const failing: Finding[] = [];
  const evaluated: Observation[] = [];
  for (const ns of namespaces) {
    const level = labelsOf(ns)[ENFORCE_LABEL];
    evaluated.push(
      seen(ns, `label ${ENFORCE_LABEL}: ${level === undefined ? 'not set' : JSON.stringify(showWhole(level))}`),
    );
    if (level !== undefined && (LEVEL_RANK[level] ?? -1) >= LEVEL_RANK[minimum]) continue;
    failing.push({
      kind: 'Namespace',
      namespace: null,
      name: ns.metadata.name,
      message:
        level === undefined
          ? `label ${ENFORCE_LABEL} is not set (needs ${minimum}${minimum === 'baseline' ? ' or restricted' : ''})`
          : `label ${ENFORCE_LABEL} is "${level}" (needs ${minimum}${minimum === 'baseline' ? ' or restricted' : ''})`,
      path: `metadata.labels["${ENFORCE_LABEL}"]`,
    });
  }
  const ifNoneEvaluated = 'no namespaces outside kube-system, kube-public and kube-node-lease';
  if (failing.length === 0) {
    return outcome({
      evaluated,
      ifNoneEvaluated,
      passReason: `all ${namespaces.length} namespaces enforce ${minimum} or stricter`,
    });
  }
  const evidence = admissionPolicyEvidence(snapshot);
  if (evidence.length > 0) {
    const unlabelled = new Set(failing.map((f) => f.name));
    return outcome({
      // The namespaces without the label pass on the engine's presence: their observation says so.
      evaluated: evaluated.map((o) =>
        unlabelled.has(o.name)
          ? { ...o, observed: `${o.observed}; admission policy engine present: ${evidence.join(', ')}` }
          : o,
      ),
      ifNoneEvaluated,
      passReason:
        `${failing.length} namespace(s) have no Pod Security Admission ${minimum} enforcement ` +
        `(${failing.map((f) => f.name).join(', ')}); accepted because an admission policy engine is present: ` +
        `${evidence.join(', ')}. Confirm its policies enforce the Pod Security Standard ${minimum} on them.`,
    });
  }
  return outcome({ evaluated, failing, ifNoneEvaluated });
}
