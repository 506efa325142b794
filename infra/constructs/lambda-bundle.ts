/**
 * How a handler is bundled and what is copied beside it, shared by the CDK construct (reporter-function.ts), the
 * bundle-size benchmark and the end-to-end test's bundler so all three build the same asset. No CDK imports here:
 * the benchmark and the tests load this without aws-cdk-lib.
 */
import { copyFile, cp, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Lets bundled CommonJS code call require() from an ESM bundle. */
export const LAMBDA_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * Only the service clients are left to the nodejs22.x runtime, which ships them (they are most of the size: EC2
 * alone is 850 KB). Helpers that a runtime is less sure to carry (credential providers, the presigner,
 * util-format-url) stay bundled, as do @smithy/* and @aws-crypto/*: the EKS token signer imports them directly, and
 * pinning them keeps the signer independent of the runtime's SDK version.
 */
export const SDK_EXTERNALS = ['@aws-sdk/client-*'];

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

export type HandlerName = 'discover' | 'scan' | 'report' | 'links';

/**
 * Only the report renders (templates, PDF fonts, the PDF/A colour profile); discover, scan and links read nothing
 * from disk.
 */
export function needsReportAssets(handler: HandlerName): boolean {
  return handler === 'report';
}

/** Copies the report's run-time files from the repo into an asset folder (what the construct's shell commands do). */
export async function copyReportAssets(repoRoot: string, assetDir: string): Promise<void> {
  for (const d of REPORT_ASSET_DIRS) await cp(join(repoRoot, d.from), join(assetDir, d.to), { recursive: true });
  for (const f of REPORT_ASSET_FILES) {
    await mkdir(dirname(join(assetDir, f.to)), { recursive: true });
    await copyFile(join(repoRoot, f.from), join(assetDir, f.to));
  }
}
