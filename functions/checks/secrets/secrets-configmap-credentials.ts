import { isRecord, itemsOf, kubeInputs } from '../../model/namespace-scope.js';
import type { ValueFact } from '../../model/snapshot.js';
import { CREDENTIAL_FACTS } from '../../model/value-facts.js';
import { outcome, seen } from '../outcome.js';
import type { CheckDefinition, Finding } from '../types.js';

/** Risk area 1: credentials in ConfigMaps, judged from the collector's per-key `dataFacts` (never the values). */
export const secretsConfigMapCredentials: CheckDefinition = {
  id: 'secrets-configmap-credentials',
  title: 'No credentials in ConfigMaps',
  severity: 'high',
  family: 'secrets',
  rationale:
    'ConfigMaps are not treated as sensitive: they are readable by roles that cannot read Secrets, are not ' +
    'encrypted with the KMS key for Secrets, and end up in logs and Git.',
  remediation:
    'Move the key to a Secret (or an external secret store), reference it from there, remove it from the ConfigMap ' +
    '(`kubectl -n NS edit configmap NAME`), and rotate the exposed credential.',
  deviation:
    'Values are judged as they are in env (secrets-env-credential-literals): an absolute path, a URL without a ' +
    'credential in it, or a key that only points at a credential (token_file, password_path) does not fail by the ' +
    "key's name, where Kubescape's ConfigMap rule for C-0012 fails any non-empty value under a sensitive key name.",
  references: { kubescape: ['C-0012'] },
  inputs: kubeInputs('configmaps'),
  evaluate(snapshot) {
    const maps = itemsOf(snapshot, 'configmaps');
    const failing: Finding[] = [];
    for (const cm of maps) {
      if (!isRecord(cm.dataFacts)) continue;
      for (const [key, fact] of Object.entries(cm.dataFacts)) {
        if (!CREDENTIAL_FACTS.has(fact as ValueFact)) continue;
        failing.push({
          kind: 'ConfigMap',
          namespace: cm.metadata.namespace ?? null,
          name: cm.metadata.name,
          message: `key ${key} holds a value that looks like a credential (${String(fact)})`,
          path: `data.${key}`,
        });
      }
    }
    return outcome({
      evaluated: maps.map((cm) => {
        const facts = isRecord(cm.dataFacts) ? Object.entries(cm.dataFacts) : [];
        const credential = facts.filter(([, f]) => CREDENTIAL_FACTS.has(f as ValueFact)).map(([k]) => k);
        return seen(
          cm,
          `${facts.length} data key(s) classified (values never read into the report); credential-like: ` +
            `${credential.length > 0 ? credential.join(', ') : 'none'}`,
        );
      }),
      failing,
      ifNoneEvaluated: 'no ConfigMaps',
    });
  },
};
