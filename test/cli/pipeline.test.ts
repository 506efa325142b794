import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadCliConfig } from '../../functions/cli/config.js';
import { loadManifests } from '../../functions/manifests/load.js';
import type { Snapshot } from '../../functions/model/snapshot.js';
import { historyResults, runScan } from '../../functions/pipeline.js';
import { clusterFolder, clusterSlug, publishLocal } from '../../functions/publish/local-folder.js';
import type { ScanResults } from '../../functions/scoring/results.js';
import { InputError } from '../../functions/snapshot/io.js';
import { NODE_AGENT_PID_WAIVER } from '../fixtures/manifests/waivers.js';
import { sarifSchemaErrors } from '../support/sarif-schema.js';

const SHOP = 'test/fixtures/manifests/shop';

describe('clusterSlug', () => {
  test('lowercase [a-z0-9-] from the cluster name', () => {
    assert.equal(clusterSlug('prod-eu-west-1'), 'prod-eu-west-1');
    assert.equal(clusterSlug('Prod_EU.West 1'), 'prod-eu-west-1');
    assert.equal(clusterSlug('--Shop  Fixture--'), 'shop-fixture');
  });
  test('never escapes the output folder and is never empty', () => {
    assert.equal(clusterSlug('../../etc/passwd'), 'etc-passwd');
    assert.equal(clusterSlug('///'), 'cluster');
    assert.equal(clusterSlug('日本'), 'cluster');
    assert.ok(clusterSlug('a'.repeat(200)).length <= 63);
  });
});

describe('clusterFolder (run: one folder per cluster)', () => {
  test('<name>-<region>, then the account when the config gives one', () => {
    assert.equal(clusterFolder({ name: 'prod', region: 'eu-west-1' }), 'prod-eu-west-1');
    assert.equal(
      clusterFolder({ name: 'prod', region: 'eu-west-1', account: '111122223333' }),
      'prod-eu-west-1-111122223333',
    );
  });
  test('clusters that differ in account, region or name (case and _ included) never share a folder', () => {
    const clusters = [
      { name: 'prod', region: 'eu-west-1' },
      { name: 'prod', region: 'us-east-1' },
      { name: 'prod', region: 'eu-west-1', account: '111111111111' },
      { name: 'prod', region: 'eu-west-1', account: '222222222222' },
      { name: 'prod-a', region: 'eu-west-1' },
      { name: 'Prod_A', region: 'eu-west-1' },
      { name: 'prod_a', region: 'eu-west-1' },
      { name: 'Prod-A', region: 'eu-west-1' },
      { name: `${'a'.repeat(63)}x`, region: 'eu-west-1' },
      { name: `${'a'.repeat(63)}y`, region: 'eu-west-1' },
    ];
    const folders = clusters.map(clusterFolder);
    // Compared lowercased: macOS and Windows file systems do not tell case apart.
    assert.equal(new Set(folders.map((f) => f.toLowerCase())).size, clusters.length, folders.join(' '));
    for (const f of folders) assert.match(f, /^[a-z0-9-]+$/);
    assert.match(clusterFolder({ name: 'Prod_A', region: 'eu-west-1' }), /^prod-a-[0-9a-f]{8}-eu-west-1$/);
    assert.equal(
      clusterFolder({ name: 'Prod_A', region: 'eu-west-1' }),
      clusterFolder({ name: 'Prod_A', region: 'eu-west-1' }),
    );
  });
});

describe('publishLocal', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'publish-local-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  test('writes the files, creating the folder, and leaves no temporary files', async () => {
    const folder = join(dir, 'a', 'b');
    const paths = await publishLocal(folder, [
      { name: 'x.txt', content: 'hello' },
      { name: 'y.bin', content: new Uint8Array([1, 2, 3]) },
    ]);
    assert.deepEqual(paths, [join(folder, 'x.txt'), join(folder, 'y.bin')]);
    assert.equal(await readFile(paths[0], 'utf8'), 'hello');
    assert.deepEqual((await readdir(folder)).sort(), ['x.txt', 'y.bin']);
  });
  test('refuses names with a folder in them', async () => {
    await assert.rejects(publishLocal(dir, [{ name: '../escape.txt', content: '' }]), /must not contain a folder/);
  });
});

describe('loadCliConfig', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cli-config-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  async function configFile(name: string, text: string): Promise<string> {
    const file = join(dir, name);
    await writeFile(file, text);
    return file;
  }

  test('takes frameworks, waivers, attestations, approved registries and fail-under from the shared config', () => {
    const config = loadCliConfig('docs/config.example.yaml');
    assert.deepEqual(config.frameworks, ['cis-eks-1.8.0', 'nsa-cisa-1.2', 'k8s-top10-risks']);
    assert.equal(config.failUnder, 70);
    assert.equal(config.scan.waivers?.[0].id, 'W-001');
    assert.equal(config.scan.attestations?.[0].requirement, '5.1.2');
    assert.ok(config.scan.approvedRegistries?.includes('public.ecr.aws'));
  });
  test('an empty file gives the defaults', async () => {
    const config = loadCliConfig(await configFile('empty.yaml', '# nothing yet\n'));
    assert.deepEqual(config.scan.waivers, []);
    assert.equal(config.failUnder, undefined);
  });
  test('errors name the file, the line and the key', async () => {
    const file = await configFile('bad.yaml', 'waivers:\n  - id: w1\n    check: pod-host-pid\n');
    assert.throws(
      () => loadCliConfig(file),
      (e: unknown) =>
        e instanceof InputError && e.subject === `${file}:2` && /^waivers\[0\]\.reason: is required/.test(e.problem),
    );
    const syntax = await configFile('syntax.yaml', 'waivers: [\n');
    assert.throws(
      () => loadCliConfig(syntax),
      (e: unknown) => e instanceof InputError && e.subject.startsWith(syntax) && /YAML syntax error/.test(e.problem),
    );
  });
});

describe('runScan', () => {
  let dir: string;
  let snapshot: Snapshot;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'run-scan-'));
    snapshot = await loadManifests([SHOP], 'Shop Fixture');
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('evaluates, writes results.json under OUT/<slug>/ and reports the steps', async () => {
    const steps: string[] = [];
    const wrote: string[] = [];
    const outcome = await runScan({
      snapshot,
      formats: ['json', 'csv'],
      outDir: dir,
      progress: { step: (s) => steps.push(s), wrote: (p) => wrote.push(p) },
    });
    assert.equal(outcome.folder, join(dir, 'shop-fixture'));
    assert.deepEqual(outcome.files, [
      join(dir, 'shop-fixture', 'results.json'),
      join(dir, 'shop-fixture', 'findings.csv'),
    ]);
    assert.deepEqual(wrote, outcome.files);
    assert.deepEqual(steps, ['evaluate', 'write']);
    const onDisk: ScanResults = JSON.parse(await readFile(outcome.files[0], 'utf8'));
    assert.deepEqual(onDisk, JSON.parse(JSON.stringify(outcome.results)));
    assert.equal(outcome.belowThreshold, false, 'no threshold, never below');
  });

  test('belowThreshold compares the overall score with failUnder', async () => {
    const low = await runScan({ snapshot, formats: ['json'], outDir: dir, failUnder: 100 });
    assert.ok(low.results.summary.score < 100);
    assert.equal(low.belowThreshold, true);
    const zero = await runScan({ snapshot, formats: ['json'], outDir: dir, failUnder: 0 });
    assert.equal(zero.belowThreshold, false);
  });

  test('waivers from the config reach the evaluation', async () => {
    const outcome = await runScan({
      snapshot,
      formats: ['json'],
      outDir: dir,
      config: { waivers: [NODE_AGENT_PID_WAIVER] },
    });
    const hostPid = outcome.results.checks.find((c) => c.id === 'pod-host-pid');
    assert.ok(hostPid, 'pod-host-pid evaluated');
    assert.ok(!hostPid.failing.some((f) => f.name === 'node-agent'), 'no longer failing');
    assert.ok(hostPid.waived.some((w) => w.name === 'node-agent' && w.waiver === 'node-agent-needs-pids'));
  });

  test('sarif and junit are written beside results.json', async () => {
    const out = join(dir, 'ci-formats');
    const outcome = await runScan({ snapshot, formats: ['json', 'sarif', 'junit'], outDir: out });
    const names = (await readdir(outcome.folder)).sort();
    assert.deepEqual(names, ['junit.xml', 'results.json', 'results.sarif']);
    const sarif = JSON.parse(await readFile(join(outcome.folder, 'results.sarif'), 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    assert.deepEqual(sarifSchemaErrors(sarif), []);
    const failing = outcome.results.checks.reduce((n, c) => n + c.failing.length, 0);
    assert.equal(sarif.runs[0].results.filter((r: { suppressions?: unknown[] }) => !r.suppressions).length, failing);
    assert.match(await readFile(join(outcome.folder, 'junit.xml'), 'utf8'), /<testsuites[^>]*failures="[1-9]/);
  });

  test('an unwritable output folder is an InputError naming it', async () => {
    const blocker = join(dir, 'blocker');
    await writeFile(blocker, 'x');
    await assert.rejects(
      runScan({ snapshot, formats: ['json'], outDir: blocker }),
      (e: unknown) => e instanceof InputError && e.subject === join(blocker, 'shop-fixture'),
    );
  });

  test('history snapshots are evaluated with their dates, oldest first; results pass through', async () => {
    const past = (await runScan({ snapshot, formats: ['json'], outDir: dir, generatedAt: '2026-10-05T06:00:00.000Z' }))
      .results;
    const history = await historyResults(
      [
        { generatedAt: '2026-10-19T06:00:00.000Z', snapshot },
        { generatedAt: '2026-10-12T06:00:00.000Z', snapshot },
      ],
      undefined,
      undefined,
    );
    assert.deepEqual(
      history.map((r) => r.generatedAt),
      ['2026-10-12T06:00:00.000Z', '2026-10-19T06:00:00.000Z'],
    );
    const passedThrough = await historyResults([past], undefined, undefined);
    assert.equal(passedThrough[0], past);
  });
});
