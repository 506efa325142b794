import { isRecord, itemsOf, kubeInputs } from '../../model/namespace-scope.js';
import { show, showWhole } from '../../model/untrusted.js';
import { outcome, seen } from '../outcome.js';
import type { CheckDefinition, Finding } from '../types.js';

const EBS_PROVISIONERS = new Set(['ebs.csi.aws.com', 'ebs.csi.eks.amazonaws.com', 'kubernetes.io/aws-ebs']);

/** Risk area 10: EBS StorageClasses create encrypted volumes. */
export const storageEbsEncryption: CheckDefinition = {
  id: 'storage-ebs-encryption',
  title: 'EBS StorageClasses encrypt volumes',
  severity: 'medium',
  family: 'storage',
  rationale:
    'Volumes provisioned from a StorageClass without `encrypted: "true"` are unencrypted unless the account has EBS ' +
    'encryption by default turned on, so data at rest and its snapshots are readable by anyone who gets the volume.',
  remediation:
    'Create a StorageClass with `parameters: { encrypted: "true", kmsKeyId: <key ARN> }` and make it the default ' +
    '(StorageClass parameters cannot be edited), and turn on EBS encryption by default in each region ' +
    '(`aws ec2 enable-ebs-encryption-by-default`).',
  references: { hardeneks: ['use_encryption_with_ebs'] },
  inputs: kubeInputs('storageclasses'),
  evaluate(snapshot) {
    const classes = itemsOf(snapshot, 'storageclasses').filter(
      (sc) => typeof sc.provisioner === 'string' && EBS_PROVISIONERS.has(sc.provisioner),
    );
    const failing: Finding[] = [];
    for (const sc of classes) {
      const value = isRecord(sc.parameters) ? sc.parameters.encrypted : undefined;
      if (value === true || (typeof value === 'string' && value.toLowerCase() === 'true')) continue;
      failing.push({
        kind: 'StorageClass',
        namespace: null,
        name: sc.metadata.name,
        message:
          value === undefined
            ? 'parameters.encrypted is not set'
            : `parameters.encrypted is ${typeof value === 'string' ? `"${show(value)}"` : show(value)}`,
        path: 'parameters.encrypted',
      });
    }
    return outcome({
      evaluated: classes.map((sc) => {
        const value = isRecord(sc.parameters) ? sc.parameters.encrypted : undefined;
        return seen(
          sc,
          `provisioner ${showWhole(sc.provisioner)}; parameters.encrypted: ${value === undefined ? 'not set' : JSON.stringify(showWhole(value))}`,
        );
      }),
      failing,
      ifNoneEvaluated: 'no EBS StorageClasses',
    });
  },
};
