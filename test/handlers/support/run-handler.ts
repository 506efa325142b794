/**
 * Runs one bundled handler in a child process, as the Lambda runtime would: import index.mjs, call `handler` with
 * the event and a context, and report the result. Only the given environment is passed (no inherited AWS
 * profile, no proxy), so every call the handler makes goes where the test points it.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface HandlerRun {
  result: unknown;
  /** Everything the handler printed: its log lines. */
  output: string;
}

const RESULT_MARK = '@@handler-result@@';

const DRIVER = `
const [file, eventJson, name] = process.argv.slice(1);
const { handler } = await import(file);
const context = { awsRequestId: 'req-' + name, functionName: 'EksCompliance-' + name, functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:EksCompliance-' + name, memoryLimitInMB: '2048',
  getRemainingTimeInMillis: () => 600000 };
try {
  const result = await handler(JSON.parse(eventJson), context);
  process.stdout.write('\\n${RESULT_MARK}' + JSON.stringify({ ok: true, result: result ?? null }) + '\\n');
} catch (err) {
  process.stdout.write('\\n${RESULT_MARK}' + JSON.stringify({ ok: false, error: String(err && err.stack || err) }) + '\\n');
}
`;

export function runBundledHandler(
  dir: string,
  event: unknown,
  env: Record<string, string>,
  timeoutMs = 45_000,
): Promise<HandlerRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', DRIVER, join(dir, 'index.mjs'), JSON.stringify(event), dir.split('/').pop() ?? ''],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env, EKS_COMPLIANCE_ASSET_DIR: dir }, stdio: 'pipe' },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARK));
      const output = `${stdout
        .split('\n')
        .filter((l) => !l.startsWith(RESULT_MARK))
        .join('\n')}\n${stderr}`;
      if (!line) {
        reject(new Error(`handler in ${dir} exited ${code} without a result:\n${output.slice(-4000)}`));
        return;
      }
      const parsed = JSON.parse(line.slice(RESULT_MARK.length)) as { ok: boolean; result?: unknown; error?: string };
      if (!parsed.ok) {
        reject(new Error(`handler in ${dir} threw: ${parsed.error}\n${output.slice(-4000)}`));
        return;
      }
      resolve({ result: parsed.result, output });
    });
  });
}
