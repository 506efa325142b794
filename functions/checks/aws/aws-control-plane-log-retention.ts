import { clusterLogGroupName } from '../../model/aws-facts.js';
import type { CheckDefinition, Finding } from '../types.js';
import { awsFinding, awsSeen, clusterName, FAMILY, fact, factInputs, outcome, show, showWhole } from './shared.js';

/**
 * CIS EKS 2.1.2 (audit logs collected and managed). The benchmark's own audit reads fields the kubelet does not
 * have, so this checks the evidence that logs are kept: the control-plane log group has a retention and a KMS key.
 */
export const awsControlPlaneLogRetention: CheckDefinition = {
  id: 'aws-control-plane-log-retention',
  title: 'Control-plane logs are retained for a set period and encrypted with KMS',
  severity: 'medium',
  family: FAMILY,
  rationale:
    'Logs that vanish after a day cannot support an investigation, and logs kept forever without a KMS key are ' +
    'readable by anyone with logs:GetLogEvents. A retention period and a customer-managed key show the audit trail ' +
    'is managed rather than incidental.',
  remediation:
    'Set a retention that meets your policy and associate a KMS key: `aws logs put-retention-policy --log-group-name ' +
    '/aws/eks/CLUSTER/cluster --retention-in-days 365` and `aws logs associate-kms-key --log-group-name ' +
    '/aws/eks/CLUSTER/cluster --kms-key-id KEY_ARN`. Forward to a SIEM with a subscription filter if required.',
  references: {},
  inputs: factInputs('logGroup'),
  evaluate(snapshot) {
    const group = fact(snapshot, 'logGroup');
    const name = clusterLogGroupName(clusterName(snapshot));
    const failing: Finding[] = [];
    if (!group) {
      failing.push(
        awsFinding('LogGroup', name, 'the log group does not exist: control-plane logging has never been on'),
      );
      return outcome({
        evaluated: [awsSeen('LogGroup', name, 'does not exist')],
        failing,
        ifNoneEvaluated: 'no log group',
      });
    }
    if (typeof group.retentionInDays !== 'number') {
      failing.push(awsFinding('LogGroup', name, 'retentionInDays is not set (logs never expire)', 'retentionInDays'));
    }
    if (!group.kmsKeyId) {
      failing.push(awsFinding('LogGroup', name, 'kmsKeyId is not set (no customer-managed KMS key)', 'kmsKeyId'));
    }
    return outcome({
      evaluated: [
        awsSeen(
          'LogGroup',
          name,
          `retentionInDays: ${showWhole(group.retentionInDays, 'not set')}, kmsKeyId: ${showWhole(group.kmsKeyId, 'not set')}`,
        ),
      ],
      failing,
      ifNoneEvaluated: 'no log group',
      passReason: `retention ${show(group.retentionInDays)} days, KMS key ${show(group.kmsKeyId)}`,
    });
  },
};
