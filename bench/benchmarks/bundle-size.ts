/**
 * Bundle size of a Lambda handler, built the way infra/constructs/reporter-function.ts builds it (esbuild, ESM,
 * node22, minified, the createRequire banner, AWS SDK bundled), into a temporary folder.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Benchmark } from './types.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Same banner as the construct: lets bundled CommonJS code call require() from an ESM bundle. */
export const LAMBDA_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** Builds `functions/handlers/<handler>.ts` and returns the size of the JS file in bytes (source map excluded). */
export async function bundledSize(handler: string): Promise<number> {
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
      banner: { js: LAMBDA_BANNER },
      logLevel: 'silent',
    });
    return (await stat(outfile)).size;
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

export function bundleBenchmark(handler: 'scan' | 'report', limitMiB: number): Benchmark {
  return {
    id: `bundle-${handler}`,
    description: `Minified ESM bundle of functions/handlers/${handler}.ts, as CDK builds it`,
    async run() {
      const bytes = await bundledSize(handler);
      const kib = Math.round((bytes / 1024) * 10) / 10;
      return {
        value: kib,
        unit: 'KiB',
        baseline: null,
        ratio: null,
        target: `≤ ${limitMiB} MiB`,
        // Size does not depend on --quick, so the target is judged in every run.
        met: bytes <= limitMiB * 1024 * 1024,
        notes: 'JS file only (source map excluded)',
      };
    },
  };
}
