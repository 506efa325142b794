/** CloudWatch Logs collector: the cluster's control-plane log group (retention and KMS key). */
import { type CloudWatchLogsClient, paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import { clusterLogGroupName, type LogGroupFact } from '../model/aws-facts.js';
import { call } from './errors.js';
import { plain } from './plain.js';

/** The log group EKS writes control-plane logs to, or null when it does not exist (logging never enabled). */
export async function collectLogGroup(client: CloudWatchLogsClient, clusterName: string): Promise<LogGroupFact | null> {
  const wanted = clusterLogGroupName(clusterName);
  let found: LogGroupFact | null = null;
  await call('logs:DescribeLogGroups', async () => {
    // The prefix also matches e.g. "/aws/eks/<name>/cluster-old"; keep only the exact name.
    for await (const page of paginateDescribeLogGroups({ client }, { logGroupNamePrefix: wanted })) {
      const match = (page.logGroups ?? []).find((g) => g.logGroupName === wanted);
      if (match) {
        found = plain<LogGroupFact>(match);
        break;
      }
    }
  });
  return found;
}
