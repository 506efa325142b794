import { type Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { actionsWithScope } from '../../functions/model/aws-fact-sources.js';

/**
 * How cdk-nag spells a stack's account and region inside a finding id: the literal value, or the pseudo parameter
 * when the stack is environment-agnostic (`cdk synth` without a default account).
 */
export function nagAccount(stack: Stack): string {
  return Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
}
export function nagRegion(stack: Stack): string {
  return Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
}

/** ARNs of every EKS cluster in the stack's account, in any region (discovery finds them at run time). */
export function clusterArnPattern(stack: Stack): string {
  return `arn:${stack.partition}:eks:*:${stack.account}:cluster/*`;
}

/**
 * The read-only AWS actions the scan function needs for the AWS-side checks, from the one table of AWS facts
 * (functions/model/aws-fact-sources.ts; docs/permissions.md lists what each one feeds and is tested equal). Shared by the reporter stack and the target-account stack so both grant exactly the same set.
 *
 * EKS actions are scoped to clusters (and their node groups, add-ons and access entries) where IAM allows it; the
 * Describe/List actions of EC2, ECR, Inspector, GuardDuty and Logs do not support resource-level permissions.
 */
export function awsReadStatements(stack: Stack): iam.PolicyStatement[] {
  const clusters = clusterArnPattern(stack);
  const partitionPrefix = `arn:${stack.partition}:eks:*:${stack.account}`;
  const iamPrefix = `arn:${stack.partition}:iam::${stack.account}`;
  return [
    new iam.PolicyStatement({
      sid: 'EksClusterReads',
      actions: actionsWithScope('cluster'),
      resources: [clusters],
    }),
    new iam.PolicyStatement({
      sid: 'EksSubresourceReads',
      actions: actionsWithScope('eks-subresource'),
      resources: [
        `${partitionPrefix}:nodegroup/*`,
        `${partitionPrefix}:addon/*`,
        `${partitionPrefix}:access-entry/*`,
        clusters,
      ],
    }),
    new iam.PolicyStatement({
      sid: 'AccountWideReads',
      actions: actionsWithScope('any'),
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'NodeRolePolicyReads',
      actions: actionsWithScope('iam'),
      // policy/*: the customer-managed policies attached to node roles (iam:GetPolicy, iam:GetPolicyVersion).
      resources: [`${iamPrefix}:role/*`, `${iamPrefix}:instance-profile/*`, `${iamPrefix}:policy/*`],
    }),
  ];
}

/** The cdk-nag IAM5 findings that `awsReadStatements` produces, acknowledged with their reasons. */
export function acknowledgeAwsReadFindings(stack: Stack): void {
  const account = nagAccount(stack);
  const eksScope = `arn:<AWS::Partition>:eks:*:${account}`;
  const groups: Array<[reason: string, findings: string[]]> = [
    [
      'Read-only Describe/List actions that IAM cannot scope to a resource (eks:ListClusters, EC2, ECR, Inspector, GuardDuty, CloudWatch Logs describe calls) and X-Ray trace segments.',
      ['Resource::*'],
    ],
    [
      'Clusters, node groups, add-ons and access entries of the account are found at run time by discovery, so their ARNs cannot be listed at deploy time; the actions are read-only.',
      [
        `Resource::${eksScope}:cluster/*`,
        `Resource::${eksScope}:nodegroup/*`,
        `Resource::${eksScope}:addon/*`,
        `Resource::${eksScope}:access-entry/*`,
      ],
    ],
    [
      'Node roles, their instance profiles and the customer-managed policies attached to them are named by the nodes found at run time; only read actions on them are granted (CIS 5.1.3).',
      [
        `Resource::arn:<AWS::Partition>:iam::${account}:role/*`,
        `Resource::arn:<AWS::Partition>:iam::${account}:instance-profile/*`,
        `Resource::arn:<AWS::Partition>:iam::${account}:policy/*`,
      ],
    ],
  ];
  const validations = Validations.of(stack);
  for (const [reason, findings] of groups) {
    for (const finding of findings) validations.acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
  }
}
