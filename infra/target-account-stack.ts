/**
 * Deployed in each other account that holds clusters, once per region with clusters: the role the reporter's scan
 * function assumes, with the same read-only AWS permissions, and an EKS access entry for it on each listed cluster.
 *
 * IAM role names are account-wide, and the role's permissions already cover the clusters of every region of the
 * account. So exactly one stack per account creates the role (the one in the account's "home" region); the stacks in
 * the account's other regions are deployed with `createRole: false` and only add the access entries, for the same
 * role by name. Every cluster of the account then uses the same `roleArn` in the reporter's config.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { READER_GROUP, viewPolicyArn } from '../functions/model/access-entry-grant.js';
import { acknowledgeAwsReadFindings, awsReadStatements } from './constructs/aws-read-policy.js';

/**
 * An IAM role ARN with a 12-digit account, in any partition: what the reporter stack's ScanRoleArn output looks like.
 * Anything else (`*`, an account root, a user, a wildcard in the account) would let more than the reporter's scan
 * role assume the target role.
 */
const ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::(\d{12}):role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

/** Why `arn` cannot be the reporter's scan role, or undefined when it can. */
export function reporterScanRoleArnProblem(arn: string): string | undefined {
  if (ROLE_ARN.test(arn)) return undefined;
  return (
    `reporterScanRoleArn must be the ARN of the reporter's scan role (arn:aws:iam::123456789012:role/NAME, ` +
    `the reporter stack's ScanRoleArn output), not ${JSON.stringify(arn)}`
  );
}

/** Why `arn` cannot be the reporter's Discover role beside `scanRoleArn`, or undefined when it can (or is absent). */
export function reporterDiscoverRoleArnProblem(arn: string | undefined, scanRoleArn: string): string | undefined {
  if (arn === undefined) return undefined;
  const discover = ROLE_ARN.exec(arn);
  if (!discover) {
    return (
      `reporterDiscoverRoleArn must be the ARN of the reporter's Discover role (arn:aws:iam::123456789012:role/NAME, ` +
      `the reporter stack's DiscoverRoleArn output), not ${JSON.stringify(arn)}`
    );
  }
  const scan = ROLE_ARN.exec(scanRoleArn);
  if (scan && (scan[1] ?? '') + scan[2] !== (discover[1] ?? '') + discover[2]) {
    return `reporterDiscoverRoleArn (account ${discover[2]}) and reporterScanRoleArn (account ${scan[2]}) must be the same reporter's roles, in one account`;
  }
  return undefined;
}

/** The logical id part of a cluster's access entry (kept as it was: a new id would replace deployed entries). */
const accessEntryId = (name: string) => name.replace(/[^A-Za-z0-9]/g, '');

/** Why these `-c clusters` names cannot all get an access entry (two differ only in punctuation), if they cannot. */
export function accessEntryIdCollision(names: string[]): string | undefined {
  const seen = new Map<string, string>();
  for (const name of names) {
    const id = accessEntryId(name);
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      return earlier === name
        ? `-c clusters names ${JSON.stringify(name)} twice`
        : `-c clusters: ${JSON.stringify(earlier)} and ${JSON.stringify(name)} differ only in punctuation and would name the same access entry resource (Access${id})`;
    }
    seen.set(id, name);
  }
  return undefined;
}

/** Name of the role in each target account, unless `roleName` says otherwise. */
export const DEFAULT_TARGET_ROLE_NAME = 'EksComplianceScan';

interface CommonProps extends StackProps {
  /** Clusters in this account and region to grant access to. */
  clusterNames: string[];
  /** Name of the role (created, or existing); the reporter config's `roleArn` must point at it. */
  roleName?: string;
}

interface CreatingRoleProps extends CommonProps {
  /** Create the role in this stack (the default): true in exactly one region per account. */
  createRole?: true;
  /** ARN of the reporter's scan role (output ScanRoleArn of the reporter stack). */
  reporterScanRoleArn: string;
  /**
   * ARN of the reporter's Discover role (output DiscoverRoleArn), in the same account: with discovery.accounts or
   * discovery.organization, Discover lists this account's clusters through the role too.
   */
  reporterDiscoverRoleArn?: string;
}

interface ExistingRoleProps extends CommonProps {
  /**
   * The role already exists, created by this stack in another region of the account: only the access entries are
   * created, for the role named `roleName`. Deploy the stack that creates the role first.
   */
  createRole: false;
  /** Not used: the trust policy belongs to the role, which the stack creating it sets. */
  reporterScanRoleArn?: string;
}

export type TargetAccountStackProps = CreatingRoleProps | ExistingRoleProps;

export class TargetAccountStack extends Stack {
  readonly role: iam.IRole;

  constructor(scope: Construct, id: string, props: TargetAccountStackProps) {
    super(scope, id, props);
    const roleName = props.roleName ?? DEFAULT_TARGET_ROLE_NAME;
    if (props.createRole === false) {
      this.role = iam.Role.fromRoleName(this, 'ScanRole', roleName);
    } else {
      const problem =
        reporterScanRoleArnProblem(props.reporterScanRoleArn) ??
        reporterDiscoverRoleArnProblem(props.reporterDiscoverRoleArn, props.reporterScanRoleArn);
      if (problem) throw new Error(problem);
      const [, , account] = ROLE_ARN.exec(props.reporterScanRoleArn) ?? [];
      // The reporter's account is the principal and the condition pins its roles: a trust naming a role itself is
      // rewritten to the role's unique id by IAM and silently stops working once that role is replaced (a redeploy
      // of the reporter that recreates its scan role); aws:PrincipalArn matches the new role too.
      const trusted = [
        props.reporterScanRoleArn,
        ...(props.reporterDiscoverRoleArn ? [props.reporterDiscoverRoleArn] : []),
      ];
      const role = new iam.Role(this, 'ScanRole', {
        roleName,
        assumedBy: new iam.AccountPrincipal(account).withConditions({
          ArnEquals: { 'aws:PrincipalArn': trusted.length === 1 ? trusted[0] : trusted },
        }),
        description: 'Assumed by eks-compliance-reporter to read EKS clusters in this account (read-only)',
      });
      for (const statement of awsReadStatements(this)) {
        role.addToPolicy(statement);
      }
      acknowledgeAwsReadFindings(this);
      this.role = role;
    }
    for (const name of props.clusterNames) {
      new eks.CfnAccessEntry(this, `Access${accessEntryId(name)}`, {
        clusterName: name,
        principalArn: this.role.roleArn,
        type: 'STANDARD',
        kubernetesGroups: [READER_GROUP],
        accessPolicies: [{ policyArn: viewPolicyArn(this.partition), accessScope: { type: 'cluster' } }],
      });
    }
    new CfnOutput(this, 'ScanRoleArn', {
      value: this.role.roleArn,
      description: "The clusters' roleArn in the reporter config (the same in every region of this account)",
    });
  }
}
