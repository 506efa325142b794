/**
 * Size of a Lambda handler's asset, built the way infra/constructs/reporter-function.ts builds it (esbuild, ESM,
 * node22, minified, the createRequire banner, the version define, source map, the AWS service clients left to the
 * runtime as sdkExternals says, the report's fonts, templates and ICC profile copied beside it), into a temporary
 * folder.
 *
 * Issue 7's budgets: scan ≤ 3 MB (its asset is the JS alone), report ≤ 6 MB with fonts (the whole asset folder).
 * The report's rendering has since moved, per cluster, into the Render function, whose asset ships the same fonts,
 * templates and PDF code: it is held to the report's budget.
 * The source map ships too (the functions run with --enable-source-maps) but is left out of the judged size: it is
 * read only when a stack trace is printed. It is reported in the notes.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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
} from '../../infra/constructs/lambda-bundle.js';
import type { Benchmark } from './types.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const MB = 1024 * 1024;

export { LAMBDA_BANNER };

export interface AssetSize {
  /** index.mjs. */
  js: number;
  /** index.mjs.map. */
  sourceMap: number;
  /** Every file of the asset except the source map: what the budget judges for the report. */
  folder: number;
}

async function folderBytes(dir: string, skip: (name: string) => boolean): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || skip(entry.name)) continue;
    total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

/** Builds `functions/handlers/<handler>.ts` into an asset folder like the stack's and measures it. */
export async function assetSize(handler: HandlerName): Promise<AssetSize> {
  const outdir = await mkdtemp(join(tmpdir(), `bench-bundle-${handler}-`));
  try {
    const outfile = join(outdir, 'index.mjs');
    await build({
      entryPoints: [join(repoRoot, 'functions', 'handlers', `${handler}.ts`)],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      minify: true,
      sourcemap: true,
      mainFields: ['module', 'main'],
      external: sdkExternals(handler),
      banner: { js: LAMBDA_BANNER },
      define: bundleDefines(repoRoot),
      logLevel: 'silent',
    });
    if (needsReportAssets(handler)) await copyReportAssets(repoRoot, outdir);
    return {
      js: (await stat(outfile)).size,
      sourceMap: (await stat(`${outfile}.map`)).size,
      folder: await folderBytes(outdir, (name) => name.endsWith('.map')),
    };
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

/** Kept for callers that want the JS alone. */
export async function bundledSize(handler: HandlerName): Promise<number> {
  return (await assetSize(handler)).js;
}

const mib = (bytes: number) => (bytes / MB).toFixed(2);

/**
 * `judge`: 'js' for the scan (the budget is the code), 'folder' for render and report (the budget includes the
 * fonts).
 * The value is in KiB of what is judged; MB in the targets means MiB.
 */
export function bundleBenchmark(handler: HandlerName, limitMiB: number, judge: 'js' | 'folder'): Benchmark {
  return {
    id: `bundle-${handler}`,
    description:
      judge === 'js'
        ? `Minified ESM bundle of functions/handlers/${handler}.ts, as CDK builds it (AWS SDK from the runtime)`
        : `Asset folder of functions/handlers/${handler}.ts as CDK builds it: JS + fonts + templates + ICC`,
    async run() {
      const size = await assetSize(handler);
      const judged = judge === 'js' ? size.js : size.folder;
      return {
        value: Math.round((judged / 1024) * 10) / 10,
        unit: 'KiB',
        baseline: null,
        ratio: null,
        target: `≤ ${limitMiB} MiB (${judge === 'js' ? 'JS' : 'asset folder'})`,
        // Size does not depend on --quick, so the target is judged in every run.
        met: judged <= limitMiB * MB,
        notes:
          `judged: ${judge === 'js' ? 'JS file' : 'asset folder without the source map'}; ` +
          `JS ${mib(size.js)} MiB, folder ${mib(size.folder)} MiB, source map ${mib(size.sourceMap)} MiB ` +
          `(shipped, not judged); from the Lambda runtime: ${sdkExternals(handler).join(', ')}`,
      };
    },
  };
}
