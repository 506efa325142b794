/**
 * Who the scan is, on the AWS side: sts:GetCallerIdentity's Arn for the credentials that make the AWS calls and sign
 * the EKS token. The call needs no IAM permission (AWS answers it for every principal, even under an explicit deny),
 * so it adds no action to the scan role's policy. Only the ARN is kept: never a key, a token or a session name's
 * secret. A failure (no STS endpoint reachable from a VPC, expired credentials) leaves the caller undetermined, with
 * the reason, and never stops the scan.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

/** A VPC without an STS endpoint would otherwise hold every scan for the SDK's default timeouts. */
const STS_TIMEOUT_MS = { connectionTimeout: 3_000, requestTimeout: 5_000 };

export type CallerIdentity = { arn: string } | { arn: null; reason: string };

export async function awsCallerIdentity(options: {
  region: string;
  credentials: AwsCredentialIdentityProvider;
  /** Injected in tests; otherwise a client for the region, with short timeouts and no retry. */
  stsClient?: STSClient;
}): Promise<CallerIdentity> {
  const sts =
    options.stsClient ??
    new STSClient({
      region: options.region,
      credentials: options.credentials,
      maxAttempts: 1,
      requestHandler: STS_TIMEOUT_MS,
    });
  try {
    const out = await sts.send(new GetCallerIdentityCommand({}));
    return out.Arn ? { arn: out.Arn } : { arn: null, reason: 'sts:GetCallerIdentity returned no Arn' };
  } catch (err) {
    const name = (err as { name?: string }).name;
    const message = err instanceof Error ? err.message : String(err);
    return {
      arn: null,
      reason: `sts:GetCallerIdentity failed: ${name && name !== 'Error' ? `${name}: ` : ''}${message}`,
    };
  } finally {
    if (!options.stsClient) sts.destroy();
  }
}
