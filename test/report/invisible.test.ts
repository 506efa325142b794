/**
 * Invisible and bidirectional characters (issue 16, item 10): a name, label, annotation or image carrying them is
 * shown with each such character visible as ⟨U+XXXX⟩ in every human-facing output, so that no report displays a
 * name other than the object's real one. results.json keeps the exact strings.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../../functions/cli/program.js';
import { normalizeObject } from '../../functions/kube/normalize.js';
import { snapshotFromObjects } from '../../functions/model/build-snapshot.js';
import { revealInvisible, revealInvisibleIn } from '../../functions/model/visible-text.js';
import { renderCsv } from '../../functions/report/csv.js';
import { renderEmail } from '../../functions/report/email.js';
import { singleLine } from '../../functions/report/escape.js';
import { buildFleetModel, renderFleetHtml, renderFleetPdf } from '../../functions/report/fleet.js';
import { renderHtml } from '../../functions/report/html.js';
import { renderResultsJson } from '../../functions/report/json.js';
import { renderPdf } from '../../functions/report/pdf.js';
import { summarizeCluster } from '../../functions/report/summary.js';
import { evaluate } from '../../functions/scoring/evaluate.js';
import { needs, tool } from '../support/tools.js';

/** Every character class the issue names, and a tag character (invisible "ASCII smuggling"). */
const HIDDEN = [
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200B',
  '\u200C',
  '\u200D',
  '\u200E',
  '\u200F',
  '\u2060',
  '\uFEFF',
  '\u061C',
  '\u{E0041}',
];
const shown = (ch: string) => `⟨U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}⟩`;
const RAW = new RegExp(`[${HIDDEN.join('')}]`, 'u');

function assertRevealed(where: string, text: string, expected: readonly string[]) {
  const raw = RAW.exec(text);
  assert.equal(raw, null, `${where} shows a raw U+${raw?.[0].codePointAt(0)?.toString(16)}`);
  for (const e of expected) assert.ok(text.includes(e), `${where} shows ${e}`);
}

describe('revealInvisible', () => {
  test('each bidi, zero-width and tag character becomes ⟨U+XXXX⟩', () => {
    for (const ch of HIDDEN) assert.equal(revealInvisible(`a${ch}b`), `a${shown(ch)}b`);
    assert.equal(revealInvisible('invoice\u202Etxt.exe'), 'invoice⟨U+202E⟩txt.exe');
  });

  test('visible text is left alone: Arabic, Hebrew, emoji with a variation selector, line breaks', () => {
    for (const text of ['مرحبا', 'שלום', '❤️ ok', 'a\r\nb\tc', '<script>', 'plain-name-1']) {
      assert.equal(revealInvisible(text), text);
    }
  });

  test('revealInvisibleIn copies only what changes and never changes its input', () => {
    const input = { a: { b: 'x' }, c: ['y\u2066', 3, null], d: new Date(0) };
    const out = revealInvisibleIn(input);
    assert.deepEqual(out.c, ['y⟨U+2066⟩', 3, null]);
    assert.equal(out.a, input.a, 'an unchanged part is shared');
    assert.equal(out.d, input.d);
    assert.equal(input.c[0], 'y\u2066');
  });

  test('singleLine shows them too (email subjects and plain-text rows)', () => {
    assert.equal(singleLine('pay\u202Eexe.txt\r\nBcc: x'), 'pay⟨U+202E⟩exe.txt Bcc: x');
  });
});

describe('every human-facing output', () => {
  const NAME = 'invoice\u202Etxt.exe';
  const LABEL = 'team\u200Ba';
  const NOTE = 'ok\u2066hidden\u2069';
  const IMAGE = `registry\u200D.example.com/app${'\u{E0041}'}:latest`;
  const CLUSTER = 'prod\u202Bx';
  const pod = normalizeObject(
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: NAME, namespace: 'team-a', labels: { team: LABEL }, annotations: { note: NOTE } },
      spec: { containers: [{ name: 'app', image: IMAGE, securityContext: { privileged: true } }] },
    },
    'test',
  );
  const snapshot = snapshotFromObjects({
    cluster: {
      name: CLUSTER,
      arn: null,
      region: null,
      accountId: null,
      kubernetesVersion: '1.31',
      source: 'manifests',
    },
    collectedAt: '2026-03-02T06:00:00.000Z',
    objects: [pod],
  }).snapshot;
  const results = evaluate(snapshot, { generatedAt: '2026-03-02T06:00:00.000Z' });
  const EXPECTED = ['invoice⟨U+202E⟩txt.exe', 'prod⟨U+202B⟩x'];

  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'invisible-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('the findings carry the exact strings, and results.json keeps them', () => {
    const failing = results.checks.flatMap((c) => c.failing);
    assert.ok(failing.some((f) => f.name === NAME));
    assert.ok(
      failing.some((f) => f.message.includes(IMAGE)),
      'the image is in a message',
    );
    const parsed = JSON.parse(renderResultsJson(results));
    assert.equal(parsed.cluster.name, CLUSTER);
  });

  test('HTML report', () => {
    const html = renderHtml({ results });
    assertRevealed('report.html', html, [...EXPECTED, 'registry⟨U+200D⟩.example.com/app⟨U+E0041⟩:latest']);
  });

  test('PDF report (pdftotext)', needs('poppler'), async () => {
    const path = join(dir, 'report.pdf');
    await writeFile(path, await renderPdf({ results }));
    // Table cells wrap names (after ⟩ too): read in content order and compare without the line breaks.
    const text = execFileSync(tool('pdftotext'), [path, '-'], { encoding: 'utf8' });
    assertRevealed('report.pdf', text.replace(/\s+/g, ''), EXPECTED);
  });

  test('findings.csv', () => {
    assertRevealed('findings.csv', renderCsv(results), [...EXPECTED, 'registry⟨U+200D⟩.example.com']);
  });

  test('the email: subject, HTML and text', () => {
    const email = renderEmail({
      runId: results.runId,
      generatedAt: results.generatedAt,
      clusters: [{ summary: summarizeCluster(results, []), reportLinks: {} }],
      failed: [{ cluster: `other\u202Ecluster`, reason: `denied for \u2067x\u2069` }],
    });
    assertRevealed('email subject', email.subject, ['prod⟨U+202B⟩x']);
    assertRevealed('email html', email.html, ['prod⟨U+202B⟩x', 'other⟨U+202E⟩cluster', '⟨U+2067⟩x⟨U+2069⟩']);
    assertRevealed('email text', email.text, ['prod⟨U+202B⟩x', 'other⟨U+202E⟩cluster']);
  });

  test('the fleet report: HTML and PDF', needs('poppler'), async () => {
    const model = buildFleetModel([summarizeCluster(results, [])]);
    assertRevealed('fleet.html', renderFleetHtml(model), ['prod⟨U+202B⟩x']);
    const path = join(dir, 'fleet.pdf');
    await writeFile(path, await renderFleetPdf(model));
    const text = execFileSync(tool('pdftotext'), ['-layout', path, '-'], { encoding: 'utf8' });
    assertRevealed('fleet.pdf', text, ['prod⟨U+202B⟩x']);
  });

  test('CLI output: an error naming a file with a bidi override shows it', async () => {
    const out = new PassThrough();
    const err = new PassThrough();
    let said = '';
    for (const s of [out, err]) s.on('data', (c: Buffer) => (said += c.toString('utf8')));
    const code = await runCli(['scan', '--snapshot', join(dir, `snap\u202Egz.json`), '--quiet'], {
      out,
      err,
      env: {},
    });
    assert.equal(code, 1);
    assertRevealed('CLI stderr', said, ['snap⟨U+202E⟩gz.json']);
  });
});
