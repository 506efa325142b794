/**
 * Lambda entry point: Discover. Event {runId, startedAt} from the state machine; result lands at $.discovery. The
 * reporter's own account (of discovered clusters) is the one in the function's ARN, from the invocation context.
 * Clusters of other accounts (discovery.accounts, discovery.organization) are listed through discovery.roleName there.
 */
import { discoveryClients } from '../aws/discovery-clients.js';
import { discoverClusters, reporterAccount } from '../run/discover-clusters.js';
import { reporterConfig, reportsBucket, runLog } from './environment.js';
import { instrumentHandler } from './instrument.js';
import { discoverMetrics } from './run-metrics.js';
import { traced } from './telemetry.js';

const clients = discoveryClients({ roleSessionName: 'eks-compliance-discover', wrap: traced });

/** The partition from the function ARN (arn:PARTITION:lambda:…), for the role ARNs discovery builds. */
function partitionOf(context: unknown): string {
  const arn = (context as { invokedFunctionArn?: unknown } | null | undefined)?.invokedFunctionArn;
  return typeof arn === 'string' && arn.startsWith('arn:') ? arn.split(':')[1] : 'aws';
}

export const handler = instrumentHandler((event, context) => {
  const e = (event ?? {}) as { runId?: string; startedAt?: string };
  return discoverClusters(
    { runId: e.runId as string, startedAt: e.startedAt },
    {
      config: reporterConfig(),
      bucket: reportsBucket(),
      eksClient: clients.eksClient,
      organizationAccounts: clients.organizationAccounts,
      partition: partitionOf(context),
      account: reporterAccount(context),
      log: runLog,
    },
  );
}, discoverMetrics);
