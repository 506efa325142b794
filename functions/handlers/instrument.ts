/**
 * Wraps a handler's work the way Powertools' captureLambdaHandler and logMetrics middlewares would (middy is not
 * a dependency): the invocation context on every log line, a `## <handler>` X-Ray subsegment with the cold-start
 * and service annotations, and the step's metrics flushed as one EMF line when it ends, thrown or not.
 */
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { withContext } from './environment.js';
import type { MetricPoint } from './run-metrics.js';
import { metrics as sharedMetrics, tracer as sharedTracer } from './telemetry.js';

export type LambdaHandler<R> = (event: unknown, context?: unknown) => Promise<R>;

export interface Telemetry {
  metrics: Metrics;
  tracer: Tracer;
}

/** Runs `work` inside a subsegment of the function's segment; without tracing (or a segment) it just runs it. */
export async function inSubsegment<R>(tracer: Tracer, name: string, work: () => Promise<R>): Promise<R> {
  const parent = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
  if (!parent) return work();
  const subsegment = parent.addNewSubsegment(name);
  tracer.setSegment(subsegment);
  tracer.annotateColdStart();
  tracer.addServiceNameAnnotation();
  try {
    const result = await work();
    tracer.addResponseAsMetadata(result, name);
    return result;
  } catch (err) {
    tracer.addErrorAsMetadata(err as Error);
    throw err;
  } finally {
    subsegment.close();
    tracer.setSegment(parent);
  }
}

export function instrumentHandler<R>(
  /** The step's work; `context` is the Lambda context as the runtime gave it (unchecked). */
  work: (event: unknown, context: unknown) => Promise<R>,
  measure: (result: R) => readonly MetricPoint[],
  telemetry: Telemetry = { metrics: sharedMetrics, tracer: sharedTracer },
): LambdaHandler<R> {
  const { metrics, tracer } = telemetry;
  return async (event, context) => {
    withContext(context);
    try {
      return await inSubsegment(tracer, `## ${process.env._HANDLER ?? 'handler'}`, async () => {
        const result = await work(event, context);
        for (const point of measure(result)) metrics.addMetric(point.name, MetricUnit.Count, point.value);
        return result;
      });
    } finally {
      // A step that threw recorded nothing: its failure is the function's Errors metric, not an empty EMF line.
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}
