import { WORKLOAD_INVENTORIES } from '../../model/kinds.js';
import { asArray, isRecord, kubeInputs } from '../../model/namespace-scope.js';
import { show } from '../../model/untrusted.js';
import { containersOf, describeContainer, podTemplates } from '../../model/workloads.js';
import { outcome, templateSeen } from '../outcome.js';
import type { CheckDefinition, Finding } from '../types.js';

/** CIS EKS 4.4.1: Secrets reach containers as files, not environment variables (all three container lists). */
export const secretsEnvSecretRefs: CheckDefinition = {
  id: 'secrets-env-secret-refs',
  title: 'Secrets are mounted as files, not passed as environment variables',
  severity: 'medium',
  family: 'secrets',
  rationale:
    'Environment variables are copied into child processes, printed by crash reporters and debug endpoints, and ' +
    'visible in /proc to anyone in the container; a mounted Secret file is not, and it is updated when the Secret changes.',
  remediation:
    'Replace `env[].valueFrom.secretKeyRef` and `envFrom[].secretRef` with a `secret` volume (or a projected volume) ' +
    'mounted read-only, and have the application read the file.',
  references: { kubescape: ['C-0207'] },
  inputs: kubeInputs(...WORKLOAD_INVENTORIES),
  evaluate(snapshot) {
    const templates = podTemplates(snapshot);
    const failing: Finding[] = [];
    for (const t of templates) {
      for (const ref of containersOf(t)) {
        asArray(ref.container.env).forEach((e, i) => {
          if (!isRecord(e) || !isRecord(e.valueFrom) || !isRecord(e.valueFrom.secretKeyRef)) return;
          const sk = e.valueFrom.secretKeyRef;
          failing.push({
            kind: t.kind,
            namespace: t.namespace,
            name: t.name,
            message: `env ${show(e.name)} in ${describeContainer(ref)} reads Secret ${show(sk.name)} key ${show(sk.key)}`,
            path: `${ref.path}.env[${i}].valueFrom.secretKeyRef`,
          });
        });
        asArray(ref.container.envFrom).forEach((e, i) => {
          if (!isRecord(e) || !isRecord(e.secretRef)) return;
          failing.push({
            kind: t.kind,
            namespace: t.namespace,
            name: t.name,
            message: `envFrom in ${describeContainer(ref)} loads every key of Secret ${show(e.secretRef.name)}`,
            path: `${ref.path}.envFrom[${i}].secretRef`,
          });
        });
      }
    }
    return outcome({
      evaluated: templates.map((t) => {
        const names = containersOf(t).map((ref) => describeContainer(ref));
        const reads = failing.filter(
          (f) => f.kind === t.kind && f.namespace === t.namespace && f.name === t.name,
        ).length;
        return templateSeen(
          t,
          `${reads > 0 ? `${reads} env/envFrom Secret reference(s)` : 'no env or envFrom reads a Secret'} in ${names.join(', ') || 'no container'}`,
        );
      }),
      failing,
      ifNoneEvaluated: 'no workloads',
    });
  },
};
