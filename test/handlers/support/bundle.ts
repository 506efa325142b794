/**
 * Builds the three handlers the way infra/constructs/reporter-function.ts has NodejsFunction build them (ESM,
 * platform node, minified, the createRequire banner, module-first main fields), and lays each out like the Lambda
 * asset: index.mjs with templates/, fonts/, data/ (pdfkit's ICC profile) and results.schema.json beside it.
 * The target is node20 because the tests run on Node 20; the deployed bundle targets node22.
 */
import { copyFile, cp, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const HANDLERS = ['discover', 'scan', 'report'] as const;
export type HandlerName = (typeof HANDLERS)[number];

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSansMono.ttf'];

/** Returns each handler's asset folder and the size of its bundle in bytes. */
export async function bundleHandlers(outDir: string): Promise<Record<HandlerName, { dir: string; bytes: number }>> {
  await build({
    entryPoints: Object.fromEntries(HANDLERS.map((h) => [h, join(repoRoot, 'functions/handlers', `${h}.ts`)])),
    entryNames: '[name]/index',
    outExtension: { '.js': '.mjs' },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
    logLevel: 'error',
  });
  // The same paths the CDK construct copies from.
  const fontDir = join(repoRoot, 'node_modules/dejavu-fonts-ttf/ttf');
  const icc = join(repoRoot, 'node_modules/pdfkit/js/data/sRGB_IEC61966_2_1.icc');
  const out = {} as Record<HandlerName, { dir: string; bytes: number }>;
  for (const h of HANDLERS) {
    const dir = join(outDir, h);
    await cp(join(repoRoot, 'templates'), join(dir, 'templates'), { recursive: true });
    await mkdir(join(dir, 'fonts'), { recursive: true });
    await mkdir(join(dir, 'data'), { recursive: true });
    for (const f of FONT_FILES) await copyFile(join(fontDir, f), join(dir, 'fonts', f));
    await copyFile(icc, join(dir, 'data', 'sRGB_IEC61966_2_1.icc'));
    await copyFile(join(repoRoot, 'schema/results.schema.json'), join(dir, 'results.schema.json'));
    out[h] = { dir, bytes: (await stat(join(dir, 'index.mjs'))).size };
  }
  return out;
}
