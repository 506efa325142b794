import { itemsOf, kubeInputs } from '../../model/namespace-scope.js';
import { outcome, seen } from '../outcome.js';
import type { CheckDefinition, Observation } from '../types.js';

const CSI_DRIVER = 'secrets-store.csi.k8s.io';
const EVIDENCE_CRDS: Record<string, string> = {
  'secretproviderclasses.secrets-store.csi.x-k8s.io': 'Secrets Store CSI driver',
  'externalsecrets.external-secrets.io': 'External Secrets Operator',
  'secretstores.external-secrets.io': 'External Secrets Operator',
  'clustersecretstores.external-secrets.io': 'External Secrets Operator',
};

/** CIS EKS 4.4.2 (Manual): evidence that secrets live in an external store. Whether every secret does is a judgement. */
export const secretsExternalStore: CheckDefinition = {
  id: 'secrets-external-store',
  title: 'An external secret store is integrated',
  severity: 'low',
  family: 'secrets',
  rationale:
    'Secrets kept in AWS Secrets Manager or Parameter Store get rotation, fine-grained IAM access and CloudTrail ' +
    'auditing of each read, which Kubernetes Secrets alone do not provide.',
  deviation:
    'Judges whether an external secret store is installed (CIS 4.4.2 is manual: which secrets belong ' +
    'there is a judgement), where Kubescape C-0234 fails every workload whose first volume is not a ' +
    'Secrets Store CSI volume, even one that holds no secret.',
  remediation:
    'Install the Secrets Store CSI driver with the AWS provider (`aws-secrets-store-csi-driver-provider` add-on) or ' +
    'the External Secrets Operator, keep secret values in AWS Secrets Manager, and reference them from workloads.',
  references: { kubescape: ['C-0234'] },
  inputs: kubeInputs('csidrivers', 'customresourcedefinitions'),
  evaluate(snapshot) {
    const evidence: { words: string; seen: Observation }[] = [];
    for (const d of itemsOf(snapshot, 'csidrivers'))
      if (d.metadata.name === CSI_DRIVER)
        evidence.push({ words: `CSIDriver ${CSI_DRIVER}`, seen: seen(d, 'Secrets Store CSI driver installed') });
    for (const crd of itemsOf(snapshot, 'customresourcedefinitions')) {
      const what = EVIDENCE_CRDS[crd.metadata.name];
      if (what) evidence.push({ words: `${what} (CRD ${crd.metadata.name})`, seen: seen(crd, `${what} installed`) });
    }
    return outcome({
      evaluated: evidence.map((e) => e.seen),
      failing:
        evidence.length > 0
          ? []
          : [
              {
                kind: 'CSIDriver',
                namespace: null,
                name: CSI_DRIVER,
                message: 'no Secrets Store CSI driver and no External Secrets Operator CRDs are installed',
              },
            ],
      ifNoneEvaluated: 'no external secret store',
      passReason: `external secret storage: ${evidence.map((e) => e.words).join('; ')}`,
    });
  },
};
