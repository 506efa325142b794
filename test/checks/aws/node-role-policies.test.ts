/** CIS EKS 5.1.3: a node role is judged on what every policy it holds grants; an unread policy never passes. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { awsNodeRoleEcrReadOnly } from '../../../functions/checks/aws/aws-node-role-ecr-read-only.js';
import type { NodeRolePoliciesFact } from '../../../functions/model/aws-facts.js';
import { runCheck } from '../../../functions/scoring/run-check.js';
import { ACCOUNT, snapshotWith } from '../../fixtures/aws/facts.js';

const READ_ONLY = 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly';
const CUSTOM = `arn:aws:iam::${ACCOUNT}:policy/node-extras`;

function run(role: Partial<NodeRolePoliciesFact>) {
  const fact: NodeRolePoliciesFact = {
    roleName: 'prod-eu-node',
    attachedPolicyArns: [READ_ONLY],
    inlinePolicies: [],
    ...role,
  };
  return runCheck(awsNodeRoleEcrReadOnly, snapshotWith({ nodeRolePolicies: [fact] })).result;
}

describe('aws-node-role-ecr-read-only (CIS 5.1.3)', () => {
  test('a customer-managed policy that was not read: not assessed, naming the policy', () => {
    const r = run({ attachedPolicyArns: [READ_ONLY, CUSTOM] });
    assert.equal(r.status, 'not-assessed');
    assert.match(r.reason ?? '', /node-extras/);
    assert.match(r.reason ?? '', /not read/);
  });

  test('a customer-managed policy that could not be read: not assessed with the reason', () => {
    const r = run({
      attachedPolicyArns: [READ_ONLY, CUSTOM],
      customerPolicies: [{ policyArn: CUSTOM, unreadable: 'iam:GetPolicyVersion: AccessDenied' }],
    });
    assert.equal(r.status, 'not-assessed');
    assert.match(r.reason ?? '', /node-extras.*iam:GetPolicyVersion: AccessDenied/);
  });

  test('a customer-managed policy granting ECR writes fails', () => {
    const r = run({
      attachedPolicyArns: [READ_ONLY, CUSTOM],
      customerPolicies: [{ policyArn: CUSTOM, actions: ['s3:GetObject', 'ecr:*'] }],
    });
    assert.equal(r.status, 'fail');
    assert.match(r.failing[0].message, /customer-managed policy node-extras allows ecr:putimage/);
  });

  test('a customer-managed policy granting only pulls passes (near miss)', () => {
    const r = run({
      attachedPolicyArns: [READ_ONLY, CUSTOM],
      customerPolicies: [
        { policyArn: CUSTOM, actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:Get*'] },
      ],
    });
    assert.equal(r.status, 'pass');
  });

  test('an inline policy whose document could not be read is not assessed', () => {
    const r = run({ inlinePolicies: [{ policyName: 'mystery', actions: [], unreadable: 'the document is not JSON' }] });
    assert.equal(r.status, 'not-assessed');
    assert.match(r.reason ?? '', /inline policy mystery.*not JSON/);
  });

  test('a failing grant wins over an unread policy elsewhere', () => {
    const r = run({
      attachedPolicyArns: [READ_ONLY, CUSTOM],
      inlinePolicies: [{ policyName: 'push', actions: ['ecr:PutImage'] }],
    });
    assert.equal(r.status, 'fail');
  });
});
