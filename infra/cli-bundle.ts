/**
 * The installable CLI: `npm run build` bundles functions/cli/main.ts with esbuild into dist/, which `npm pack`
 * ships and package.json's `bin` points at (dist/eks-compliance.js). Node runs it as it is: no tsx, no TypeScript,
 * no node_modules (every dependency is inside), from any folder.
 *
 * The entry is one ESM file; what only some commands need (the AWS SDK clients, the Kubernetes client, pdfkit,
 * handlebars and the renderers, the demo) is split into chunks beside it that load when a command imports them. One
 * file holding everything is 4.7 MB of JavaScript that Node must read and compile before printing `--help` (about
 * 1 s); the entry and what it imports are about 0.25 MB.
 *
 * The files the code reads at run time are copied beside the chunks, laid out as in the report Lambda's asset
 * (infra/constructs/lambda-bundle.ts: templates/, fonts/, data/ for pdfkit's colour profile), plus demo/.
 */
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { bundleDefines, copyReportAssets } from './constructs/lambda-bundle.js';

/** The entry file's name in the output folder (package.json `bin`). */
export const CLI_ENTRY_FILE = 'eks-compliance.js';

/** Lets bundled CommonJS code call require() from an ESM chunk; named so it clashes with no bundled identifier. */
const REQUIRE_SHIM =
  "import { createRequire as __cliCreateRequire } from 'node:module'; const require = __cliCreateRequire(import.meta.url);";

/** esbuild options for the CLI bundle into `outDir`. */
export function cliBuildOptions(repoRoot: string, outDir: string): BuildOptions {
  return {
    entryPoints: { 'eks-compliance': join(repoRoot, 'functions/cli/main.ts') },
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    // package.json's engines: Node 20.19 or newer.
    target: 'node20.19',
    minify: true,
    mainFields: ['module', 'main'],
    // Chunks lie beside the entry: pdfkit and functions/asset-dir.ts find their files relative to the chunk's URL.
    chunkNames: 'chunk-[hash]',
    banner: { js: REQUIRE_SHIM },
    define: { ...bundleDefines(repoRoot), 'process.env.EKS_COMPLIANCE_ASSETS_BESIDE_CODE': '"true"' },
    // The licenses go into THIRD-PARTY-NOTICES.txt whole, from each bundled package's own license file.
    legalComments: 'none',
    logLevel: 'error',
  };
}

/** One bundled package, for the notices file. */
interface BundledPackage {
  name: string;
  version: string;
  license: string;
  text: string | undefined;
}

/** The packages whose code went into the bundle, from esbuild's metafile: `node_modules/<name>/…` inputs. */
async function bundledPackages(repoRoot: string, inputs: readonly string[]): Promise<BundledPackage[]> {
  const dirs = new Set<string>();
  for (const input of inputs) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) dirs.add(m[1]);
  }
  const out: BundledPackage[] = [];
  for (const dir of [...dirs].sort()) {
    const pkg = JSON.parse(await readFile(join(repoRoot, dir, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      license?: string;
    };
    const licenseFile = (await readdir(join(repoRoot, dir))).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    out.push({
      name: pkg.name,
      version: pkg.version,
      license: pkg.license ?? 'see its package',
      text: licenseFile ? await readFile(join(repoRoot, dir, licenseFile), 'utf8') : undefined,
    });
  }
  return out;
}

/**
 * THIRD-PARTY-NOTICES.txt: each bundled package's name, version and license, and every distinct license text once,
 * after the packages it covers (the AWS SDK's dozens of packages share one).
 */
function noticesText(packages: readonly BundledPackage[]): string {
  const byText = new Map<string, BundledPackage[]>();
  for (const p of packages) {
    const key = p.text?.trim() ?? '(no license file in the package)';
    byText.set(key, [...(byText.get(key) ?? []), p]);
  }
  const head =
    'eks-compliance-reporter bundles the following packages into dist/. Each is distributed under its own license, ' +
    'reproduced below after the packages it covers.\n';
  const parts = [...byText].map(
    ([text, group]) =>
      `${'='.repeat(78)}\n${group.map((p) => `${p.name} ${p.version} (${p.license})`).join('\n')}\n\n${text}\n`,
  );
  return [head, ...parts].join('\n');
}

/** The notices file's name in the output folder. */
export const NOTICES_FILE = 'THIRD-PARTY-NOTICES.txt';

/**
 * Builds the CLI into `outDir` (emptied first), copies its run-time files beside it and writes the notices of the
 * bundled packages. Returns the entry's path.
 */
export async function buildCli(repoRoot: string, outDir: string): Promise<BuiltCli> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const result = await build({ ...cliBuildOptions(repoRoot, outDir), metafile: true });
  await copyReportAssets(repoRoot, outDir);
  await cp(join(repoRoot, 'functions/demo/data'), join(outDir, 'demo'), { recursive: true });
  const packages = await bundledPackages(repoRoot, Object.keys(result.metafile.inputs));
  await writeFile(join(outDir, NOTICES_FILE), noticesText(packages));
  return { entry: join(outDir, CLI_ENTRY_FILE), metafile: result.metafile };
}

export interface BuiltCli {
  /** The entry file's path. */
  entry: string;
  /** esbuild's account of the build: which source went into which output, and what imports what. */
  metafile: Metafile;
}

/**
 * The source files a plain start of the CLI loads: those of the entry and of every chunk it imports statically,
 * transitively. Chunks reached only by import() are left out: they load when a command needs them.
 */
export function eagerInputs(metafile: Metafile, outDir: string): string[] {
  const outputs = metafile.outputs;
  const key = (file: string) => Object.keys(outputs).find((o) => resolve(o) === resolve(outDir, file));
  const seen = new Set<string>();
  const queue = [key(CLI_ENTRY_FILE)];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    if (seen.has(next)) continue;
    seen.add(next);
    for (const i of outputs[next]?.imports ?? []) {
      if (i.kind === 'import-statement' && !i.external) queue.push(key(relative(outDir, i.path)) ?? i.path);
    }
  }
  return [...seen].flatMap((o) => Object.keys(outputs[o]?.inputs ?? {})).sort();
}

/** The JavaScript files of a built CLI: the entry and its chunks. */
export async function cliScripts(outDir: string): Promise<string[]> {
  return (await readdir(outDir)).filter((f) => f.endsWith('.js')).sort();
}
