/**
 * Lambda entry point: Scan one cluster. Event {cluster, runId}, one item of the Distributed Map. Returns normally
 * when the cluster cannot be scanned (the failure is recorded in the bucket and counted as ClusterScansFailed);
 * throws only when the bucket cannot be written, and the state machine then records the failure.
 */
import { clusterLabel } from '../run/layout.js';
import { parseScanEvent, scanCluster } from '../run/scan-cluster.js';
import { logger, reporterConfig, reportsBucket, runLog } from './environment.js';
import { instrumentHandler } from './instrument.js';
import { scanMetrics } from './run-metrics.js';
import { collectAwsTraced } from './traced-aws-side.js';

export const handler = instrumentHandler((event) => {
  const scan = parseScanEvent(event);
  logger.appendKeys({ runId: scan.runId, cluster: clusterLabel(scan.cluster) });
  return scanCluster(scan, {
    config: reporterConfig(),
    bucket: reportsBucket(),
    collectAws: collectAwsTraced,
    log: runLog,
  });
}, scanMetrics);
