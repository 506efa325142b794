import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import skippedForTools, { SKIP_PREFIX as REPORTER_PREFIX } from './skip-reporter.mjs';
import {
  envVarOf,
  findCommand,
  installCommand,
  missingTools,
  needsIn,
  SKIP_PREFIX,
  TOOL_NAMES,
  TOOLS,
  ToolMissingError,
  tool,
} from './tools.js';

describe('finding the test tools', () => {
  let dir: string;
  let bin: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tools-'));
    bin = join(dir, 'bin');
    await mkdir(bin);
    for (const name of ['qpdf', 'google-chrome', 'not-executable']) {
      await writeFile(join(bin, name), '#!/bin/sh\n');
      await chmod(join(bin, name), name === 'not-executable' ? 0o644 : 0o755);
    }
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('on PATH, by the variable that names the file, and not when the file cannot run', () => {
    assert.equal(findCommand('qpdf', { PATH: `/nonexistent:${bin}` }), join(bin, 'qpdf'));
    assert.equal(findCommand('qpdf', { PATH: '' }), undefined);
    assert.equal(envVarOf('pdftotext'), 'PDFTOTEXT_PATH');
    assert.equal(findCommand('pdftotext', { PATH: '', PDFTOTEXT_PATH: join(bin, 'qpdf') }), join(bin, 'qpdf'));
    assert.equal(findCommand('not-executable', { PATH: bin }), undefined);
    assert.equal(findCommand('qpdf', { PATH: bin, QPDF_PATH: join(bin, 'not-executable') }), undefined);
  });

  test('Chromium by another name on PATH, unless CHROMIUM_PATH says otherwise', () => {
    assert.equal(tool('chromium', { PATH: bin }), join(bin, 'google-chrome'));
    assert.throws(
      () => tool('chromium', { PATH: bin, CHROMIUM_PATH: join(dir, 'nope') }),
      (err: unknown) =>
        err instanceof ToolMissingError && /CHROMIUM_PATH=.*nope is not an executable file/.test(err.message),
    );
  });

  test('a missing tool names its variable and the command that installs it', () => {
    assert.throws(
      () => tool('pdfinfo', { PATH: bin }),
      /^Error: pdfinfo not found on PATH \(or set PDFINFO_PATH\); install it with: sudo apt-get install -y --no-install-recommends poppler-utils$/,
    );
    assert.throws(() => tool('gcc', { PATH: bin }), /not a tool/);
  });

  test('missing tools: all of them with an empty PATH, none once each is named', () => {
    assert.deepEqual(missingTools({ PATH: '' }), TOOL_NAMES);
    const everyCommand = Object.fromEntries(
      TOOL_NAMES.flatMap((t) => TOOLS[t].commands).map((c) => [envVarOf(c), join(bin, 'qpdf')]),
    );
    assert.deepEqual(missingTools({ PATH: '', ...everyCommand }), []);
    assert.deepEqual(missingTools({ PATH: bin }), ['poppler', 'openssl', 'kubectl']);
    assert.equal(
      installCommand(['poppler', 'kubectl', 'poppler']),
      'sudo apt-get install -y --no-install-recommends poppler-utils kubectl',
    );
  });

  test('a test needing a missing tool is skipped with the reason, except with CI=true', () => {
    assert.deepEqual(needsIn({ PATH: bin }, ['qpdf', 'chromium']), {});
    const skip = needsIn({ PATH: bin }, ['qpdf', 'kubectl']).skip;
    assert.equal(skip, `${SKIP_PREFIX}kubectl (install: sudo apt-get install -y --no-install-recommends kubectl)`);
    assert.deepEqual(needsIn({ PATH: bin, CI: 'true' }, ['kubectl']), {});
  });

  test('the skip reporter lists the skips for tools, and only those', async () => {
    assert.equal(REPORTER_PREFIX, SKIP_PREFIX);
    const skip = needsIn({ PATH: '' }, ['qpdf']).skip;
    async function* events() {
      yield { type: 'test:pass', data: { name: 'checks the PDF', file: `${process.cwd()}/test/a.test.ts`, skip } };
      yield { type: 'test:pass', data: { name: 'skipped for another reason', skip: 'flaky on Tuesdays' } };
      yield { type: 'test:pass', data: { name: 'ran' } };
    }
    const out: string[] = [];
    for await (const chunk of skippedForTools(events())) out.push(chunk);
    assert.equal(out.join(''), `\nskipped for missing tools (1):\n  test/a.test.ts: checks the PDF: ${skip}\n`);
  });
});
