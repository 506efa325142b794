/**
 * Deployed once in each other account that holds clusters: the role the reporter's scan function assumes, with the
 * same read-only AWS permissions, and an EKS access entry for it on each listed cluster.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { acknowledgeAwsReadFindings, awsReadStatements } from './constructs/aws-read-policy.js';
import { READER_GROUP } from './reporter-stack.js';

export interface TargetAccountStackProps extends StackProps {
  /** ARN of the reporter's scan role (output ScanRoleArn of the reporter stack). */
  reporterScanRoleArn: string;
  /** Clusters in this account and region to grant access to. */
  clusterNames: string[];
  /** Name of the role to create; the reporter config's `roleArn` must point at it. */
  roleName?: string;
}

export class TargetAccountStack extends Stack {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: TargetAccountStackProps) {
    super(scope, id, props);
    this.role = new iam.Role(this, 'ScanRole', {
      roleName: props.roleName ?? 'EksComplianceScan',
      assumedBy: new iam.ArnPrincipal(props.reporterScanRoleArn),
      description: 'Assumed by eks-compliance-reporter to read EKS clusters in this account (read-only)',
    });
    for (const statement of awsReadStatements(this)) {
      this.role.addToPolicy(statement);
    }
    for (const name of props.clusterNames) {
      new eks.CfnAccessEntry(this, `Access${name.replace(/[^A-Za-z0-9]/g, '')}`, {
        clusterName: name,
        principalArn: this.role.roleArn,
        type: 'STANDARD',
        kubernetesGroups: [READER_GROUP],
        accessPolicies: [
          { policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy', accessScope: { type: 'cluster' } },
        ],
      });
    }
    acknowledgeAwsReadFindings(this);
  }
}
