/**
 * The one table of what each AWS fact is and which read-only IAM actions collect it. The scan role's policy
 * (infra/constructs/aws-read-policy.ts), the data sources and not-assessed reasons of results.json
 * (functions/scoring/sources.ts) and the permissions table in docs/permissions.md (tested equal) all come from here.
 */
import type { AwsFactName } from './aws-facts.js';

/**
 * Where IAM lets an action be scoped: `cluster` (the cluster ARN), `eks-subresource` (node groups, add-ons and access
 * entries of a cluster), `iam` (roles and instance profiles of the account), `any` (the action takes no resource).
 */
export type AwsActionScope = 'cluster' | 'eks-subresource' | 'iam' | 'any';

export interface AwsFactSource {
  title: string;
  actions: readonly { action: string; scope: AwsActionScope }[];
}

const any = (action: string) => ({ action, scope: 'any' as const });
const cluster = (action: string) => ({ action, scope: 'cluster' as const });
const sub = (action: string) => ({ action, scope: 'eks-subresource' as const });
const iam = (action: string) => ({ action, scope: 'iam' as const });

export const AWS_FACT_SOURCES: Readonly<Record<AwsFactName, AwsFactSource>> = {
  cluster: { title: 'EKS cluster configuration', actions: [cluster('eks:DescribeCluster')] },
  nodegroups: {
    title: 'EKS managed node groups',
    actions: [cluster('eks:ListNodegroups'), sub('eks:DescribeNodegroup')],
  },
  addons: { title: 'EKS add-ons', actions: [cluster('eks:ListAddons'), sub('eks:DescribeAddon')] },
  accessEntries: {
    title: 'EKS access entries',
    actions: [
      cluster('eks:ListAccessEntries'),
      sub('eks:DescribeAccessEntry'),
      sub('eks:ListAssociatedAccessPolicies'),
    ],
  },
  podIdentityAssociations: {
    title: 'EKS Pod Identity associations',
    actions: [cluster('eks:ListPodIdentityAssociations')],
  },
  clusterVersion: { title: 'EKS version support dates', actions: [any('eks:DescribeClusterVersions')] },
  ecrRegistryScanning: {
    title: 'ECR registry scanning (each Region of the running images)',
    actions: [any('ecr:GetRegistryScanningConfiguration')],
  },
  ecrRepositories: {
    title: 'ECR repositories of running images (in their Regions)',
    actions: [any('ecr:DescribeRepositories')],
  },
  imageFindings: { title: 'ECR image scan findings', actions: [any('ecr:DescribeImageScanFindings')] },
  inspector: { title: 'Amazon Inspector status', actions: [any('inspector2:BatchGetAccountStatus')] },
  guardDuty: { title: 'GuardDuty detector', actions: [any('guardduty:ListDetectors'), any('guardduty:GetDetector')] },
  logGroup: { title: 'Control plane log group', actions: [any('logs:DescribeLogGroups')] },
  instances: { title: 'EC2 node instances', actions: [any('ec2:DescribeInstances')] },
  subnets: { title: 'Node subnets', actions: [any('ec2:DescribeSubnets')] },
  routeTables: { title: 'Node route tables', actions: [any('ec2:DescribeRouteTables')] },
  nodeRolePolicies: {
    title: 'Node IAM role policies',
    actions: [
      iam('iam:GetInstanceProfile'),
      iam('iam:ListAttachedRolePolicies'),
      iam('iam:ListRolePolicies'),
      iam('iam:GetRolePolicy'),
      iam('iam:GetPolicy'),
      iam('iam:GetPolicyVersion'),
    ],
  },
};

/** The IAM actions behind one fact, as a not-assessed reason names them: "eks:ListAddons, eks:DescribeAddon". */
export function factPermission(fact: AwsFactName): string {
  return AWS_FACT_SOURCES[fact].actions.map((a) => a.action).join(', ');
}

/** Every action of the table with the given scope, each once, in table order. */
export function actionsWithScope(scope: AwsActionScope): string[] {
  const out = Object.values(AWS_FACT_SOURCES).flatMap((s) => s.actions.filter((a) => a.scope === scope));
  return [...new Set(out.map((a) => a.action))];
}
