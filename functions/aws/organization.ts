/** The accounts of an AWS Organization (organizations:ListAccounts), for discovery.organization. */
import { OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * Every ACTIVE account of the organization. ListAccounts answers only in the management account or a delegated
 * administrator account: the caller's credentials must be in one (directly or through a role assumed there).
 * Organizations has one endpoint per partition (us-east-1 in aws); the SDK resolves it from any Region.
 */
export async function activeOrganizationAccounts(
  options: { credentials?: AwsCredentialIdentityProvider; region?: string; wrap?: <C>(client: C) => C } = {},
): Promise<string[]> {
  const created = new OrganizationsClient({
    ...(options.region ? { region: options.region } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  const client = options.wrap ? options.wrap(created) : created;
  try {
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client }, {})) {
      for (const a of page.Accounts ?? []) {
        // State is the newer field (ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED); Status the older one.
        const state = (a as { State?: string }).State ?? a.Status;
        if (a.Id && state === 'ACTIVE') ids.push(a.Id);
      }
    }
    return ids;
  } finally {
    created.destroy();
  }
}
