/**
 * End to end: the real command, spawned as a user would run it (node + tsx, cwd = the project).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ALL_CHECKS } from '../../functions/checks/registry.js';
import { DEFAULT_FORMATS, EMAIL_TEXT_FILE_NAME, OUTPUT_FILE_NAMES } from '../../functions/pipeline.js';
import type { ScanResults } from '../../functions/scoring/results.js';
import { testConfigHome } from './spawn.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const SHOP = 'test/fixtures/manifests/shop';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}, stdin = ''): Promise<Run> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'functions/cli/main.ts', ...args],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          CI: 'true',
          EKS_COMPLIANCE_DEBUG: '',
          AWS_REGION: '',
          AWS_DEFAULT_REGION: '',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          XDG_CONFIG_HOME: testConfigHome(),
          ...env,
        },
        timeout: 120_000,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
    child.stdin?.end(stdin);
  });
}

/** Exit 1 with exactly one line on stderr, prefixed, and no stack frames. */
function assertUsageError(run: Run, pattern: RegExp): void {
  assert.equal(run.code, 1, `exit code (stderr: ${run.stderr})`);
  const lines = run.stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, `one stderr line, got: ${run.stderr}`);
  assert.match(lines[0], /^eks-compliance: error: /);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack frames');
}

function failingKeys(results: ScanResults): Set<string> {
  const keys = new Set<string>();
  for (const c of results.checks) for (const f of c.failing) keys.add(`${f.kind}/${f.namespace}/${f.name}`);
  return keys;
}

describe('eks-compliance CLI', () => {
  let out: string;
  before(async () => {
    out = await mkdtemp(join(tmpdir(), 'eks-compliance-cli-'));
  });
  after(async () => {
    await rm(out, { recursive: true, force: true });
  });

  describe('usage errors: exit 1, one line, no stack', { concurrency: 4 }, () => {
    test('unknown option', async () => {
      assertUsageError(await cli(['scan', '--demo', '--bogus']), /--bogus: unknown option/);
    });
    test('unknown command', async () => {
      assertUsageError(await cli(['frobnicate']), /frobnicate: unknown command/);
    });
    test('no command', async () => {
      assertUsageError(await cli([]), /no command given/);
    });
    test('missing manifests path is named', async () => {
      const missing = join(out, 'nowhere', 'app.yaml');
      assertUsageError(
        await cli(['manifests', missing, '--out', out]),
        new RegExp(`${missing}: no such file or folder`),
      );
    });
    test('missing snapshot file is named', async () => {
      const missing = join(out, 'absent.json.gz');
      assertUsageError(
        await cli(['scan', '--snapshot', missing, '--out', out]),
        new RegExp(`${missing}: no such file`),
      );
    });
    test('--fail-under out of range', async () => {
      assertUsageError(
        await cli(['manifests', SHOP, '--fail-under', '101', '--out', out]),
        /--fail-under: must be a score from 0 to 100/,
      );
    });
    test('an unknown format is a clear usage error', async () => {
      assertUsageError(
        await cli(['manifests', SHOP, '--format', 'json,xml', '--out', out]),
        /--format: unknown format "xml"/,
      );
    });
    test('a YAML syntax error names the file and line', async () => {
      const file = join(out, 'syntax-error.yaml');
      await writeFile(
        file,
        'kind: ConfigMap\nmetadata:\n  name: broken\n  labels: {app: broken\ndata:\n  key: value\n',
      );
      assertUsageError(
        await cli(['manifests', file, '--out', out]),
        new RegExp(`${file}: line 5, column \\d+: YAML syntax error`),
      );
    });
    test('a document with no kind names the document', async () => {
      assertUsageError(
        await cli(['manifests', 'test/fixtures/manifests/invalid/no-kind.yaml', '--out', out]),
        /no-kind\.yaml, document 2: document has no kind/,
      );
    });
    test('an option without its value', async () => {
      assertUsageError(await cli(['scan', '--demo', '--out']), /^eks-compliance: error: --out: needs a value$/);
    });
    test('collect needs --output', async () => {
      assertUsageError(await cli(['collect', '--demo']), /--output: required/);
    });
  });

  describe('manifests', () => {
    let run: Run;
    let results: ScanResults;
    const folder = () => join(out, 'shop-fixture');

    before(async () => {
      run = await cli(['manifests', SHOP, '--name', 'Shop Fixture', '--out', out]);
      if (run.code === 0) results = JSON.parse(await readFile(join(folder(), 'results.json'), 'utf8'));
    });

    test('exits 0 and writes every default format into OUT/<slug>/', () => {
      assert.equal(run.code, 0, run.stderr);
      for (const name of ['results.json', 'report.html', 'report.pdf', 'findings.csv', 'requirements.csv']) {
        assert.ok(existsSync(join(folder(), name)), `${name} written`);
        assert.match(run.stdout, new RegExp(`wrote ${join(folder(), name)}`));
      }
    });

    test('prints a summary line with the score and the folder', () => {
      assert.match(run.stdout, new RegExp(`^score \\d+(\\.\\d)? \\(.+\\) → ${folder()}/$`, 'm'));
    });

    test('notes the kinds it skipped', () => {
      assert.match(run.stderr, /note: skipped 1 object of kinds the checks do not read: Certificate \(1\)/);
    });

    test('results.json names the cluster and its source', () => {
      assert.equal(results.cluster.name, 'Shop Fixture');
      assert.equal(results.cluster.source, 'manifests');
      assert.equal(results.schemaVersion, 1);
    });

    test('results.json lists every known failing object by kind, namespace and name', () => {
      const failing = failingKeys(results);
      for (const key of [
        'Deployment/shop/checkout',
        'DaemonSet/platform/node-agent',
        'Pod/shop/debug',
        'Deployment/shop/legacy-worker',
        'Pod/platform/root-shell',
      ]) {
        assert.ok(failing.has(key), `${key} is reported failing`);
      }
    });

    test('the privileged containers are reported by the check that looks for them, the clean one is not', () => {
      const privileged = results.checks.filter((c) =>
        c.failing.some((f) => f.name === 'checkout' && /privileged/i.test(f.message)),
      );
      assert.ok(privileged.length > 0, 'a check reports checkout as privileged');
      for (const c of privileged) {
        const names = c.failing.map((f) => `${f.kind}/${f.namespace}/${f.name}`);
        assert.ok(names.includes('Pod/platform/root-shell'), `${c.id} also reports root-shell (from the JSON file)`);
        assert.ok(!names.includes('Deployment/shop/catalog'), `${c.id} does not report the clean catalog Deployment`);
      }
    });

    test('the hostPID DaemonSet is reported with a message about hostPID', () => {
      const hits = results.checks.flatMap((c) => c.failing).filter((f) => f.name === 'node-agent');
      assert.ok(
        hits.some((f) => /hostPID/.test(f.message)),
        JSON.stringify(hits),
      );
    });
  });

  describe('manifests --format sarif: alerts point at file and line', () => {
    interface Located {
      ruleId: string;
      locations: {
        physicalLocation?: { artifactLocation: { uri: string; uriBaseId?: string }; region?: { startLine: number } };
        logicalLocations: { fullyQualifiedName: string }[];
      }[];
    }
    const sarifResults = async (folder: string): Promise<Located[]> =>
      JSON.parse(await readFile(join(folder, 'results.sarif'), 'utf8')).runs[0].results;
    const at = (results: Located[], ruleId: string, object: string) =>
      results.find((r) => r.ruleId === ruleId && r.locations[0].logicalLocations[0].fullyQualifiedName === object)
        ?.locations[0].physicalLocation;

    test('paths relative to the working directory, with the start line of each object', async () => {
      const run = await cli(['manifests', `./${SHOP}/`, '--name', 'sarif', '--format', 'sarif', '--out', out]);
      assert.equal(run.code, 0, run.stderr);
      const results = await sarifResults(join(out, 'sarif'));
      assert.deepEqual(at(results, 'pod-host-network', 'shop/Pod/debug'), {
        artifactLocation: { uri: `${SHOP}/multi-doc.yaml`, uriBaseId: '%SRCROOT%' },
        region: { startLine: 13 },
      });
      assert.deepEqual(at(results, 'pod-host-ipc', 'shop/Deployment/legacy-worker'), {
        artifactLocation: { uri: `${SHOP}/list.yaml`, uriBaseId: '%SRCROOT%' },
        region: { startLine: 4 },
      });
      assert.deepEqual(at(results, 'pod-host-pid', 'platform/DaemonSet/node-agent'), {
        artifactLocation: { uri: `${SHOP}/system/hostpid-daemonset.yaml`, uriBaseId: '%SRCROOT%' },
        region: { startLine: 1 },
      });
    });

    test('manifests from standard input keep a logical location only, those from files beside them do not', async () => {
      const piped = await readFile(join(ROOT, SHOP, 'multi-doc.yaml'), 'utf8');
      const file = `${SHOP}/system/hostpid-daemonset.yaml`;
      const run = await cli(
        ['manifests', '-', file, '--name', 'piped-sarif', '--format', 'sarif', '--out', out],
        {},
        piped,
      );
      assert.equal(run.code, 0, run.stderr);
      const results = await sarifResults(join(out, 'piped-sarif'));
      assert.ok(results.some((r) => r.locations[0].logicalLocations[0].fullyQualifiedName === 'shop/Pod/debug'));
      for (const r of results.filter((r) => r.locations[0].logicalLocations[0].fullyQualifiedName === 'shop/Pod/debug'))
        assert.equal(r.locations[0].physicalLocation, undefined, 'no file for piped objects');
      assert.deepEqual(at(results, 'pod-host-pid', 'platform/DaemonSet/node-agent'), {
        artifactLocation: { uri: file, uriBaseId: '%SRCROOT%' },
        region: { startLine: 1 },
      });
    });
  });

  describe('stdin and --config', () => {
    test('manifests - reads standard input', async () => {
      const yaml = await readFile(join(ROOT, SHOP, 'system', 'hostpid-daemonset.yaml'), 'utf8');
      const run = await cli(['manifests', '-', '--name', 'piped', '--format', 'json', '--out', out], {}, yaml);
      assert.equal(run.code, 0, run.stderr);
      const results: ScanResults = JSON.parse(await readFile(join(out, 'piped', 'results.json'), 'utf8'));
      assert.ok(failingKeys(results).has('DaemonSet/platform/node-agent'));
    });

    test('waivers in --config are applied', async () => {
      const config = join(out, 'config.yaml');
      await writeFile(
        config,
        [
          'waivers:',
          '  - id: node-agent-needs-pids',
          '    check: pod-host-pid',
          '    namespaces: [platform]',
          '    names: [node-agent]',
          '    reason: reads process tables for monitoring',
          '    approvedBy: security@example.com',
          '    expires: "2999-12-31"',
          '',
        ].join('\n'),
      );
      const run = await cli([
        'manifests',
        SHOP,
        '--name',
        'waived',
        '--format',
        'json',
        '--config',
        config,
        '--out',
        out,
      ]);
      assert.equal(run.code, 0, run.stderr);
      const results: ScanResults = JSON.parse(await readFile(join(out, 'waived', 'results.json'), 'utf8'));
      const hostPid = results.checks.find((c) => c.id === 'pod-host-pid');
      assert.ok(hostPid?.waived.some((w) => w.name === 'node-agent'));
    });

    test('a missing --config file is named', async () => {
      const missing = join(out, 'absent-config.yaml');
      assertUsageError(
        await cli(['manifests', SHOP, '--config', missing, '--out', out]),
        new RegExp(`${missing}: no such file`),
      );
    });
  });

  describe('--fail-under and --format', () => {
    test('--fail-under 100 on a failing fixture exits 2 and says why', async () => {
      const run = await cli(['manifests', SHOP, '--format', 'json', '--fail-under', '100', '--out', out, '--quiet']);
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stdout, '', '--quiet prints nothing on stdout');
      assert.match(run.stderr, /^eks-compliance: score \d+(\.\d)? is under --fail-under 100\n$/);
    });

    test('--fail-under 0 passes', async () => {
      const run = await cli(['manifests', SHOP, '--format', 'json', '--fail-under', '0', '--out', out, '--quiet']);
      assert.equal(run.code, 0, run.stderr);
    });

    test('--format json writes results.json and its signed evidence only; --framework limits the frameworks', async () => {
      const dir = join(out, 'format-json');
      const run = await cli([
        'manifests',
        SHOP,
        '--name',
        'only-json',
        '--format',
        'json',
        '--framework',
        'cis-eks-1.8.0',
        '--out',
        dir,
      ]);
      assert.equal(run.code, 0, run.stderr);
      const written = run.stdout.split('\n').filter((l) => l.startsWith('wrote '));
      // Beside the one format: the snapshot the verdicts came from and the signed manifest (docs/evidence.md).
      const evidence = ['snapshot.json.gz', 'manifest.json', 'manifest.sig', 'public-key.pem'];
      assert.deepEqual(
        written,
        ['results.json', ...evidence].map((f) => `wrote ${join(dir, 'only-json', f)}`),
      );
      const results: ScanResults = JSON.parse(await readFile(join(dir, 'only-json', 'results.json'), 'utf8'));
      assert.deepEqual(
        results.frameworks.map((f) => f.id),
        ['cis-eks-1.8.0'],
      );
    });

    test('an unknown framework is a usage error', async () => {
      assertUsageError(
        await cli(['manifests', SHOP, '--framework', 'pci', '--out', out]),
        /--framework: unknown framework "pci"/,
      );
    });
  });

  describe('checks', () => {
    test('lists every registered check id with its severity', async () => {
      const run = await cli(['checks']);
      assert.equal(run.code, 0, run.stderr);
      assert.ok(ALL_CHECKS.length > 0, 'the registry has checks');
      for (const c of ALL_CHECKS) assert.match(run.stdout, new RegExp(`^${c.id}\\s+${c.severity}\\s`, 'm'));
      assert.match(run.stdout, new RegExp(`^${ALL_CHECKS.length} checks$`, 'm'));
    });

    test('--framework filters to the checks of that framework', async () => {
      const run = await cli(['checks', '--framework', 'cis-eks-1.8.0']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /used by cis-eks-1\.8\.0/);
      for (const line of run.stdout.split('\n').slice(1, -2)) assert.match(line, /cis-eks-1\.8\.0 /);
    });
  });

  describe('demo and snapshots', () => {
    test('collect --demo writes a gzipped snapshot that scan --snapshot reads', async () => {
      const file = join(out, 'demo.json.gz');
      const collect = await cli(['collect', '--demo', '--output', file]);
      assert.equal(collect.code, 0, collect.stderr);
      assert.match(collect.stdout, /^wrote .*demo\.json\.gz \(.+, \d+ objects\)$/m);
      const scan = await cli(['scan', '--snapshot', file, '--format', 'json', '--out', out]);
      assert.equal(scan.code, 0, scan.stderr);
      const folder = /→ (.+)\/$/m.exec(scan.stdout)?.[1];
      assert.ok(folder, scan.stdout);
      const results: ScanResults = JSON.parse(await readFile(join(folder, 'results.json'), 'utf8'));
      assert.equal(results.cluster.source, 'snapshot');
    });

    test('scan --demo renders every default format with history', async () => {
      const run = await cli(['scan', '--demo', '--out', out]);
      assert.equal(run.code, 0, run.stderr);
      const written = run.stdout.split('\n').filter((l) => l.startsWith('wrote '));
      const names = written.map((l) => l.replace(/^.*\//, ''));
      // Every default format, then the evidence written once they are on disk (docs/evidence.md).
      assert.deepEqual(names.slice(0, -4).sort(), DEFAULT_FORMATS.map((f) => OUTPUT_FILE_NAMES[f]).sort());
      assert.deepEqual(names.slice(-4), ['snapshot.json.gz', 'manifest.json', 'manifest.sig', 'public-key.pem']);
      assert.match(run.stdout, /^score \d+(\.\d)? \(CIS Amazon EKS Benchmark/m);
      // The demo brings its own waivers and attestations, so its registers show every state.
      const results: ScanResults = JSON.parse(await readFile(join(out, 'prod-eu-west-1', 'results.json'), 'utf8'));
      assert.deepEqual(results.waivers?.map((w) => w.state).sort(), ['active', 'expired', 'expiring', 'unused']);
      assert.deepEqual(results.attestations?.map((a) => a.state).sort(), ['active', 'expired']);
    });

    test('scan --demo --format html,email: the weekly email for the cluster, previewed beside the report', async () => {
      const dir = join(out, 'demo-email');
      const run = await cli(['scan', '--demo', '--format', 'html,email', '--out', dir]);
      assert.equal(run.code, 0, run.stderr);
      const folder = join(dir, 'prod-eu-west-1');
      const written = run.stdout.split('\n').filter((l) => l.startsWith('wrote '));
      for (const name of [OUTPUT_FILE_NAMES.email, EMAIL_TEXT_FILE_NAME]) {
        assert.ok(written.includes(`wrote ${join(folder, name)}`), name);
      }
      const text = await readFile(join(folder, EMAIL_TEXT_FILE_NAME), 'utf8');
      const html = await readFile(join(folder, OUTPUT_FILE_NAMES.email), 'utf8');
      const results: ScanResults = JSON.parse(await readFile(join(folder, 'results.json'), 'utf8'));
      // Action needed first; every waiver and attestation results.json has expired or expiring is in it.
      const action = text.slice(text.indexOf('ACTION NEEDED'), text.indexOf('CLUSTERS'));
      assert.ok(action.length > 0, text);
      const due = [...(results.waivers ?? []), ...(results.attestations ?? [])].filter((r) =>
        ['expired', 'expiring'].includes(r.state),
      );
      assert.ok(due.length >= 2);
      for (const r of due) assert.match(action, new RegExp(`\\[(Expired|Expiring)\\] ${r.id} `), r.id);
      assert.ok(
        text.includes(`- ${results.cluster.name} (${results.cluster.region}): score ${results.summary.score},`),
      );
      assert.ok(text.includes('HTML report: report.html'));
      assert.match(html, /href="report\.html"/);
      assert.doesNotMatch(html, /report\.pdf/, 'no PDF was written, so none is linked');
    });

    test('scan --demo --config: the config file replaces the demo waivers and attestations', async () => {
      const config = join(out, 'no-waivers.yaml');
      await writeFile(config, 'waivers: []\n');
      const dir = join(out, 'demo-config');
      const run = await cli(['scan', '--demo', '--config', config, '--format', 'json', '--out', dir]);
      assert.equal(run.code, 0, run.stderr);
      const results: ScanResults = JSON.parse(await readFile(join(dir, 'prod-eu-west-1', 'results.json'), 'utf8'));
      assert.deepEqual(results.waivers ?? [], []);
      assert.deepEqual(results.attestations ?? [], []);
    });
  });
});
