/**
 * Evidence integrity through the CLI, in-process: `scan --demo` writes a signed run, then `verify` on it as written
 * and after single changes (one byte of report.pdf, the score in results.json, a manifest entry), on the PDF alone,
 * with the wrong key, unsigned, with openssl alone, and `--reproduce`.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../../functions/cli/program.js';
import { parseManifest } from '../../functions/integrity/manifest.js';
import { readPdfAttachments } from '../../functions/integrity/pdf-attachments.js';
import { DEFAULT_FORMATS, OUTPUT_FILE_NAMES } from '../../functions/pipeline.js';
import { renderPdf } from '../../functions/report/pdf.js';
import type { ScanResults } from '../../functions/scoring/results.js';

interface Run {
  code: number;
  out: string;
  err: string;
}

let home: string;

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  out.on('data', (c: Buffer) => chunks.out.push(c));
  err.on('data', (c: Buffer) => chunks.err.push(c));
  const code = await runCli(args, {
    out,
    err,
    env: { XDG_CONFIG_HOME: join(home, 'config'), HOME: home, CI: 'true', ...env },
  });
  return { code, out: Buffer.concat(chunks.out).toString(), err: Buffer.concat(chunks.err).toString() };
}

/** The status column of `verify`'s line for `file` (the first one). */
function statusOf(run: Run, file: string): string | undefined {
  const line = run.out.split('\n').find((l) => l.split(/\s+/)[1] === file);
  return line?.split(/\s+/)[0];
}

describe('signed runs and eks-compliance verify', { timeout: 240_000 }, () => {
  let run: string;
  let copies = 0;

  /** A fresh copy of the demo run to change. */
  async function copyRun(): Promise<string> {
    const dir = join(home, `copy-${copies++}`);
    await cp(run, dir, { recursive: true });
    return dir;
  }

  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'integrity-cli-'));
    const scan = await cli(['scan', '--demo', '--out', join(home, 'reports')]);
    assert.equal(scan.code, 0, scan.err);
    // First use: the key is created, announced with its public key, and saved under the config folder.
    assert.match(scan.out, /created a signing key for run manifests: .*signing-key\.pem/);
    assert.match(scan.out, /-----BEGIN PUBLIC KEY-----/);
    run = join(home, 'reports', 'prod-eu-west-1');
  });

  after(async () => {
    if (home) await rm(home, { recursive: true, force: true });
  });

  test('the run as written verifies, with every output, results.json and the snapshot in the manifest', async () => {
    const manifest = parseManifest(await readFile(join(run, 'manifest.json')));
    assert.deepEqual(
      manifest.files.map((f) => f.name).sort(),
      [...DEFAULT_FORMATS.map((f) => OUTPUT_FILE_NAMES[f]), 'snapshot.json.gz'].sort(),
    );
    const results = JSON.parse(await readFile(join(run, 'results.json'), 'utf8')) as ScanResults;
    assert.equal(manifest.runId, results.runId);
    assert.equal(manifest.collectedAt, results.collectedAt);
    assert.equal(manifest.tool.version, results.tool.version);
    assert.equal(manifest.cluster.arn, results.cluster.arn);
    assert.match(manifest.catalog.sha256, /^sha256:[0-9a-f]{64}$/);
    assert.ok(manifest.evaluation.waivers.length > 0, 'the demo config’s waivers are recorded for re-performance');
    const own = await readFile(join(home, 'config', 'eks-compliance', 'signing-key.pub.pem'), 'utf8');
    assert.equal(await readFile(join(run, 'public-key.pem'), 'utf8'), own);

    const verified = await cli(['verify', run]);
    assert.equal(verified.code, 0, verified.out + verified.err);
    assert.match(verified.out, /^ok\s+manifest\.json\s+signature valid: .*\(your own key\)/m);
    for (const f of manifest.files) assert.equal(statusOf(verified, f.name), 'ok', f.name);
    assert.match(verified.out, /attached results\.json is the one the manifest names/);
    assert.equal(verified.err, '');
  });

  test('openssl alone verifies manifest.sig and the PDF’s evidence manifest', async () => {
    const pub = join(run, 'public-key.pem');
    const ok = execFileSync('openssl', [
      'dgst',
      '-sha256',
      '-verify',
      pub,
      '-signature',
      join(run, 'manifest.sig'),
      join(run, 'manifest.json'),
    ]);
    assert.match(ok.toString(), /Verified OK/);
    const attached = readPdfAttachments(await readFile(join(run, 'report.pdf')));
    const dir = await mkdtemp(join(home, 'detached-'));
    for (const [name, bytes] of attached) await writeFile(join(dir, name), bytes);
    const evidence = execFileSync('openssl', [
      'dgst',
      '-sha256',
      '-verify',
      pub,
      '-signature',
      join(dir, 'evidence-manifest.sig'),
      join(dir, 'evidence-manifest.json'),
    ]);
    assert.match(evidence.toString(), /Verified OK/);
    // What pdfdetach (poppler) extracts is what this reader extracts.
    const poppler = await mkdtemp(join(home, 'pdfdetach-'));
    execFileSync('pdfdetach', ['-saveall', '-o', poppler, join(run, 'report.pdf')]);
    for (const [name, bytes] of attached) assert.deepEqual(await readFile(join(poppler, name)), bytes, name);
  });

  test('one byte of report.pdf changed: exit 1 naming report.pdf', async () => {
    const dir = await copyRun();
    const pdf = await readFile(join(dir, 'report.pdf'));
    // A byte of the info dictionary's text, well away from the attachments.
    const at = pdf.indexOf('EKS compliance report');
    pdf[at] = 'X'.charCodeAt(0);
    await writeFile(join(dir, 'report.pdf'), pdf);
    const r = await cli(['verify', dir]);
    assert.equal(r.code, 1);
    assert.equal(statusOf(r, 'report.pdf'), 'CHANGED');
    assert.equal(statusOf(r, 'results.json'), 'ok');
    assert.match(r.err, /^eks-compliance: verify failed: report\.pdf: changed\n$/);
  });

  test('the score changed in results.json: exit 1 naming results.json, and the PDF’s copy no longer agrees', async () => {
    const dir = await copyRun();
    const text = await readFile(join(dir, 'results.json'), 'utf8');
    const edited = text.replace(/"score": [0-9.]+/, '"score": 99.9');
    assert.notEqual(edited, text);
    await writeFile(join(dir, 'results.json'), edited);
    const r = await cli(['verify', dir]);
    assert.equal(r.code, 1);
    assert.equal(statusOf(r, 'results.json'), 'CHANGED');
    assert.match(r.err, /results\.json: changed/);
    assert.doesNotMatch(r.err, /report\.pdf/, 'the PDF still carries the signed results.json');
  });

  test('manifest.json changed (a hash made to fit an edited file): the signature check fails', async () => {
    const dir = await copyRun();
    await writeFile(join(dir, 'findings.csv'), 'nothing failed\n');
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    const csv = manifest.files.find((f: { name: string }) => f.name === 'findings.csv');
    const { createHash } = await import('node:crypto');
    csv.sha256 = createHash('sha256').update('nothing failed\n').digest('hex');
    csv.bytes = 15;
    await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const r = await cli(['verify', dir]);
    assert.equal(r.code, 1);
    assert.equal(statusOf(r, 'manifest.json'), 'FAILED');
    assert.match(r.err, /manifest\.json: signature check failed/);
    assert.equal(statusOf(r, 'findings.csv'), 'ok', 'the edit fits the edited manifest; only the signature tells');
  });

  test('a PDF whose attached results.json differs from the one the manifest names', async () => {
    const dir = await copyRun();
    const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as ScanResults;
    const attached = readPdfAttachments(await readFile(join(dir, 'report.pdf')));
    const other = `${JSON.stringify({ ...results, summary: { ...results.summary, score: 100 } }, null, 2)}\n`;
    const pdf = await renderPdf({
      results,
      resultsJson: other,
      evidence: {
        manifest: attached.get('evidence-manifest.json') as Buffer,
        signature: attached.get('evidence-manifest.sig'),
        keyId: parseManifest(await readFile(join(dir, 'manifest.json'))).signature?.keyId,
      },
    });
    await writeFile(join(dir, 'report.pdf'), pdf);
    const r = await cli(['verify', dir]);
    assert.equal(r.code, 1);
    assert.match(
      r.out,
      /FAILED\s+report\.pdf\s+its attached results\.json .* differs from the results\.json the manifest names/,
    );
    assert.match(r.err, /report\.pdf: attached results\.json differs/);
    // On its own, the PDF fails too: its results.json is not the one its signed evidence manifest names.
    const alone = await cli(['verify', join(dir, 'report.pdf'), '--public-key', join(dir, 'public-key.pem')]);
    assert.equal(alone.code, 1);
    assert.match(alone.err, /report\.pdf: results\.json: changed/);
  });

  test('report.pdf alone verifies with the public key, and asks for a key without one', async () => {
    const pdf = join(run, 'report.pdf');
    const r = await cli(['verify', pdf, '--public-key', join(run, 'public-key.pem')]);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /ok\s+report\.pdf: evidence-manifest\.json\s+signature valid/);
    const keyless = await cli(['verify', pdf], { XDG_CONFIG_HOME: join(home, 'no-config') });
    assert.equal(keyless.code, 1);
    assert.match(keyless.out, /no public key to check it with: give --public-key FILE or --kms-key-id ARN/);
  });

  test('the wrong public key: the manifest was signed by another key', async () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey;
    const file = join(home, 'other.pem');
    await writeFile(file, other.export({ type: 'spki', format: 'pem' }));
    const r = await cli(['verify', run, '--public-key', file]);
    assert.equal(r.code, 1);
    assert.match(r.out, /FAILED\s+manifest\.json\s+signed by key sha256:[0-9a-f]{64}, not by the key of --public-key/);
    assert.match(r.err, /manifest\.json: signed by another key/);
  });

  test('with no key of its own, the key published beside the run is used and said to be unpinned', async () => {
    const r = await cli(['verify', run], { XDG_CONFIG_HOME: join(home, 'no-config') });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /public-key\.pem beside the run\); that key came with the files: compare sha256:/);
  });

  test('--signing-key FILE signs with that key; a key on another curve is refused in one line', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const keyFile = join(home, 'team-key.pem');
    await writeFile(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const pubFile = join(home, 'team-key.pub.pem');
    await writeFile(pubFile, publicKey.export({ type: 'spki', format: 'pem' }));
    const out = join(home, 'team');
    const scan = await cli([
      'manifests',
      'test/fixtures/manifests/shop',
      '--name',
      'shop',
      '--format',
      'json',
      '--out',
      out,
      '--signing-key',
      keyFile,
    ]);
    assert.equal(scan.code, 0, scan.err);
    const verified = await cli(['verify', join(out, 'shop'), '--public-key', pubFile]);
    assert.equal(verified.code, 0, verified.out + verified.err);

    const rsa = join(home, 'rsa.pem');
    await writeFile(
      rsa,
      generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    const refused = await cli(['scan', '--demo', '--out', join(home, 'rsa-out'), '--signing-key', rsa]);
    assert.equal(refused.code, 1);
    assert.match(
      refused.err,
      /^eks-compliance: error: --signing-key: .*rsa\.pem is a rsa key; manifests are signed with ECDSA on P-256/,
    );
  });

  test('--no-sign writes the manifest unsigned, and verify says the run is not signed', async () => {
    const out = join(home, 'unsigned');
    const scan = await cli([
      'manifests',
      'test/fixtures/manifests/shop',
      '--name',
      'shop',
      '--format',
      'sarif',
      '--out',
      out,
      '--no-sign',
    ]);
    assert.equal(scan.code, 0, scan.err);
    const folder = join(out, 'shop');
    const manifest = parseManifest(await readFile(join(folder, 'manifest.json')));
    assert.equal(manifest.signature, null);
    // results.json is written for the manifest to name, even when --format leaves it out.
    assert.deepEqual(manifest.files.map((f) => f.name).sort(), ['results.json', 'results.sarif', 'snapshot.json.gz']);
    const r = await cli(['verify', folder]);
    assert.equal(r.code, 1);
    assert.match(r.out, /FAILED\s+manifest\.json\s+not signed: the run was written with --no-sign/);
    assert.equal(statusOf(r, 'results.sarif'), 'ok');
  });

  test('verify --reproduce on the demo run: every verdict reproduced', async () => {
    const r = await cli(['verify', run, '--reproduce']);
    assert.equal(r.code, 0, r.out + r.err);
    const results = JSON.parse(await readFile(join(run, 'results.json'), 'utf8')) as ScanResults;
    const requirements = results.frameworks.reduce((n, f) => n + f.requirements.length, 0);
    assert.match(
      r.out,
      new RegExp(
        `^reproduced: ${results.checks.length} of ${results.checks.length} checks and ${requirements} of ${requirements} requirements the same; score ${results.summary.score} in results.json, ${results.summary.score} re-evaluated$`,
        'm',
      ),
    );
    assert.match(r.out, /re-evaluated: same tool version, catalog and inputs as the run/);
  });

  test('--reproduce under another config states which verdicts differ and why', async () => {
    const config = join(home, 'no-waivers.yaml');
    await writeFile(config, 'clusters: []\n');
    const r = await cli(['verify', run, '--reproduce', '--config', config]);
    assert.equal(r.code, 1);
    assert.match(r.out, /re-evaluated: .*the waivers differ from the run’s/);
    assert.match(
      r.out,
      /^DIFFERS\s+check \S+\s+pass \(0 failing, \d+ waived\) in results\.json, fail .* now: the waivers changed$/m,
    );
    assert.match(
      r.out,
      /^DIFFERS\s+requirement \S+ \S+\s+pass in results\.json, manual now: the attestations changed$/m,
    );
    assert.doesNotMatch(r.out, /frameworks differ/, 'all frameworks, named or not, are the same frameworks');
    assert.match(r.out, /^NOT reproduced: /m);
    assert.match(r.err, /not reproduced/);
  });

  test('--reproduce on an edited results.json names the verdicts it no longer holds', async () => {
    const dir = await copyRun();
    const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as ScanResults;
    const failing = results.checks.find((c) => c.status === 'fail');
    assert.ok(failing);
    failing.status = 'pass';
    await writeFile(join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    const r = await cli(['verify', dir, '--reproduce']);
    assert.equal(r.code, 1);
    assert.match(r.err, /results\.json: changed/);
    assert.match(
      r.out,
      new RegExp(
        `^DIFFERS\\s+check ${failing.id}\\s+pass .* in results\\.json, fail .* now: same tool, catalog and inputs`,
        'm',
      ),
    );
  });
});
