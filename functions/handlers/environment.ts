/**
 * What every handler reads from its environment (set by infra/constructs/reporter-function.ts): the bucket, the
 * validated config, and custom endpoints. AWS_ENDPOINT_URL_<SERVICE> is read by the SDK itself; an S3 endpoint
 * override (an emulator) is also addressed path-style, which virtual-hosted bucket names on 127.0.0.1 cannot be.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { S3Client } from '@aws-sdk/client-s3';
import { parseConfig } from '../config/load.js';
import { configSchema } from '../config/schema.js';
import type { ReporterConfig } from '../config/types.js';
import type { LinkLimits } from '../links/link-token.js';
import type { Bucket } from '../publish/s3-bucket.js';
import type { RunLog } from '../run/log.js';
import { SERVICE_NAME } from './metric-names.js';
import { traced } from './telemetry.js';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? SERVICE_NAME });

/** The run functions' log, written as Powertools JSON lines. */
export const runLog: RunLog = {
  info: (message, extra) => logger.info(message, extra ?? {}),
  warn: (message, extra) => logger.warn(message, extra ?? {}),
  error: (message, extra) => logger.error(message, extra ?? {}),
};

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

let config: ReporterConfig | undefined;

/**
 * The config: REPORTER_CONFIG when set (local runs, tests), otherwise reporter-config.json in the asset, where the
 * stack puts it (Lambda caps environment variables at 4 KB). JSON is YAML, so the one validator checks either and
 * applies defaults.
 */
export function reporterConfig(): ReporterConfig {
  if (config) return config;
  const inline = process.env.REPORTER_CONFIG;
  if (inline) {
    config = parseConfig(inline, 'REPORTER_CONFIG');
    return config;
  }
  const file = join(process.env.EKS_COMPLIANCE_ASSET_DIR || '/var/task', 'reporter-config.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`no config: REPORTER_CONFIG is not set and ${file} cannot be read`);
  }
  config = parseConfig(text, file);
  return config;
}

export function s3Endpoint(): string | undefined {
  return process.env.AWS_ENDPOINT_URL_S3 || undefined;
}

let bucket: Bucket | undefined;

export function reportsBucket(): Bucket {
  bucket ??= {
    client: traced(new S3Client({ forcePathStyle: s3Endpoint() !== undefined })),
    name: required('REPORTS_BUCKET'),
  };
  return bucket;
}

/**
 * The link function the stack deployed for report links (config report.links: redirect): its URL and the KMS HMAC
 * key that signs the links. Unset with report.links: presigned.
 */
export function linkFunction(): { url: string; keyId: string } | undefined {
  const url = process.env.REPORT_LINKS_URL;
  if (!url) return undefined;
  return { url, keyId: required('REPORT_LINK_KEY') };
}

/** The longest lifetime the config allows a link (the schema's maximum of report.linkExpiryDays). */
const MAX_LINK_DAYS = configSchema.properties.report.properties.linkExpiryDays.maximum;

/**
 * The links function's limits: REPORT_LINK_EXPIRY_DAYS, the stack's report.linkExpiryDays (the function gets no
 * config file). Unset, the longest any config allows.
 */
export function linkLimits(): LinkLimits {
  const value = process.env.REPORT_LINK_EXPIRY_DAYS;
  if (value === undefined || value === '') return { maxLifetimeDays: MAX_LINK_DAYS };
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > MAX_LINK_DAYS) {
    throw new Error(`REPORT_LINK_EXPIRY_DAYS must be a whole number of days from 1 to ${MAX_LINK_DAYS}, not ${value}`);
  }
  return { maxLifetimeDays: days };
}

/** The KMS key (ECC_NIST_P256, SIGN_VERIFY) the Report function signs manifests with; unset: unsigned manifests. */
export function manifestSigningKey(): string | undefined {
  return process.env.MANIFEST_SIGNING_KEY || undefined;
}

/** The KMS HMAC key the link function verifies links with. */
export function linkKeyId(): string {
  return required('REPORT_LINK_KEY');
}

/** Adds the invocation's request id and function name to every log line, when the runtime gave a context. */
export function withContext(context: unknown): void {
  if (context && typeof context === 'object' && 'awsRequestId' in context) {
    logger.addContext(context as Parameters<Logger['addContext']>[0]);
  }
}
