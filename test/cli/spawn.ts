/** Runs the real CLI in a child process, the way a user does, with a controlled environment. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let configHome: string | undefined;

/**
 * A config folder of the test process's own for the CLI's signing key (created on first use), so a test never
 * writes a key into the real ~/.config; removed when the process exits.
 */
export function testConfigHome(): string {
  if (configHome === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'eks-compliance-config-'));
    configHome = dir;
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return configHome;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** No credentials anywhere and no metadata service: nothing the CLI does may leave 127.0.0.1. */
export const NO_AWS_ENV: Readonly<Record<string, string>> = {
  AWS_ACCESS_KEY_ID: '',
  AWS_SECRET_ACCESS_KEY: '',
  AWS_SESSION_TOKEN: '',
  AWS_PROFILE: '',
  AWS_CONFIG_FILE: '/nonexistent/aws-config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
  AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
  AWS_WEB_IDENTITY_TOKEN_FILE: '',
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
};

/** Static test credentials and every AWS service pointed at a fake endpoint on 127.0.0.1. */
export function fakeAwsEnv(endpoint: string): Record<string, string> {
  return {
    ...NO_AWS_ENV,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    AWS_ENDPOINT_URL: endpoint,
    AWS_MAX_ATTEMPTS: '1',
  };
}

export function runCli(args: string[], env: Record<string, string> = NO_AWS_ENV): Promise<CliRun> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'functions/cli/main.ts', ...args],
      { env: { ...process.env, XDG_CONFIG_HOME: testConfigHome(), ...env, CI: 'true' }, timeout: 180_000 },
      (err, stdout, stderr) => done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}
