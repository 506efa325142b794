/**
 * The Lambda runtime's SDK lags package-lock.json's. Each handler bundle is loaded here against a stand-in for the
 * runtime's SDK: every @aws-sdk client of the project, without the APIs newer than the runtime's copy
 * (NEWER_THAN_RUNTIME_SDK). A bundle that imported one of those from the runtime would fail at load, before any
 * handler ran; bundled, it loads. The bundles are built as the stack builds them (sdkExternals).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import {
  bundleDefines,
  LAMBDA_BANNER,
  NEWER_THAN_RUNTIME_SDK,
  sdkExternals,
} from '../../infra/constructs/lambda-bundle.js';
import { HANDLERS, repoRoot } from '../handlers/support/bundle.js';

const run = promisify(execFile);

/** The project's @aws-sdk clients (package.json), which the runtime's SDK also ships, in an older version. */
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const CLIENTS = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).filter((name) =>
  name.startsWith('@aws-sdk/client-'),
);

/** node_modules/@aws-sdk/<client>: the real client's exports, less those newer than the runtime's SDK. */
async function writeRuntimeSdk(root: string): Promise<void> {
  for (const client of CLIENTS) {
    const entry = import.meta.resolve(client, pathToFileURL(join(repoRoot, 'package.json')).href);
    const newer = new Set(NEWER_THAN_RUNTIME_SDK[client] ?? []);
    const names = Object.keys(await import(client)).filter((n) => n !== 'default' && !newer.has(n));
    const dir = join(root, 'node_modules', client);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: client, type: 'module', exports: './index.js' }));
    await writeFile(join(dir, 'index.js'), `export { ${names.join(', ')} } from ${JSON.stringify(entry)};\n`);
  }
}

async function bundle(handler: (typeof HANDLERS)[number], outDir: string, external: string[]): Promise<string> {
  const outfile = join(outDir, handler, 'index.mjs');
  await build({
    entryPoints: [join(repoRoot, 'functions/handlers', `${handler}.ts`)],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    mainFields: ['module', 'main'],
    external,
    banner: { js: LAMBDA_BANNER },
    define: bundleDefines(repoRoot),
    logLevel: 'silent',
  });
  return outfile;
}

/** Imports the bundle in a fresh Node process, as the runtime does at a cold start; the error, if any. */
async function load(file: string): Promise<string | undefined> {
  try {
    await run(
      process.execPath,
      ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(file).href)});`],
      {
        env: { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-west-1' },
        timeout: 60_000,
      },
    );
    return undefined;
  } catch (err) {
    return String((err as { stderr?: string }).stderr ?? err);
  }
}

describe('each bundle loads with only the runtime SDK present', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'eks-compliance-runtime-sdk-'));
    await writeRuntimeSdk(root);
  });
  after(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  test('the stand-in runtime SDK lacks the newer APIs, so it can tell', async () => {
    assert.ok(CLIENTS.includes('@aws-sdk/client-eks'));
    // A scan bundle that left every client to the runtime (as it did before) fails at load.
    const stale = await bundle('scan', join(root, 'stale'), ['@aws-sdk/client-*']);
    assert.match(
      (await load(stale)) ?? 'loaded',
      /does not provide an export named '(paginateDescribeClusterVersions|paginateListPodIdentityAssociations|DescribeClusterVersionsCommand)'/,
    );
  });

  for (const handler of HANDLERS) {
    test(`${handler}: built as the stack builds it, it loads`, async () => {
      const externals = sdkExternals(handler);
      for (const client of Object.keys(NEWER_THAN_RUNTIME_SDK)) assert.ok(!externals.includes(client), client);
      const file = await bundle(handler, root, externals);
      assert.equal(await load(file), undefined);
    });
  }
});
