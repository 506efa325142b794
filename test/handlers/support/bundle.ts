/**
 * Builds the three handlers the way infra/constructs/reporter-function.ts has NodejsFunction build them (ESM,
 * platform node, minified, the createRequire banner, module-first main fields, @aws-sdk/* left to the runtime),
 * and lays each out like its Lambda asset: index.mjs, plus templates/, fonts/, data/ (pdfkit's ICC profile) and
 * results.schema.json for the report. The target is node20 because the tests run on Node 20; the deployed bundle
 * targets node22.
 *
 * The Lambda runtime provides @aws-sdk/*; here Node must find it in the repo's node_modules, and ESM resolution
 * only looks in the ancestors of the importing file (no NODE_PATH). So the bundles go under
 * node_modules/.cache/e2e-bundles inside the repo, never under the system temp folder.
 */
import { mkdir, mkdtemp, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import {
  bundleDefines,
  copyReportAssets,
  type HandlerName,
  LAMBDA_BANNER,
  needsReportAssets,
  sdkExternals,
} from '../../../infra/constructs/lambda-bundle.js';

export type { HandlerName };
export const HANDLERS: readonly HandlerName[] = ['discover', 'scan', 'render', 'report', 'links'];

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** A fresh folder for bundles from which `import '@aws-sdk/…'` resolves to the repo's node_modules. */
export async function makeBundleDir(prefix: string): Promise<string> {
  const parent = join(repoRoot, 'node_modules', '.cache', 'e2e-bundles');
  await mkdir(parent, { recursive: true });
  return mkdtemp(join(parent, `${prefix}-`));
}

export interface HandlerBundle {
  dir: string;
  /** index.mjs alone. */
  bytes: number;
}

/** Returns each handler's asset folder and the size of its bundle in bytes. */
export async function bundleHandlers(outDir: string): Promise<Record<HandlerName, HandlerBundle>> {
  // One build per handler: each leaves its own set of SDK clients to the runtime (sdkExternals).
  await Promise.all(
    HANDLERS.map((h) =>
      build({
        entryPoints: [join(repoRoot, 'functions/handlers', `${h}.ts`)],
        outfile: join(outDir, h, 'index.mjs'),
        bundle: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        minify: true,
        mainFields: ['module', 'main'],
        external: sdkExternals(h),
        banner: { js: LAMBDA_BANNER },
        define: bundleDefines(repoRoot),
        logLevel: 'error',
      }),
    ),
  );
  const out = {} as Record<HandlerName, HandlerBundle>;
  for (const h of HANDLERS) {
    const dir = join(outDir, h);
    if (needsReportAssets(h)) await copyReportAssets(repoRoot, dir);
    out[h] = { dir, bytes: (await stat(join(dir, 'index.mjs'))).size };
  }
  return out;
}
