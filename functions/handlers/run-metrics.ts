/**
 * What each step of a run counts, as metric points derived from the step's result. Pure, so the numbers are
 * tested without a Lambda; functions/handlers/instrument.ts publishes them.
 */
import type { DeliverResult } from '../run/deliver-reports.js';
import type { DiscoverResult } from '../run/discover-clusters.js';
import type { RenderOutcome } from '../run/render-cluster.js';
import type { ScanOutcome } from '../run/scan-cluster.js';
import { METRIC, type MetricName } from './metric-names.js';

export interface MetricPoint {
  name: MetricName;
  /** A count. */
  value: number;
}

export function discoverMetrics(result: DiscoverResult): MetricPoint[] {
  return [{ name: METRIC.clustersDiscovered, value: result.count }];
}

/**
 * Both counters on every scan, 0 or 1, so each has a data point per cluster. A cluster that cannot be scanned
 * returns normally (the Map goes on), so ClusterScansFailed, not the function's Errors, is what says so.
 */
export function scanMetrics(outcome: ScanOutcome): MetricPoint[] {
  const failed = outcome.status === 'failed' ? 1 : 0;
  return [
    { name: METRIC.clustersScanned, value: 1 - failed },
    { name: METRIC.clusterScansFailed, value: failed },
  ];
}

/**
 * One point per rendered or failed cluster (none for a cluster the scan could not read: ClusterScansFailed counted
 * it). A render that fails returns normally, so this, not the function's Errors, is what says so.
 */
export function renderMetrics(outcome: RenderOutcome): MetricPoint[] {
  if (outcome.status === 'skipped') return [];
  return [{ name: METRIC.clusterRendersFailed, value: outcome.status === 'failed' ? 1 : 0 }];
}

/** ReportsDelivered counts the clusters whose reports the run delivered; EmailsSent is 0 on a retry that found the email sent. */
export function deliverMetrics(result: DeliverResult): MetricPoint[] {
  return [
    { name: METRIC.reportsDelivered, value: result.scanned },
    { name: METRIC.emailsSent, value: result.email === 'sent' ? 1 : 0 },
  ];
}
