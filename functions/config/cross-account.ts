/**
 * The roles the reporter reaches other accounts through, derived from the config: one source for the Discover and
 * Scan functions (which assume them at run time) and for their IAM policies (infra/reporter-stack.ts grants exactly
 * these), so a role the code assumes is always one the policy allows, and no other.
 */
import type { ReporterConfig } from './types.js';

/** The action that lists the organization's accounts (discovery.organization without organizationRoleArn). */
export const LIST_ACCOUNTS_ACTION = 'organizations:ListAccounts';
/** The action that takes a role in another account (or the organization-reading role). */
export const ASSUME_ROLE_ACTION = 'sts:AssumeRole';

/** The role discovery and the scan take in another account: discovery.roleName there (`*`: any account's). */
export function accountRoleArn(account: string, roleName: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${account}:role/${roleName}`;
}

export interface CrossAccountAccess {
  /**
   * Roles Discover takes to list another account's clusters: discovery.roleName in each of discovery.accounts, and in
   * any account (`iam::*:`) with discovery.organization, whose accounts are only known at run time. Each target role
   * trusts only the reporter's roles, so the wildcard reaches no account that has not deployed the target stack.
   */
  discoverRoleArns: string[];
  /** How Discover reads the organization's accounts: ListAccounts itself, or through organizationRoleArn. */
  organization?: { action: typeof LIST_ACCOUNTS_ACTION } | { roleArn: string };
  /** Roles the scan takes: each configured cluster's roleArn, and the discovered clusters' (discoverRoleArns). */
  scanRoleArns: string[];
}

export function crossAccountAccess(
  config: Pick<ReporterConfig, 'discovery' | 'clusters'>,
  partition: string,
): CrossAccountAccess {
  const { accounts, organization, organizationRoleArn, roleName } = config.discovery;
  const discoverRoleArns = organization
    ? [accountRoleArn('*', roleName, partition)]
    : accounts.map((account) => accountRoleArn(account, roleName, partition));
  const configured = config.clusters.flatMap((c) => (c.roleArn ? [c.roleArn] : []));
  return {
    discoverRoleArns,
    ...(organization
      ? { organization: organizationRoleArn ? { roleArn: organizationRoleArn } : { action: LIST_ACCOUNTS_ACTION } }
      : {}),
    scanRoleArns: [...new Set([...configured, ...discoverRoleArns])],
  };
}
