import type { CheckDefinition } from '../types.js';
import {
  asArray,
  clusterFinding,
  clusterSeen,
  FAMILY,
  fact,
  factInputs,
  isRecord,
  missingFact,
  outcome,
  showWhole,
} from './shared.js';

/**
 * CIS EKS 5.3.1. AWS's default envelope encryption with an AWS-owned key does not count: the benchmark asks for a
 * customer-managed key, which only `encryptionConfig` shows.
 */
export const awsSecretsKmsEncryption: CheckDefinition = {
  id: 'aws-secrets-kms-encryption',
  title: 'Kubernetes Secrets are envelope-encrypted with a customer-managed KMS key',
  severity: 'high',
  family: FAMILY,
  rationale:
    'Envelope encryption with your own KMS key means a copy of etcd is useless without kms:Decrypt on a key you ' +
    'control, audit in CloudTrail and can revoke.',
  remediation:
    'Associate a KMS key: `aws eks associate-encryption-config --cluster-name CLUSTER --encryption-config ' +
    '\'[{"resources":["secrets"],"provider":{"keyArn":"KEY_ARN"}}]\'` (it cannot be removed afterwards), then ' +
    're-write existing Secrets so they are encrypted: `kubectl get secrets -A -o json | kubectl replace -f -`.',
  references: {
    kubescape: ['C-0066'],
    securityhub: ['EKS.3'],
    prowler: ['eks_cluster_kms_cmk_encryption_in_secrets_enabled'],
  },
  inputs: factInputs('cluster'),
  evaluate(snapshot) {
    const cluster = fact(snapshot, 'cluster');
    if (!cluster) return missingFact('cluster');
    const config = asArray(cluster.encryptionConfig).find(
      (c) =>
        isRecord(c) &&
        asArray(c.resources).includes('secrets') &&
        isRecord(c.provider) &&
        typeof c.provider.keyArn === 'string' &&
        c.provider.keyArn.length > 0,
    );
    const failing = config
      ? []
      : [clusterFinding(snapshot, 'encryptionConfig has no KMS key for the secrets resource', 'encryptionConfig')];
    const read = asArray(cluster.encryptionConfig)
      .filter(isRecord)
      .map(
        (c) =>
          `resources ${asArray(c.resources)
            .map((r) => showWhole(r))
            .join(', ')} with key ${showWhole(isRecord(c.provider) ? c.provider.keyArn : undefined)}`,
      );
    return outcome({
      evaluated: [clusterSeen(snapshot, `encryptionConfig: ${read.length > 0 ? read.join('; ') : 'not set'}`)],
      failing,
      ifNoneEvaluated: 'no cluster',
      passReason: 'secrets are encrypted with a customer-managed KMS key',
    });
  },
};
