/**
 * The programs some tests drive: Chromium (the HTML report in a browser), poppler (pdftotext, pdfinfo, pdffonts,
 * pdfdetach read the PDF back), qpdf (its syntax and streams), openssl (the fake API server's certificates) and
 * kubectl (a second client of the fake API server). Each is found on PATH, or at the file an environment variable
 * names (`<COMMAND>_PATH`, e.g. QPDF_PATH=/opt/qpdf/bin/qpdf, CHROMIUM_PATH=/usr/bin/google-chrome), never at a
 * fixed path.
 *
 * A test that needs one declares it with `needs(...)`: on a machine without it the test is skipped with the reason
 * (test/support/preflight.ts names what is missing before the run, test/support/skip-reporter.mjs lists what was
 * skipped after it); with CI=true nothing is skipped, and a missing tool fails the test that needs it.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export type ToolName = 'chromium' | 'poppler' | 'qpdf' | 'openssl' | 'kubectl';

interface ToolSpec {
  /** The commands the tests run; the first found of `alternatives` stands for the tool where there are several. */
  commands: readonly string[];
  /** Other names the same program goes by on PATH (Chromium). */
  alternatives?: readonly string[];
  /** The Debian package that provides it. */
  debianPackage: string;
  /** What the tests use it for. */
  purpose: string;
}

export const TOOLS: Readonly<Record<ToolName, ToolSpec>> = {
  chromium: {
    commands: ['chromium'],
    alternatives: ['chromium-browser', 'google-chrome-stable', 'google-chrome'],
    debianPackage: 'chromium',
    purpose: 'opens the HTML report',
  },
  poppler: {
    commands: ['pdftotext', 'pdfinfo', 'pdffonts', 'pdfdetach', 'pdftohtml'],
    debianPackage: 'poppler-utils',
    purpose: 'reads the PDF back',
  },
  qpdf: { commands: ['qpdf'], debianPackage: 'qpdf', purpose: "checks the PDF's syntax and streams" },
  openssl: { commands: ['openssl'], debianPackage: 'openssl', purpose: "makes the fake API server's certificates" },
  kubectl: { commands: ['kubectl'], debianPackage: 'kubectl', purpose: 'lists from the fake API server' },
};

export const TOOL_NAMES = Object.keys(TOOLS) as ToolName[];

/** The variable that names a command's file: `pdftotext` → PDFTOTEXT_PATH. */
export function envVarOf(command: string): string {
  return `${command.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_PATH`;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Where a command is: the file its variable names, else the first match on PATH; undefined when neither. */
export function findCommand(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const named = env[envVarOf(command)];
  if (named) return isExecutableFile(named) ? named : undefined;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && isExecutableFile(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

function toolOf(command: string): [ToolName, ToolSpec] {
  const entry = Object.entries(TOOLS).find(([, s]) => s.commands.includes(command));
  if (!entry) throw new Error(`${command}: not a tool test/support/tools.ts knows`);
  return entry as [ToolName, ToolSpec];
}

/** Chromium goes by several names; the first found (its own variable, CHROMIUM_PATH, wins). */
function findTool(name: ToolName, command: string, env: NodeJS.ProcessEnv): string | undefined {
  const found = findCommand(command, env);
  if (found || env[envVarOf(command)]) return found;
  for (const other of TOOLS[name].alternatives ?? []) {
    const alt = findCommand(other, { PATH: env.PATH });
    if (alt) return alt;
  }
  return undefined;
}

/** The tools that cannot be found, in TOOL_NAMES order. */
export function missingTools(env: NodeJS.ProcessEnv = process.env): ToolName[] {
  return TOOL_NAMES.filter((name) => TOOLS[name].commands.some((c) => findTool(name, c, env) === undefined));
}

/** The one command that installs them on Debian or Ubuntu. */
export function installCommand(tools: readonly ToolName[]): string {
  const packages = [...new Set(tools.map((t) => TOOLS[t].debianPackage))];
  return `sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

export class ToolMissingError extends Error {}

/** A command's path, for execFile; throws naming the variable, the package and the install command when missing. */
export function tool(command: string, env: NodeJS.ProcessEnv = process.env): string {
  const [name] = toolOf(command);
  const found = findTool(name, command, env);
  if (found) return found;
  const named = env[envVarOf(command)];
  throw new ToolMissingError(
    named
      ? `${command}: ${envVarOf(command)}=${named} is not an executable file`
      : `${command} not found on PATH (or set ${envVarOf(command)}); install it with: ${installCommand([name])}`,
  );
}

/** Whether missing tools fail the run instead of skipping tests (CI=true, as .ci/run's environment has). */
export function toolsRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true' || env.CI === '1';
}

/**
 * node:test options for a test or suite that needs these tools: skipped, with the reason, when one is missing
 * (unless CI=true: then it runs and fails on the missing tool with tool()'s message).
 */
export function needs(...tools: ToolName[]): { skip?: string } {
  return needsIn(process.env, tools);
}

/** needs() in a given environment. */
export function needsIn(env: NodeJS.ProcessEnv, tools: readonly ToolName[]): { skip?: string } {
  const missing = missingTools(env).filter((t) => tools.includes(t));
  if (missing.length === 0 || toolsRequired(env)) return {};
  return { skip: `${SKIP_PREFIX}${missing.join(', ')} (install: ${installCommand(missing)})` };
}

/** How a skip for a missing tool starts, so the skip reporter can tell them from other skips. */
export const SKIP_PREFIX = 'needs ';
