/** Shared set-up for the AWS collector tests: real SDK clients (never sending) with mocks around them. */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { EKSClient } from '@aws-sdk/client-eks';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { IAMClient } from '@aws-sdk/client-iam';
import { Inspector2Client } from '@aws-sdk/client-inspector2';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClients } from '../../functions/aws/clients.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const REGION = 'eu-west-1';
export const ACCOUNT = '111122223333';
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

export function testClients(): AwsClients {
  const config = { region: REGION, credentials };
  return {
    eks: new EKSClient(config),
    ecr: new ECRClient(config),
    inspector: new Inspector2Client(config),
    guardDuty: new GuardDutyClient(config),
    logs: new CloudWatchLogsClient(config),
    ec2: new EC2Client(config),
    iam: new IAMClient(config),
  };
}

export function mocked(clients: AwsClients) {
  return {
    eks: mockClient(clients.eks),
    ecr: mockClient(clients.ecr),
    inspector: mockClient(clients.inspector),
    guardDuty: mockClient(clients.guardDuty),
    logs: mockClient(clients.logs),
    ec2: mockClient(clients.ec2),
    iam: mockClient(clients.iam),
  };
}

/** An SDK-style service error as the clients throw it. */
export function awsError(name: string, message: string, httpStatusCode = 400): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode } });
}

export const accessDenied = (action: string) =>
  awsError(
    'AccessDeniedException',
    `User: arn:aws:sts::${ACCOUNT}:assumed-role/scanner/s is not authorized to perform: ${action}`,
    403,
  );
