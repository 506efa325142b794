/**
 * The AWS clients discovery uses, for the Discover function and `eks-compliance run` alike: an EKS client per Region
 * with the caller's credentials or, given a role ARN, that role's (sts:AssumeRole, refreshed by the SDK), and the
 * organization's accounts, read directly or through discovery.organizationRoleArn.
 */
import { EKSClient } from '@aws-sdk/client-eks';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { resolveAwsCredentials } from '../eks/token.js';

export interface DiscoveryClientOptions {
  /** The STS session name discovery's role sessions carry (CloudTrail shows it in the target accounts). */
  roleSessionName: string;
  /** The Region of the Organizations and STS calls, when the environment may not give one (the CLI). */
  region?: string;
  /** Wraps each client (the Lambda functions trace theirs). */
  wrap?: <C>(client: C) => C;
}

/** Role sessions kept for reuse: well above the accounts discovery lists at once (ACCOUNTS_AT_ONCE). */
const SESSIONS_KEPT = 64;

/** How long before their expiry shared credentials are renewed. */
const RENEW_BEFORE_MS = 5 * 60_000;

/**
 * One role session shared by every client that takes the role: each SDK client caches credentials for itself only,
 * so without this every Region of an account would call sts:AssumeRole again (3,000 calls for 1,000 accounts × 3
 * Regions instead of 1,000). Renewed when it nears expiry; a failed call is not kept, so the next one asks again.
 */
export function sharedCredentials(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  let pending: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    const current = pending ? await pending.catch(() => undefined) : undefined;
    const fresh = current && (!current.expiration || current.expiration.getTime() - Date.now() > RENEW_BEFORE_MS);
    if (current && fresh) return current;
    pending = provider();
    return pending;
  };
}

export function discoveryClients(options: DiscoveryClientOptions) {
  const wrap = options.wrap ?? (<C>(client: C) => client);
  const roleCredentials = new Map<string, AwsCredentialIdentityProvider>();
  const credentialsFor = (region: string, roleArn: string) => {
    let provider = roleCredentials.get(roleArn);
    if (!provider) {
      provider = sharedCredentials(
        resolveAwsCredentials({ region, roleArn, roleSessionName: options.roleSessionName }),
      );
      roleCredentials.set(roleArn, provider);
      // Accounts are listed a few at a time, each Region after the other: only the newest sessions are still in use.
      // Each provider holds an STS client, so an organization's thousand would cost tens of MB of the 256.
      if (roleCredentials.size > SESSIONS_KEPT) roleCredentials.delete(roleCredentials.keys().next().value as string);
    }
    return provider;
  };
  return {
    /**
     * A new client each time (discovery lists each account's Regions once, and destroys the client after), with the
     * role's session shared among them.
     */
    eksClient(region: string, roleArn?: string): EKSClient {
      const credentials = roleArn ? credentialsFor(region, roleArn) : undefined;
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
