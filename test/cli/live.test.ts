/**
 * `scan --kubeconfig` and `scan --cluster` through the real CLI process: the demo cluster's manifests are served by
 * the fake Kubernetes API over TLS on 127.0.0.1, and the CLI is spawned against it.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readDemoManifests } from '../../functions/demo/load.js';
import type { ScanResults } from '../../functions/scoring/results.js';
import { type FakeKubeServer, startFakeKubeApi, writeKubeconfig } from '../support/fake-kube-api.js';
import { needs } from '../support/tools.js';
import { NO_AWS_ENV, runCli } from './spawn.js';

function cli(args: string[]) {
  return runCli(args);
}

describe('live targets from the CLI', needs('openssl'), () => {
  let server: FakeKubeServer;
  let dir: string;
  let kubeconfig: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cli-live-'));
    server = await startFakeKubeApi({ objects: readDemoManifests().map((m) => m.object) });
    kubeconfig = await writeKubeconfig(join(dir, 'kubeconfig'), server, { token: 'live-test-token' }, 'staging');
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('scan --kubeconfig reads the cluster with GETs only and writes a full report', async () => {
    const out = join(dir, 'out');
    const run = await cli([
      'scan',
      '--kubeconfig',
      kubeconfig,
      '--context',
      'staging',
      '--secret-metadata',
      '--out',
      out,
    ]);
    assert.equal(run.code, 0, run.stderr);
    const results: ScanResults = JSON.parse(await readFile(join(out, 'staging', 'results.json'), 'utf8'));
    assert.equal(results.cluster.source, 'kubeconfig');
    assert.equal(results.cluster.name, 'staging');
    // Who the cluster was read as: the kubeconfig's user entry, and no AWS caller without --cluster.
    assert.deepEqual(results.scanIdentity, {
      awsCallerArn: null,
      kubeconfigUser: 'staging-user',
      kubeconfigContext: 'staging',
    });
    const html = await readFile(join(out, 'staging', 'report.html'), 'utf8');
    assert.ok(html.includes('<dt>Scanned as</dt><dd>kubeconfig user staging-user (context staging)</dd>'));
    const privileged = results.checks.find((c) => c.id === 'pod-privileged-container');
    assert.ok(privileged?.failing.some((f) => f.namespace === 'default' && f.name === 'debug-shell'));
    // Without --cluster there is no AWS side: those checks say so instead of guessing.
    const kms = results.checks.find((c) => c.id === 'aws-secrets-kms-encryption');
    assert.equal(kms?.status, 'not-assessed');
    assert.match(kms?.reason ?? '', /cluster/);
    for (const name of ['report.html', 'report.pdf', 'findings.csv']) await readFile(join(out, 'staging', name));
    assert.ok(server.requests.length > 0);
    assert.deepEqual([...new Set(server.requests.map((r) => r.method))], ['GET']);
    const secretRequests = server.requests.filter((r) => r.path.endsWith('/secrets'));
    assert.ok(secretRequests.length > 0, '--secret-metadata lists Secrets');
    for (const r of secretRequests) assert.match(r.accept, /as=PartialObjectMetadataList/);
    assert.equal(results.checks.find((c) => c.id === 'secrets-legacy-sa-tokens')?.status, 'fail');
  });

  test('without --secret-metadata no Secret is requested and the Secret checks say how to opt in', async () => {
    const out = join(dir, 'no-secrets');
    const before = server.requests.length;
    const run = await cli([
      'scan',
      '--kubeconfig',
      kubeconfig,
      '--context',
      'staging',
      '--format',
      'json',
      '--out',
      out,
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(!server.requests.slice(before).some((r) => r.path.endsWith('/secrets')), 'no Secret request');
    const results: ScanResults = JSON.parse(await readFile(join(out, 'staging', 'results.json'), 'utf8'));
    const legacy = results.checks.find((c) => c.id === 'secrets-legacy-sa-tokens');
    assert.equal(legacy?.status, 'not-assessed');
    assert.match(legacy?.reason ?? '', /--secret-metadata/);
  });

  test('scan --context alone reads the kubeconfig named by $KUBECONFIG, as kubectl does', async () => {
    const out = join(dir, 'by-context');
    const run = await runCli(['scan', '--context', 'staging', '--format', 'json', '--out', out], {
      ...NO_AWS_ENV,
      KUBECONFIG: kubeconfig,
    });
    assert.equal(run.code, 0, run.stderr);
    const results: ScanResults = JSON.parse(await readFile(join(out, 'staging', 'results.json'), 'utf8'));
    assert.equal(results.cluster.source, 'kubeconfig');
    // Without $KUBECONFIG it looks in ~/.kube/config and says so when that is missing.
    const home = join(dir, 'empty-home');
    const missing = await runCli(['scan', '--context', 'staging', '--out', join(dir, 'z')], {
      ...NO_AWS_ENV,
      HOME: home,
    });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, new RegExp(`kubeconfig ${join(home, '.kube', 'config')} does not exist`));
  });

  test('an unknown context is one line naming --kubeconfig', async () => {
    const run = await cli(['scan', '--kubeconfig', kubeconfig, '--context', 'nope', '--out', join(dir, 'x')]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^eks-compliance: error: --kubeconfig: .*nope/);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  });

  test('scan --cluster without AWS credentials fails with one line naming --cluster', async () => {
    const run = await cli(['scan', '--cluster', 'prod', '--region', 'eu-west-1', '--out', join(dir, 'y')]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^eks-compliance: error: --cluster: /);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
  });

  test('collect --kubeconfig then scan --snapshot gives the same verdicts', async () => {
    const file = join(dir, 'staging.json.gz');
    const collected = await cli(['collect', '--kubeconfig', kubeconfig, '--output', file]);
    assert.equal(collected.code, 0, collected.stderr);
    const out = join(dir, 'from-snapshot');
    const run = await cli(['scan', '--snapshot', file, '--format', 'json', '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    const results: ScanResults = JSON.parse(await readFile(join(out, 'staging', 'results.json'), 'utf8'));
    assert.equal(results.cluster.source, 'snapshot');
    assert.ok(results.checks.find((c) => c.id === 'pod-privileged-container')?.status === 'fail');
    // The snapshot keeps who collected it.
    assert.equal(results.scanIdentity?.kubeconfigUser, 'staging-user');
  });
});
