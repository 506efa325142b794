/**
 * The handlers' Powertools metrics and tracer, one of each per process. Metrics are written as CloudWatch EMF
 * lines on stdout when the handler returns; the tracer is on only inside Lambda (AWS_EXECUTION_ENV set) and
 * turns itself off elsewhere, so tests and the CLI never need an X-Ray daemon.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { METRICS_NAMESPACE, SERVICE_NAME } from './metric-names.js';

// The service name is fixed rather than read from POWERTOOLS_SERVICE_NAME: it is a metric dimension, and the
// stack's alarms match dimensions exactly.
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
export const tracer = new Tracer({ serviceName: SERVICE_NAME });

/** An SDK v3 client whose calls become X-Ray subsegments named after the service and operation. */
export function traced<C>(client: C): C {
  return tracer.captureAWSv3Client(client);
}
