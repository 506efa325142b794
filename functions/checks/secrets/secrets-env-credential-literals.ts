import { WORKLOAD_INVENTORIES } from '../../model/kinds.js';
import { asArray, isRecord, kubeInputs } from '../../model/namespace-scope.js';
import type { ValueFact } from '../../model/snapshot.js';
import { show } from '../../model/untrusted.js';
import { CREDENTIAL_FACTS } from '../../model/value-facts.js';
import { containersOf, describeContainer, podTemplates } from '../../model/workloads.js';
import { outcome, templateSeen } from '../outcome.js';
import type { CheckDefinition, Finding, Observation } from '../types.js';

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
  deviation:
    'A Secret loaded with envFrom holds no literal credential, so it does not fail here (secrets-env-secret-refs, CIS ' +
    '4.4.1, reports it), where Kubescape C-0012 also reports envFrom.secretRef. Kubescape exempts only values that ' +
    'are absolute paths; here a credential-like name is no evidence when it is a name that only points at a ' +
    'credential (VAULT_TOKEN_FILE, API_TOKEN_PATH, DB_PASSWORD_SECRET_NAME) or its value is a URL without a ' +
    'password or a credential parameter (AWS_CONTAINER_CREDENTIALS_FULL_URI, set by EKS Pod Identity), and a URL ' +
    'with a password in it fails under any name (postgres://app:PASSWORD@db).',
  remediation:
    'Move the value to a Secret (or AWS Secrets Manager through the Secrets Store CSI driver / External Secrets), ' +
    'mount it as a file, and rotate the credential that was exposed.',
  references: { kubescape: ['C-0012'] },
  inputs: kubeInputs(...WORKLOAD_INVENTORIES),
  evaluate(snapshot) {
    const templates = podTemplates(snapshot);
    const failing: Finding[] = [];
    const evaluated: Observation[] = [];
    for (const t of templates) {
      const containers = containersOf(t);
      const literals = containers.flatMap((ref) =>
        asArray(ref.container.env).filter((e) => isRecord(e) && e.valueFact !== undefined),
      );
      evaluated.push(
        templateSeen(
          t,
          `${literals.length} literal env value(s) in ${containers.length} container(s), classified without reading them into the report`,
        ),
      );
      for (const ref of containers) {
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
    return outcome({ evaluated, failing, ifNoneEvaluated: 'no workloads' });
  },
};
