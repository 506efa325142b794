/**
 * Lambda entry point: Discover. Event {runId, startedAt} from the state machine; result lands at $.discovery. The
 * reporter's own account (of discovered clusters) is the one in the function's ARN, from the invocation context.
 */
import { EKSClient } from '@aws-sdk/client-eks';
import { discoverClusters, reporterAccount } from '../run/discover-clusters.js';
import { reporterConfig, reportsBucket, runLog } from './environment.js';
import { instrumentHandler } from './instrument.js';
import { discoverMetrics } from './run-metrics.js';
import { traced } from './telemetry.js';

const eksClients = new Map<string, EKSClient>();

function eksClient(region: string): EKSClient {
  let client = eksClients.get(region);
  if (!client) {
    client = traced(new EKSClient({ region }));
    eksClients.set(region, client);
  }
  return client;
}

export const handler = instrumentHandler((event, context) => {
  const e = (event ?? {}) as { runId?: string; startedAt?: string };
  return discoverClusters(
    { runId: e.runId as string, startedAt: e.startedAt },
    { config: reporterConfig(), bucket: reportsBucket(), eksClient, account: reporterAccount(context), log: runLog },
  );
}, discoverMetrics);
