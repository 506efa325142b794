/**
 * `eks-compliance run --config FILE`: the deployed weekly run on this machine. Discovery through a fake EKS endpoint,
 * the clusters through the fake Kubernetes API; one configured cluster does not exist, and the run goes on. Each
 * cluster writes to OUT/<name>-<region>[-<account>]/, so one name in two regions gets two folders.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { readDemoManifests } from '../../functions/demo/load.js';
import type { ScanResults } from '../../functions/scoring/results.js';
import { type FakeAws, startFakeAws } from '../handlers/support/fake-aws.js';
import { type FakeKubeServer, startFakeKubeApi } from '../support/fake-kube-api.js';
import { needs } from '../support/tools.js';
import { fakeAwsEnv, runCli } from './spawn.js';

let kube: FakeKubeServer;
let aws: FakeAws;
let dir: string;

/** The fake API server needs openssl for its certificates (test/support/tools.ts). */
const fakeApi = needs('openssl');

before(async () => {
  if (fakeApi.skip) return;
  dir = await mkdtemp(join(tmpdir(), 'cli-run-'));
  kube = await startFakeKubeApi({ objects: readDemoManifests().map((m) => m.object) });
  aws = await startFakeAws({
    region: 'eu-west-1',
    clusters: [{ name: 'prod', endpoint: kube.url, caData: kube.caData, tags: { compliance: 'weekly' } }],
  });
});
after(async () => {
  if (fakeApi.skip) return;
  await kube.close();
  await aws.close();
  await rm(dir, { recursive: true, force: true });
});

function cli(args: string[]) {
  return runCli(args, fakeAwsEnv(aws.url));
}

test(
  'run: configured and discovered clusters, a missing one listed, a fleet report, and history across runs',
  fakeApi,
  async () => {
    const config = join(dir, 'config.yaml');
    await writeFile(
      config,
      [
        'clusters:',
        '  - { name: gone, region: eu-west-1 }',
        'discovery:',
        '  regions: [eu-west-1]',
        '  tags: { compliance: weekly }',
        '',
      ].join('\n'),
    );
    const out = join(dir, 'out');
    const first = await cli(['run', '--config', config, '--format', 'json,html', '--out', out]);
    assert.equal(first.code, 1, 'a cluster could not be scanned');
    assert.match(first.stderr, /^eks-compliance: not scanned: .*gone.*/m);
    assert.match(first.stdout, /scanned .*prod.*: score \d+\.\d/);
    const results: ScanResults = JSON.parse(await readFile(join(out, 'prod-eu-west-1', 'results.json'), 'utf8'));
    assert.equal(results.cluster.source, 'eks');
    const fleet = await readFile(join(out, 'fleet', 'fleet.html'), 'utf8');
    assert.match(fleet, /prod/);
    await readFile(join(out, 'fleet', 'fleet.pdf'));
    const notScanned = JSON.parse(await readFile(join(out, 'fleet', 'not-scanned.json'), 'utf8'));
    assert.equal(notScanned.length, 1);
    assert.match(notScanned[0].cluster, /gone/);

    const second = await cli(['run', '--config', config, '--format', 'json', '--out', out, '--quiet']);
    assert.equal(second.code, 1);
    assert.equal(second.stdout, '');
    assert.equal((await readdir(join(out, 'prod-eu-west-1', 'history'))).length, 2, 'each run is kept for the trend');
  },
);

test(
  'run: one cluster name in two regions gets two folders, each with its own results and history',
  fakeApi,
  async () => {
    const config = join(dir, 'two-regions.yaml');
    await writeFile(
      config,
      ['clusters:', '  - { name: prod, region: eu-west-1 }', '  - { name: prod, region: eu-central-1 }', ''].join('\n'),
    );
    const out = join(dir, 'two-regions');
    const run = await cli(['run', '--config', config, '--format', 'json', '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /scanned eu-west-1\/prod: .*prod-eu-west-1\//);
    assert.match(run.stdout, /scanned eu-central-1\/prod: .*prod-eu-central-1\//);
    assert.deepEqual((await readdir(out)).sort(), ['fleet', 'prod-eu-central-1', 'prod-eu-west-1']);
    for (const region of ['eu-west-1', 'eu-central-1']) {
      const results: ScanResults = JSON.parse(await readFile(join(out, `prod-${region}`, 'results.json'), 'utf8'));
      assert.equal(results.cluster.region, region);
      assert.equal((await readdir(join(out, `prod-${region}`, 'history'))).length, 1, region);
    }
  },
);

test(
  'run across the organization: each ACTIVE account through its role, the own one with its own credentials',
  fakeApi,
  async () => {
    const cluster = (name: string) => ({ name, endpoint: kube.url, caData: kube.caData });
    const orgAws = await startFakeAws({
      region: 'eu-west-1',
      clusters: [cluster('prod')],
      otherAccounts: { '444455556666': [cluster('prod')], '777788889999': [cluster('data')] },
      // 777788889999 has not deployed the target role: AssumeRole is denied there.
      assumableRoles: ['arn:aws:iam::444455556666:role/EksComplianceScan'],
      organization: [
        { Id: '111122223333', State: 'ACTIVE' },
        { Id: '444455556666', State: 'ACTIVE' },
        { Id: '777788889999', State: 'ACTIVE' },
        { Id: '222200001111', State: 'SUSPENDED' },
      ],
    });
    try {
      const config = join(dir, 'organization.yaml');
      await writeFile(config, ['discovery:', '  regions: [eu-west-1]', '  organization: true', ''].join('\n'));
      const out = join(dir, 'organization');
      const run = await runCli(['run', '--config', config, '--format', 'json', '--out', out], fakeAwsEnv(orgAws.url));
      assert.equal(run.code, 1, 'an account could not be listed');
      // The same name in two accounts is two clusters; the caller's own keeps its folder without an account.
      assert.deepEqual((await readdir(out)).sort(), ['fleet', 'prod-eu-west-1', 'prod-eu-west-1-444455556666']);
      const other: ScanResults = JSON.parse(
        await readFile(join(out, 'prod-eu-west-1-444455556666', 'results.json'), 'utf8'),
      );
      assert.equal(other.cluster.accountId, '444455556666');
      assert.match(
        other.scanIdentity?.awsCallerArn ?? '',
        /^arn:aws:sts::444455556666:assumed-role\/EksComplianceScan\//,
      );
      assert.match(
        run.stderr,
        /not scanned: discovery in account 777788889999, eu-west-1: account 777788889999 \(through arn:aws:iam::777788889999:role\/EksComplianceScan\): fake AWS: sts AssumeRole is denied\. Check that the target role exists there and trusts the reporter.s Discover role/,
      );
      const assumed = orgAws.requests.filter((r) => r.action === 'AssumeRole');
      assert.ok(
        assumed.every((r) => !JSON.stringify(r).includes('111122223333:role')),
        'own account never via a role',
      );
      assert.ok(!orgAws.requests.some((r) => r.account === '222200001111'), 'a suspended account is not listed');
      const listedIn = orgAws.requests
        .filter((r) => r.service === 'eks' && r.path === '/clusters')
        .map((r) => r.account);
      assert.deepEqual([...new Set(listedIn)].sort(), ['111122223333', '444455556666']);
    } finally {
      await orgAws.close();
    }
  },
);

test('run without --config is a usage error', async () => {
  const run = await cli(['run', '--out', join(dir, 'x')]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^eks-compliance: error: --config: required/);
});
