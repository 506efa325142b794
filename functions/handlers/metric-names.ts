/**
 * The names the handlers publish metrics under and the stack alarms on. Kept free of imports so the CDK app can
 * read them without loading Powertools: an alarm only fires when its namespace, name and dimensions match exactly.
 */
export const SERVICE_NAME = 'eks-compliance-reporter';
export const METRICS_NAMESPACE = 'EksComplianceReporter';

/** Powertools adds `service` as the one default dimension of every metric. */
export const METRIC_DIMENSIONS = { service: SERVICE_NAME } as const;

export const METRIC = {
  clustersDiscovered: 'ClustersDiscovered',
  clustersScanned: 'ClustersScanned',
  clusterScansFailed: 'ClusterScansFailed',
  clusterRendersFailed: 'ClusterReportsNotRendered',
  reportsDelivered: 'ReportsDelivered',
  emailsSent: 'EmailsSent',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];
