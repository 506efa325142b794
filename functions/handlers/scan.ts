/**
 * Lambda entry point: Scan one cluster. Event {cluster, runId}, one item of the Distributed Map. Returns normally
 * when the cluster cannot be scanned (the failure is recorded in the bucket); throws only when the bucket cannot be
 * written, and the state machine then records the failure.
 */
import { collectAwsWithSdk } from '../run/aws-side.js';
import { parseScanEvent, type ScanOutcome, scanCluster } from '../run/scan-cluster.js';
import { logger, reporterConfig, reportsBucket, runLog, withContext } from './environment.js';

export const handler = async (event: unknown, context?: unknown): Promise<ScanOutcome> => {
  withContext(context);
  const scan = parseScanEvent(event);
  logger.appendKeys({ runId: scan.runId, cluster: `${scan.cluster.region}/${scan.cluster.name}` });
  return scanCluster(scan, {
    config: reporterConfig(),
    bucket: reportsBucket(),
    collectAws: collectAwsWithSdk,
    log: runLog,
  });
};
