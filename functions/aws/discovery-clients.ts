/**
 * The AWS clients discovery uses, for the Discover function and `eks-compliance run` alike: an EKS client per Region
 * with the caller's credentials or, given a role ARN, that role's (sts:AssumeRole, refreshed by the SDK), and the
 * organization's accounts, read directly or through discovery.organizationRoleArn.
 */
import { EKSClient } from '@aws-sdk/client-eks';
import { resolveAwsCredentials } from '../eks/token.js';

export interface DiscoveryClientOptions {
  /** The STS session name discovery's role sessions carry (CloudTrail shows it in the target accounts). */
  roleSessionName: string;
  /** The Region of the Organizations and STS calls, when the environment may not give one (the CLI). */
  region?: string;
  /** Wraps each client (the Lambda functions trace theirs). */
  wrap?: <C>(client: C) => C;
}

export function discoveryClients(options: DiscoveryClientOptions) {
  const wrap = options.wrap ?? (<C>(client: C) => client);
  return {
    /** A new client each time: discovery lists each account's Regions once, and destroys the client after. */
    eksClient(region: string, roleArn?: string): EKSClient {
      const credentials = roleArn
        ? resolveAwsCredentials({ region, roleArn, roleSessionName: options.roleSessionName })
        : undefined;
      return wrap(new EKSClient({ region, ...(credentials ? { credentials } : {}) }));
    },
    /** Every ACTIVE account of the organization (organizations:ListAccounts), through `roleArn` when given. */
    async organizationAccounts(roleArn?: string): Promise<string[]> {
      const { activeOrganizationAccounts } = await import('./organization.js');
      const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
      return activeOrganizationAccounts({
        ...(region ? { region } : {}),
        ...(roleArn
          ? {
              credentials: resolveAwsCredentials({
                region: region ?? 'us-east-1',
                roleArn,
                roleSessionName: options.roleSessionName,
              }),
            }
          : {}),
        wrap,
      });
    },
  };
}
