/**
 * The EKS bearer token: a presigned STS GetCallerIdentity URL that carries the cluster name in the signed
 * `x-k8s-aws-id` header, as `aws eks get-token` and aws-iam-authenticator produce it. The API server's
 * authenticator replays the URL against STS to learn who we are. The token is a credential: never log it.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { formatUrl } from '@aws-sdk/util-format-url';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { partitionOf } from '../model/aws-partition.js';

export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';

export interface EksTokenParams {
  clusterName: string;
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Fixed only in tests, to make the token deterministic. */
  signingDate?: Date;
  /** Seconds the presigned URL is valid for; the EKS authenticator accepts at most 60 here (it allows 15 min of skew). */
  expiresIn?: number;
}

export async function createEksToken(params: EksTokenParams): Promise<string> {
  const { clusterName, region, credentials, signingDate, expiresIn = 60 } = params;
  const signer = new SignatureV4({ service: 'sts', region, credentials, sha256: Sha256 });
  // The regional endpoint: the global one is a single-region dependency and fails for opt-in regions. China's
  // regions answer under amazonaws.com.cn.
  const hostname = `sts.${region}.${partitionOf(region).dnsSuffix}`;
  const request = new HttpRequest({
    method: 'GET',
    protocol: 'https:',
    hostname,
    path: '/',
    query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
    headers: { host: hostname, 'x-k8s-aws-id': clusterName },
  });
  const presigned = await signer.presign(request, { expiresIn, signingDate });
  return EKS_TOKEN_PREFIX + Buffer.from(formatUrl(presigned)).toString('base64url');
}

export interface CredentialOptions {
  region: string;
  /** Assume this role first (another account, or a dedicated read-only role). */
  roleArn?: string;
  roleSessionName?: string;
}

/** The SDK's default provider chain, optionally followed by an AssumeRole into `roleArn`. */
export function resolveAwsCredentials(options: CredentialOptions): AwsCredentialIdentityProvider {
  if (!options.roleArn) return fromNodeProviderChain();
  return fromTemporaryCredentials({
    params: { RoleArn: options.roleArn, RoleSessionName: options.roleSessionName ?? 'eks-compliance-reporter' },
    clientConfig: { region: options.region },
  });
}
