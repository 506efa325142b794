/**
 * The installable CLI (infra/cli-bundle.ts, `npm run build`): built into a folder outside the checkout and run with
 * plain `node` from another folder, where no node_modules, tsx or TypeScript source can be found. It must behave as
 * the CLI run from the checkout does, and a plain start must not load what only some commands need.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readDemoManifests } from '../../functions/demo/load.js';
import type { ScanResults } from '../../functions/scoring/results.js';
import { type BuiltCli, buildCli, eagerInputs, NOTICES_FILE } from '../../infra/cli-bundle.js';
import { type FakeKubeServer, startFakeKubeApi, writeKubeconfig } from '../support/fake-kube-api.js';
import { needs } from '../support/tools.js';
import { type CliRun, NO_AWS_ENV, runCli, testConfigHome } from './spawn.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** `node script args…` in `cwd`, with no AWS credentials and no way to find the checkout's packages. */
function runNode(script: string, args: string[], cwd: string): Promise<CliRun> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [script, ...args],
      {
        cwd,
        env: {
          ...process.env,
          ...NO_AWS_ENV,
          XDG_CONFIG_HOME: testConfigHome(),
          CI: 'true',
          NODE_PATH: '',
          NODE_OPTIONS: '',
        },
        timeout: 180_000,
      },
      (err, stdout, stderr) => done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** What a scan decided, without the run's own id and time. */
function verdicts(results: ScanResults) {
  return {
    summary: results.summary,
    checks: results.checks.map((c) => [c.id, c.status, c.failing.length, c.waived.length]),
    frameworks: results.frameworks.map((f) => [f.id, f.score, f.requirements.map((r) => [r.id, r.status])]),
  };
}

describe('the bundled CLI', () => {
  let dir: string;
  let built: BuiltCli;
  let elsewhere: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cli-bundle-'));
    built = await buildCli(repoRoot, join(dir, 'dist'));
    elsewhere = join(dir, 'a-users-repo');
    await mkdir(elsewhere);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('a plain start loads no AWS client, Kubernetes client, PDF engine, template engine, renderer or demo', () => {
    const eager = eagerInputs(built.metafile, join(dir, 'dist'));
    assert.ok(eager.some((f) => f.endsWith('functions/cli/program.ts')));
    assert.ok(eager.some((f) => f.includes('node_modules/commander/')));
    const heavy =
      /node_modules\/(@aws-sdk\/client-|@kubernetes\/client-node\/|pdfkit\/|fontkit\/|handlebars\/)|functions\/(report|demo|kube\/collector)/;
    assert.deepEqual(
      eager.filter((f) => heavy.test(f)),
      [],
    );
  });

  test('--version, --help and checks answer from outside the checkout as the checkout CLI does', async () => {
    const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const version = await runNode(built.entry, ['--version'], elsewhere);
    assert.equal(version.stdout.trim(), pkg.version, version.stderr);
    for (const args of [['--help'], ['checks', '--framework', 'cis-eks-1.8.0']]) {
      const bundled = await runNode(built.entry, args, elsewhere);
      const source = await runCli(args);
      assert.equal(bundled.code, 0, bundled.stderr);
      assert.equal(bundled.stdout, source.stdout);
    }
    const bad = await runNode(built.entry, ['scan', '--demo', '--format', 'docx'], elsewhere);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^eks-compliance: error: --format: /);
  });

  test('scan --demo writes every format, with the same verdicts as the checkout CLI', async () => {
    const formats = 'json,html,pdf,csv,sarif,junit,asff';
    const run = await runNode(built.entry, ['scan', '--demo', '--format', formats, '--out', 'reports'], elsewhere);
    assert.equal(run.code, 0, run.stderr);
    const folder = join(elsewhere, 'reports', 'prod-eu-west-1');
    const bundled: ScanResults = JSON.parse(await readFile(join(folder, 'results.json'), 'utf8'));
    const reference = join(dir, 'reference');
    assert.equal((await runCli(['scan', '--demo', '--format', 'json', '--out', reference])).code, 0);
    const source: ScanResults = JSON.parse(await readFile(join(reference, 'prod-eu-west-1', 'results.json'), 'utf8'));
    assert.deepEqual(verdicts(bundled), verdicts(source));
    assert.equal(bundled.tool.version, source.tool.version);
    // The templates, fonts and colour profile were found beside the bundle.
    const html = await readFile(join(folder, 'report.html'), 'utf8');
    assert.match(html, /<html/);
    const pdf = await readFile(join(folder, 'report.pdf'));
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.ok(pdf.includes('/EmbeddedFile'));
    assert.ok(pdf.includes('DejaVuSans'));
    for (const name of ['findings.csv', 'results.sarif', 'junit.xml', 'findings.asff.json'])
      assert.ok((await readFile(join(folder, name))).length > 0);
  });

  test(
    'scan --kubeconfig reads a cluster through the bundled Kubernetes client, with GETs only',
    needs('openssl'),
    async () => {
      const server: FakeKubeServer = await startFakeKubeApi({ objects: readDemoManifests().map((m) => m.object) });
      try {
        const kubeconfig = await writeKubeconfig(join(dir, 'kubeconfig'), server, { token: 'bundle-token' }, 'staging');
        const run = await runNode(
          built.entry,
          ['scan', '--kubeconfig', kubeconfig, '--context', 'staging', '--format', 'json', '--out', 'live'],
          elsewhere,
        );
        assert.equal(run.code, 0, run.stderr);
        const results: ScanResults = JSON.parse(
          await readFile(join(elsewhere, 'live', 'staging', 'results.json'), 'utf8'),
        );
        assert.equal(results.cluster.source, 'kubeconfig');
        assert.ok(server.requests.length > 0);
        assert.deepEqual([...new Set(server.requests.map((r) => r.method))], ['GET']);
      } finally {
        await server.close();
      }
    },
  );

  test('manifests from a file outside the checkout', async () => {
    const fixture = join(repoRoot, 'test/fixtures/pod-security/pod-host-port/fail.yaml');
    const run = await runNode(built.entry, ['manifests', fixture, '--format', 'json', '--out', 'm'], elsewhere);
    assert.equal(run.code, 0, run.stderr);
    const results: ScanResults = JSON.parse(await readFile(join(elsewhere, 'm', 'manifests', 'results.json'), 'utf8'));
    assert.equal(results.checks.find((c) => c.id === 'pod-host-port')?.status, 'fail');
  });

  test('the notices name each bundled package with its license', async () => {
    const notices = await readFile(join(dir, 'dist', NOTICES_FILE), 'utf8');
    for (const name of ['commander', 'pdfkit', 'handlebars', '@aws-sdk/client-eks', '@kubernetes/client-node']) {
      assert.match(notices, new RegExp(`^${name.replace('/', '\\/')} \\d+\\.\\d+\\.\\d+\\S* \\(\\S+`, 'm'), name);
    }
  });

  test("the checkout's launcher runs from a folder with no tsx of its own", async () => {
    const run = await runNode(join(repoRoot, 'bin', 'eks-compliance.js'), ['checks'], elsewhere);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, (await runCli(['checks'])).stdout);
  });
});
