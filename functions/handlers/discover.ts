/** Lambda entry point: Discover. Event {runId, startedAt} from the state machine; result lands at $.discovery. */
import { EKSClient } from '@aws-sdk/client-eks';
import { type DiscoverResult, discoverClusters } from '../run/discover-clusters.js';
import { reporterConfig, reportsBucket, runLog, withContext } from './environment.js';

const eksClients = new Map<string, EKSClient>();

function eksClient(region: string): EKSClient {
  let client = eksClients.get(region);
  if (!client) {
    client = new EKSClient({ region });
    eksClients.set(region, client);
  }
  return client;
}

export const handler = async (event: unknown, context?: unknown): Promise<DiscoverResult> => {
  withContext(context);
  const e = (event ?? {}) as { runId?: string; startedAt?: string };
  return discoverClusters(
    { runId: e.runId as string, startedAt: e.startedAt },
    { config: reporterConfig(), bucket: reportsBucket(), eksClient, log: runLog },
  );
};
