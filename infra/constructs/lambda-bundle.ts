/**
 * How a handler is bundled and what is copied beside it, shared by the CDK construct (reporter-function.ts), the
 * bundle-size benchmark and the end-to-end test's bundler so all three build the same asset. No CDK imports here:
 * the benchmark and the tests load this without aws-cdk-lib.
 */
import { readFileSync } from 'node:fs';
import { copyFile, cp, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Lets bundled CommonJS code call require() from an ESM bundle. */
export const LAMBDA_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * The service clients left to the nodejs22.x runtime, which ships them (they are most of the size: EC2 alone is
 * 850 KB). Named one by one, so a client added later is bundled unless someone decides otherwise. Every API the
 * functions call through these is years older than the runtime's SDK; a bundle imports an external's exports by
 * name, and a name the runtime's older copy lacks would fail the whole function at load, before any handler ran.
 *
 * The EKS client is bundled: the scan calls APIs newer than some runtime SDKs (DescribeClusterVersions and its
 * paginator, from late 2024; access entries and Pod Identity, from late 2023). Helpers that a runtime is less sure
 * to carry (credential providers, the presigner, util-format-url) stay bundled, as do @smithy/* and @aws-crypto/*:
 * the EKS token signer imports them directly, and pinning them keeps the signer independent of the runtime's SDK.
 */
export const SDK_EXTERNALS = [
  '@aws-sdk/client-cloudwatch-logs',
  '@aws-sdk/client-ec2',
  '@aws-sdk/client-ecr',
  '@aws-sdk/client-guardduty',
  '@aws-sdk/client-iam',
  '@aws-sdk/client-inspector2',
  '@aws-sdk/client-kms',
  '@aws-sdk/client-organizations',
  '@aws-sdk/client-s3',
  '@aws-sdk/client-sts',
];

/**
 * APIs of the SDK clients newer than the nodejs22.x runtime's SDK (its version lags package-lock.json's): no bundle
 * may import them from the runtime. test/infra/runtime-sdk.test.ts loads every bundle against a runtime SDK without
 * them.
 */
export const NEWER_THAN_RUNTIME_SDK: Readonly<Record<string, readonly string[]>> = {
  '@aws-sdk/client-eks': [
    'DescribeClusterVersionsCommand',
    'paginateDescribeClusterVersions',
    'ListPodIdentityAssociationsCommand',
    'paginateListPodIdentityAssociations',
  ],
  // Attachments in Simple content (the fleet PDF): an older serializer drops the field without an error.
  '@aws-sdk/client-sesv2': ['SendEmailCommand'],
};

/**
 * The render and report bundles take these from the runtime. The report bundles its SES v2 client rather than take
 * the runtime's: attachments in Simple content (the fleet PDF) are newer than some runtime SDKs, whose serializer would drop the unknown field without an error, and the
 * email would claim an attachment it does not have. Its other clients (S3, KMS, Security Hub's BatchImportFindings,
 * EventBridge's PutEvents) are old, stable APIs.
 */
const REPORT_SDK_EXTERNALS = [
  '@aws-sdk/client-s3',
  '@aws-sdk/client-kms',
  '@aws-sdk/client-securityhub',
  '@aws-sdk/client-eventbridge',
];

/** The modules a handler leaves to the Lambda runtime. */
export function sdkExternals(handler: HandlerName): string[] {
  const externals = needsReportAssets(handler) ? REPORT_SDK_EXTERNALS : SDK_EXTERNALS;
  return externals.filter((m) => !(m in NEWER_THAN_RUNTIME_SDK));
}

/** Files the report code reads from disk at run time, repo-relative → asset-relative. */
export const REPORT_ASSET_FILES: ReadonlyArray<{ from: string; to: string }> = [
  { from: 'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf', to: 'fonts/DejaVuSans.ttf' },
  { from: 'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf', to: 'fonts/DejaVuSans-Bold.ttf' },
  { from: 'node_modules/dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf', to: 'fonts/DejaVuSansMono.ttf' },
  { from: 'node_modules/pdfkit/js/data/sRGB_IEC61966_2_1.icc', to: 'data/sRGB_IEC61966_2_1.icc' },
  { from: 'schema/results.schema.json', to: 'results.schema.json' },
];
/** Directories copied whole, repo-relative → asset-relative. */
export const REPORT_ASSET_DIRS: ReadonlyArray<{ from: string; to: string }> = [{ from: 'templates', to: 'templates' }];

/**
 * The render function (one cluster's reports, the Map item's second step): the scan function's memory, which the
 * render of a 100,000-pod cluster with 12 weeks of history fits (`render-100k-pods-peak-rss`), and its timeout.
 */
export const RENDER_MEMORY_MB = 2048;
export const RENDER_TIMEOUT_MINUTES = 10;

/**
 * The discover function: its memory, and its timeout with and without other accounts to list (discovery.accounts,
 * discovery.organization); `discover-organization` measures 1,000 accounts against both.
 */
export const DISCOVER_MEMORY_MB = 256;
export const DISCOVER_TIMEOUT_MINUTES = { ownAccount: 2, otherAccounts: 10 } as const;

export type HandlerName = 'discover' | 'scan' | 'render' | 'report' | 'links';

/**
 * Only render (each cluster's reports) and report (the fleet report and the email) render: templates, PDF fonts, the
 * PDF/A colour profile. Discover, scan and links read nothing from disk.
 */
export function needsReportAssets(handler: HandlerName): boolean {
  return handler === 'render' || handler === 'report';
}

/** Copies the report's run-time files from the repo into an asset folder (what the construct's shell commands do). */
export async function copyReportAssets(repoRoot: string, assetDir: string): Promise<void> {
  for (const d of REPORT_ASSET_DIRS) await cp(join(repoRoot, d.from), join(assetDir, d.to), { recursive: true });
  for (const f of REPORT_ASSET_FILES) {
    await mkdir(dirname(join(assetDir, f.to)), { recursive: true });
    await copyFile(join(repoRoot, f.from), join(assetDir, f.to));
  }
}

/**
 * The config travels in the asset, beside index.mjs, not in an environment variable: Lambda caps all variables of a
 * function at 4 KB together, which a few dozen clusters or waivers exceed. A config change still changes the asset
 * (its hash is taken from the output), so `cdk deploy` updates the functions.
 */
export const CONFIG_ASSET_FILE = 'reporter-config.json';

/** Writes the config where the handlers read it (functions/handlers/environment.ts). */
export async function writeConfigAsset(configJson: string, assetDir: string): Promise<void> {
  await writeFile(join(assetDir, CONFIG_ASSET_FILE), configJson);
}

/**
 * esbuild `define`s for every bundle: the tool version, which the code otherwise reads from package.json, a file
 * that is not in the asset (results.json and the reports would say 0.0.0).
 */
export function bundleDefines(repoRoot: string): Record<string, string> {
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  return { 'process.env.EKS_COMPLIANCE_VERSION': JSON.stringify(version) };
}
