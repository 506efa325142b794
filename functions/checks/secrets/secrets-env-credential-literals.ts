import { WORKLOAD_INVENTORIES } from '../../model/kinds.js';
import { asArray, isRecord, kubeInputs } from '../../model/namespace-scope.js';
import type { ValueFact } from '../../model/snapshot.js';
import { show } from '../../model/untrusted.js';
import { CREDENTIAL_FACTS } from '../../model/value-facts.js';
import { containersOf, describeContainer, podTemplates } from '../../model/workloads.js';
import type { CheckDefinition, Finding } from '../types.js';

/**
 * Risk area 1: credentials written as literal env values. The collector replaced each value with a `valueFact`
 * (functions/model/value-facts.ts), so this check sees only what kind of value it was, never the value.
 */
export const secretsEnvCredentialLiterals: CheckDefinition = {
  id: 'secrets-env-credential-literals',
  title: 'No credentials as literal environment variable values',
  severity: 'high',
  family: 'secrets',
  rationale:
    'A credential written into a pod template is stored unencrypted in the workload object, readable by anyone ' +
    'with get on Deployments, and copied into Git, Helm values and CI logs.',
  remediation:
    'Move the value to a Secret (or AWS Secrets Manager through the Secrets Store CSI driver / External Secrets), ' +
    'mount it as a file, and rotate the credential that was exposed.',
  references: { kubescape: ['C-0012'] },
  inputs: kubeInputs(...WORKLOAD_INVENTORIES),
  evaluate(snapshot) {
    const templates = podTemplates(snapshot);
    if (templates.length === 0)
      return { status: 'not-applicable', evaluatedCount: 0, failing: [], reason: 'no workloads' };
    const failing: Finding[] = [];
    for (const t of templates) {
      for (const ref of containersOf(t)) {
        asArray(ref.container.env).forEach((e, i) => {
          if (!isRecord(e) || !CREDENTIAL_FACTS.has(e.valueFact as ValueFact)) return;
          failing.push({
            kind: t.kind,
            namespace: t.namespace,
            name: t.name,
            message: `env ${show(e.name)} in ${describeContainer(ref)} holds a literal value that looks like a credential (${String(e.valueFact)})`,
            path: `${ref.path}.env[${i}].value`,
          });
        });
      }
    }
    return { status: failing.length > 0 ? 'fail' : 'pass', evaluatedCount: templates.length, failing };
  },
};
