import type { CheckDefinition, Finding, Observation } from '../types.js';
import {
  awsFinding,
  awsSeen,
  FAMILY,
  fact,
  factInputs,
  missingFact,
  outcome,
  show,
  showWhole,
  text,
} from './shared.js';

/**
 * CIS EKS 5.2.1 (dedicated identities) from the AWS side: pods can only be kept from borrowing the node role when
 * IMDSv2 is required and the response hop limit is 1, so a pod's extra network hop cannot reach the metadata service.
 */
export const awsNodeImdsv2: CheckDefinition = {
  id: 'aws-node-imdsv2',
  title: 'Nodes require IMDSv2 with a hop limit of 1',
  severity: 'high',
  family: FAMILY,
  rationale:
    'With IMDSv1 or a hop limit above 1 any pod can fetch the node role credentials from 169.254.169.254 and act with ' +
    'every permission of the node: pulling any image, describing the account, attaching network interfaces. Pods ' +
    'should use IRSA or EKS Pod Identity instead.',
  remediation:
    'Set the launch template metadata options to `HttpTokens: required` and `HttpPutResponseHopLimit: 1` (running ' +
    'instances: `aws ec2 modify-instance-metadata-options --instance-id ID --http-tokens required ' +
    '--http-put-response-hop-limit 1`), and give pods their own roles with IRSA or Pod Identity.',
  references: { hardeneks: ['check_access_to_instance_profile'] },
  inputs: factInputs('instances'),
  evaluate(snapshot) {
    const instances = fact(snapshot, 'instances');
    if (!instances) return missingFact('instances');
    const failing: Finding[] = [];
    const evaluated: Observation[] = [];
    for (const inst of instances) {
      const m = inst.MetadataOptions ?? {};
      const id = text(inst.InstanceId, 'unknown');
      evaluated.push(
        awsSeen(
          'Instance',
          id,
          `MetadataOptions HttpEndpoint: ${showWhole(m.HttpEndpoint, 'unset')}, HttpTokens: ${showWhole(m.HttpTokens, 'unset')}, ` +
            `HttpPutResponseHopLimit: ${showWhole(m.HttpPutResponseHopLimit, 'unset')}`,
        ),
      );
      if (m.HttpEndpoint === 'disabled') continue;
      const problems = [];
      if (m.HttpTokens !== 'required') problems.push(`HttpTokens is ${show(m.HttpTokens, 'unset')} (IMDSv1 allowed)`);
      if (typeof m.HttpPutResponseHopLimit !== 'number' || m.HttpPutResponseHopLimit > 1) {
        problems.push(`HttpPutResponseHopLimit is ${show(m.HttpPutResponseHopLimit, 'unset')}`);
      }
      if (problems.length > 0) {
        failing.push(awsFinding('Instance', id, problems.join('; '), 'MetadataOptions'));
      }
    }
    return outcome({ evaluated, failing, ifNoneEvaluated: 'no EC2 nodes (Fargate or EKS Auto Mode only)' });
  },
};
