import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { createProgress } from '../../functions/cli/progress.js';

function capture(isTTY: boolean) {
  const out = new PassThrough();
  const err = Object.assign(new PassThrough(), { isTTY });
  const text = { out: '', err: '' };
  out.on('data', (c) => {
    text.out += String(c);
  });
  err.on('data', (c) => {
    text.err += String(c);
  });
  return { streams: { out, err }, text };
}

function run(progress: ReturnType<typeof createProgress>): void {
  progress.begin(['collect', 'evaluate', 'write']);
  progress.step('collect');
  progress.note('skipped 1 object');
  progress.step('evaluate');
  progress.step('write');
  progress.wrote('reports/x/results.json');
  progress.end();
  progress.summary('score 50.0 → reports/x/');
}

describe('progress', () => {
  test('not a TTY: one line per file, then the summary; notes on stderr', async () => {
    const { streams, text } = capture(false);
    run(createProgress(false, streams, {}));
    await new Promise((r) => setImmediate(r));
    assert.equal(text.out, 'wrote reports/x/results.json\nscore 50.0 → reports/x/\n');
    assert.equal(text.err, 'note: skipped 1 object\n');
  });

  test('a TTY in CI behaves like a pipe (no bar in CI logs)', async () => {
    const { streams, text } = capture(true);
    run(createProgress(false, streams, { CI: 'true' }));
    await new Promise((r) => setImmediate(r));
    assert.equal(text.err, 'note: skipped 1 object\n');
  });

  test('a TTY draws a bar on stderr and prints the files after it', async () => {
    const { streams, text } = capture(true);
    run(createProgress(false, streams, {}));
    await new Promise((r) => setImmediate(r));
    assert.match(text.err, /collect|evaluate|done/, 'the bar shows step names');
    assert.ok(text.err.indexOf('note: skipped') > text.err.lastIndexOf('done'), 'notes wait for the bar to end');
    assert.equal(text.out, 'wrote reports/x/results.json\nscore 50.0 → reports/x/\n');
  });

  test('--quiet prints nothing', async () => {
    const { streams, text } = capture(true);
    run(createProgress(true, streams, {}));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(text, { out: '', err: '' });
  });
});
