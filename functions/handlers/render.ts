/**
 * Lambda entry point: Render one cluster's reports, the second step of a Distributed Map item (after Scan). Event
 * {cluster, runId, …}. Returns normally when the reports cannot be rendered (the reason is recorded in the bucket
 * for the Report step); throws only when the bucket cannot be written, and the state machine then records it.
 */
import { KMSClient } from '@aws-sdk/client-kms';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { Signer } from '../integrity/keys.js';
import { kmsSigner } from '../integrity/kms.js';
import { clusterLabel, parseItemEvent } from '../run/layout.js';
import { renderCluster } from '../run/render-cluster.js';
import { emailLinks } from './email-links.js';
import { logger, manifestSigningKey, reporterConfig, reportsBucket, runLog } from './environment.js';
import { instrumentHandler } from './instrument.js';
import { renderMetrics } from './run-metrics.js';
import { traced } from './telemetry.js';

let kms: KMSClient | undefined;
let securityHub: SecurityHubClient | undefined;
/** Read once per container: the public key does not change. */
let signer: Promise<Signer> | undefined;

function kmsClient(): KMSClient {
  kms ??= traced(new KMSClient({}));
  return kms;
}

function manifestSigner(): Promise<Signer> | undefined {
  const keyId = manifestSigningKey();
  if (!keyId) return undefined;
  signer ??= kmsSigner(kmsClient(), keyId).catch((err: unknown) => {
    signer = undefined;
    throw err;
  });
  return signer;
}

/**
 * The Security Hub the findings go to: this function's own account, region and partition, read from its ARN in the
 * invocation context. Its product ARN is the one the stack lets the role import to.
 */
export function importTarget(context: unknown): { partition: string; region: string; accountId: string } {
  const arn = (context as { invokedFunctionArn?: unknown } | null | undefined)?.invokedFunctionArn;
  const m = typeof arn === 'string' ? /^arn:([^:]+):lambda:([^:]+):(\d{12}):/.exec(arn) : null;
  if (!m) throw new Error(`cannot tell the Security Hub to import to: no function ARN in the context (${String(arn)})`);
  return { partition: m[1], region: m[2], accountId: m[3] };
}

export const handler = instrumentHandler(async (event, context) => {
  const item = parseItemEvent(event);
  logger.appendKeys({ runId: item.runId, cluster: clusterLabel(item.cluster) });
  const bucket = reportsBucket();
  const config = reporterConfig();
  if (config.securityHub) securityHub ??= traced(new SecurityHubClient({}));
  return renderCluster(item, {
    config,
    bucket,
    signer: await manifestSigner(),
    log: runLog,
    ...(securityHub
      ? { securityHub: { client: securityHub, importTo: importTarget(context), links: emailLinks(bucket, kmsClient) } }
      : {}),
  });
}, renderMetrics);
