/**
 * The AWS SDK clients the AWS-side collectors use. Tests inject mocked clients; live scans build them here with the
 * SDK's standard retry strategy, so throttling (ThrottlingException, TooManyRequests, 429) is retried with backoff.
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { EKSClient, type EKSClientConfig } from '@aws-sdk/client-eks';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { IAMClient } from '@aws-sdk/client-iam';
import { Inspector2Client } from '@aws-sdk/client-inspector2';

export interface AwsClients {
  eks: EKSClient;
  ecr: ECRClient;
  inspector: Inspector2Client;
  guardDuty: GuardDutyClient;
  logs: CloudWatchLogsClient;
  ec2: EC2Client;
  iam: IAMClient;
}

export interface AwsClientOptions {
  region: string;
  /** Total attempts per call, first try included (SDK standard retry mode). */
  maxAttempts?: number;
  credentials?: EKSClientConfig['credentials'];
}

export const DEFAULT_MAX_ATTEMPTS = 5;

function clientConfig(options: AwsClientOptions) {
  return {
    region: options.region,
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    retryMode: 'standard',
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
}

/** An ECR client alone, for another Region the running images come from. */
export function createEcrClient(options: AwsClientOptions): ECRClient {
  return new ECRClient(clientConfig(options));
}

export function createAwsClients(options: AwsClientOptions): AwsClients {
  const config = clientConfig(options);
  return {
    eks: new EKSClient(config),
    ecr: new ECRClient(config),
    inspector: new Inspector2Client(config),
    guardDuty: new GuardDutyClient(config),
    logs: new CloudWatchLogsClient(config),
    ec2: new EC2Client(config),
    // IAM is global; the SDK resolves its endpoint from any region.
    iam: new IAMClient(config),
  };
}

export function destroyAwsClients(clients: AwsClients): void {
  for (const client of Object.values(clients)) client.destroy();
}
