/**
 * The scan's AWS-side collectors with X-Ray-captured SDK clients, so each call shows up by service and operation
 * in the trace.
 */
import { type CollectAws, sdkAwsCollector } from '../run/aws-side.js';
import { traced } from './telemetry.js';

export const collectAwsTraced: CollectAws = sdkAwsCollector((client) => traced(client));
