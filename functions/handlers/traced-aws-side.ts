/**
 * The scan's AWS-side collectors with X-Ray-captured SDK clients: functions/run/aws-side.ts's collectAwsWithSdk,
 * with each client wrapped so its calls show up by service and operation in the trace.
 */
import { createAwsClients, destroyAwsClients } from '../aws/clients.js';
import { collectAwsSide } from '../aws/collect.js';
import type { CollectAws } from '../run/aws-side.js';
import { traced } from './telemetry.js';

export const collectAwsTraced: CollectAws = async (input) => {
  const clients = createAwsClients({ region: input.region, credentials: input.credentials });
  for (const client of Object.values(clients)) traced(client);
  try {
    return await collectAwsSide({
      clusterName: input.clusterName,
      region: input.region,
      clients,
      imageUris: input.imageUris,
      instanceIds: input.instanceIds,
    });
  } finally {
    destroyAwsClients(clients);
  }
};
