/**
 * The `eks-compliance` command line (design §3). `runCli` parses, runs one command and returns the exit code:
 * 0 done, 1 bad usage / bad input / unreachable target (one line on stderr, never a stack), 2 score under
 * --fail-under. It never calls process.exit, so tests can drive it in-process.
 *
 * What only some commands need (the collectors and their AWS clients, the config's schema validator, the manifest
 * parser, the fleet run) is imported when that command runs, so `--help`, `checks` and usage errors start fast.
 */
import { Command, CommanderError } from 'commander';
import { ALL_CHECKS } from '../checks/registry.js';
import type { Signer } from '../integrity/keys.js';
import type { Snapshot } from '../model/snapshot.js';
import { revealInvisible } from '../model/visible-text.js';
import {
  DEFAULT_FORMATS,
  frameworkCatalog,
  type HistorySnapshot,
  loadDemo,
  OUTPUT_FORMATS,
  type OutputFormat,
  runScan,
  type ScanConfig,
} from '../pipeline.js';
import type { ObjectLocator } from '../report/sarif.js';
import { InputError, readSnapshot, writeSnapshot } from '../snapshot/io.js';
import { TOOL_VERSION } from '../version.js';
import {
  collectList,
  parseFailUnder,
  parseFormats,
  parseFrameworks,
  parseTarget,
  type Target,
  type TargetOptions,
} from './options.js';
import { type CliProgress, createProgress } from './progress.js';
import { checksTable, summaryLine } from './report-lines.js';
import type { SigningOptions } from './signing.js';
import type { LiveOptions } from './sources.js';
import type { VerifyOptions } from './verify.js';

const PROG = 'eks-compliance';
const SECRET_METADATA_FLAG = '--secret-metadata';
const SECRET_METADATA_HELP =
  'also list Secrets, metadata only, for the legacy token and unused Secret checks (needs list secrets; see docs/permissions.md)';
const COMMANDS = 'scan, manifests, collect, run, checks or verify';

export interface CliIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

interface CommonOptions extends SigningOptions {
  out: string;
  format?: string;
  framework?: string[];
  config?: string;
  failUnder?: string;
  quiet?: boolean;
}

interface ScanSettings {
  outDir: string;
  formats: OutputFormat[];
  frameworks: string[] | undefined;
  failUnder: number | undefined;
  config: ScanConfig | undefined;
  quiet: boolean;
  signer: Signer | undefined;
}

interface LoadedTarget {
  snapshot: Snapshot;
  history?: HistorySnapshot[];
  notes?: string[];
  /** Where each object's source is (manifest file and line), for results.sarif. */
  locate?: ObjectLocator;
  /** Waivers and attestations that come with the target (the demo's); a --config file replaces them. */
  config?: ScanConfig;
}

function addTargetOptions(cmd: Command): Command {
  return cmd
    .option('--demo', 'the embedded demo cluster (scan: with several weeks of history)')
    .option('--snapshot <file>', 'a snapshot saved by `collect` (JSON, optionally .gz)')
    .option('--kubeconfig <file>', 'a kubeconfig file; Kubernetes checks only unless --cluster/--region are given too')
    .option('--context <name>', 'the kubeconfig context to use (alone: from $KUBECONFIG or ~/.kube/config)')
    .option('--cluster <name>', 'an EKS cluster, reached with the local AWS credentials')
    .option('--region <region>', 'the EKS cluster region (default: AWS_REGION)')
    .option('--role-arn <arn>', 'a role to assume before reading the EKS cluster')
    .option(
      '--kubelet-config',
      'also read kubelet configuration through nodes/proxy (CIS 3.2.x; see docs/permissions.md)',
    )
    .option(SECRET_METADATA_FLAG, SECRET_METADATA_HELP);
}

function addCommonOptions(cmd: Command): Command {
  return cmd
    .option(
      '--out <dir>',
      'output folder; files go to DIR/<cluster-slug>/ (run: DIR/<name>-<region>[-<account>]/)',
      './reports',
    )
    .option('--format <list>', `comma list of ${OUTPUT_FORMATS.join(', ')} (default: ${DEFAULT_FORMATS.join(',')})`)
    .option('--framework <id>', 'limit to a framework (repeatable or comma list)', collectList)
    .option(
      '--config <file>',
      'the config file (YAML): frameworks, waivers, attestations, approved registries, fail-under, report classification and distribution',
    )
    .option('--fail-under <score>', 'exit 2 when the overall score is under this (0-100)')
    .option(
      '--signing-key <file>',
      'sign manifest.json with this P-256 private key (PEM); default: your own key, created on first use',
    )
    .option('--no-sign', 'write manifest.json unsigned')
    .option('--quiet', 'print nothing but errors');
}

/** Validates every option before any work starts, so a typo never costs a collection. */
async function scanSettings(opts: CommonOptions, io: CliIo): Promise<ScanSettings> {
  const known = frameworkCatalog().map((f) => f.id);
  const config = opts.config !== undefined ? (await import('./config.js')).loadCliConfig(opts.config) : undefined;
  const say = (text: string) => {
    if (opts.quiet !== true) io.out.write(text.endsWith('\n') ? text : `${text}\n`);
  };
  // Command-line options win over the config file.
  return {
    outDir: opts.out,
    formats: parseFormats(opts.format),
    frameworks: parseFrameworks(opts.framework, known) ?? config?.frameworks,
    failUnder: parseFailUnder(opts.failUnder) ?? config?.failUnder,
    config: config?.scan,
    quiet: opts.quiet === true,
    signer: await (await import('./signing.js')).resolveSigner(opts, io.env, say),
  };
}

async function loadTarget(target: Target, live: LiveOptions = {}): Promise<LoadedTarget> {
  if (target.kind === 'demo') return loadDemo();
  if (target.kind === 'snapshot') {
    const snapshot = await readSnapshot(target.file);
    // The scan's source is the file; the collector's mode (recorded in `collector`) still says how it was taken.
    snapshot.cluster = { ...snapshot.cluster, source: 'snapshot' };
    return { snapshot };
  }
  const { collectLive } = await import('./sources.js');
  return { snapshot: await collectLive(target, live) };
}

function scanSteps(formats: readonly OutputFormat[]): string[] {
  return [
    'collect',
    'evaluate',
    ...(formats.includes('html') ? ['render html'] : []),
    ...(formats.includes('pdf') ? ['render pdf'] : []),
    'write',
  ];
}

/** Shared by `scan` and `manifests`: load, evaluate, render, write, summarise, apply --fail-under. */
async function scanAndReport(
  settings: ScanSettings,
  load: () => Promise<LoadedTarget>,
  io: CliIo,
  track: (p: CliProgress) => void,
): Promise<number> {
  const progress = createProgress(settings.quiet, { out: io.out, err: io.err }, io.env);
  track(progress);
  progress.begin(scanSteps(settings.formats));
  progress.step('collect');
  const loaded = await load();
  for (const note of loaded.notes ?? []) progress.note(note);
  const outcome = await runScan({
    snapshot: loaded.snapshot,
    history: loaded.history,
    frameworks: settings.frameworks,
    formats: settings.formats,
    outDir: settings.outDir,
    failUnder: settings.failUnder,
    config: settings.config ?? loaded.config,
    progress,
    locate: loaded.locate,
    evidence: { signer: settings.signer },
  });
  progress.end();
  progress.summary(summaryLine(outcome.results, outcome.folder));
  if (outcome.belowThreshold) {
    io.err.write(
      `${PROG}: score ${outcome.results.summary.score.toFixed(1)} is under --fail-under ${settings.failUnder}\n`,
    );
    return 2;
  }
  return 0;
}

function buildProgram(io: CliIo, setExit: (code: number) => void, track: (p: CliProgress) => void): Command {
  const program = new Command(PROG)
    .description('Agentless compliance reports for Amazon EKS: CIS EKS v1.8.0, NSA/CISA and the ten risk areas.')
    .version(TOOL_VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out.write(s),
      writeErr: (s) => io.err.write(s),
      // Errors are printed once, as one line, by runCli.
      outputError: () => undefined,
    })
    .showSuggestionAfterError(true)
    .allowExcessArguments(false);

  addCommonOptions(addTargetOptions(program.command('scan').description('scan a cluster, a snapshot or the demo')))
    .addHelpText('after', '\nExample: eks-compliance scan --demo --out ./reports')
    .action(async (opts: TargetOptions & CommonOptions) => {
      const target = parseTarget(opts, io.env);
      const settings = await scanSettings(opts, io);
      const live = { kubeletConfig: opts.kubeletConfig === true, secretMetadata: opts.secretMetadata === true };
      setExit(await scanAndReport(settings, () => loadTarget(target, live), io, track));
    });

  addCommonOptions(
    program
      .command('manifests')
      .description('scan YAML/JSON manifests offline (files, folders, multi-document YAML, kind: List; - for stdin)')
      .argument('<path...>', 'manifest files or folders')
      .option('--name <name>', 'the name to report them under (and the output folder)', 'manifests'),
  ).action(async (paths: string[], opts: CommonOptions & { name: string }) => {
    const settings = await scanSettings(opts, io);
    if (opts.name.trim() === '') throw new InputError('--name', 'must not be empty');
    const load = async (): Promise<LoadedTarget> => {
      const { readManifests } = await import('../manifests/load.js');
      const { manifestLocator } = await import('../manifests/locate.js');
      const loaded = await readManifests(paths, opts.name);
      // Paths relative to where the command runs: in CI that is the repository root, which code scanning expects.
      return { snapshot: loaded.snapshot, notes: loaded.notes, locate: manifestLocator(loaded.sources, process.cwd()) };
    };
    setExit(await scanAndReport(settings, load, io, track));
  });

  addCommonOptions(
    program
      .command('run')
      .description(
        'the weekly run on this machine: every cluster of --config (listed and discovered), then a fleet report',
      )
      .option('--kubelet-config', 'also read kubelet configuration through nodes/proxy (CIS 3.2.x)')
      .option(SECRET_METADATA_FLAG, SECRET_METADATA_HELP),
  )
    .addHelpText('after', '\nExample: eks-compliance run --config my-config.yaml --out ./reports')
    .action(async (opts: CommonOptions & { kubeletConfig?: boolean; secretMetadata?: boolean }) => {
      if (opts.config === undefined)
        throw new InputError('--config', 'required: run scans the clusters the config lists');
      const settings = await scanSettings(opts, io);
      const { loadReporterConfig } = await import('./config.js');
      const { runFleet } = await import('./fleet-run.js');
      const config = loadReporterConfig(opts.config);
      const say = (line: string) => {
        if (!settings.quiet) io.out.write(`${line}\n`);
      };
      const outcome = await runFleet({
        config,
        scan: settings.config ?? {},
        frameworks: settings.frameworks,
        formats: settings.formats,
        outDir: settings.outDir,
        failUnder: settings.failUnder,
        kubeletConfig: opts.kubeletConfig === true ? true : undefined,
        secretMetadata: opts.secretMetadata === true ? true : undefined,
        signer: settings.signer,
        say,
      });
      for (const f of outcome.failed) io.err.write(`${PROG}: not scanned: ${f.cluster}: ${f.reason}\n`);
      setExit(outcome.failed.length > 0 ? 1 : outcome.belowThreshold ? 2 : 0);
    });

  addTargetOptions(program.command('collect').description('save a snapshot of a target (JSON; .gz to compress)'))
    .requiredOption('--output <file>', 'the snapshot file to write')
    .option('--quiet', 'print nothing but errors')
    .action(async (opts: TargetOptions & { output: string; quiet?: boolean }) => {
      const target = parseTarget(opts, io.env);
      const { snapshot } = await loadTarget(target, {
        kubeletConfig: opts.kubeletConfig === true,
        secretMetadata: opts.secretMetadata === true,
      });
      await writeSnapshot(opts.output, snapshot);
      if (!opts.quiet) {
        const objects = Object.values(snapshot.kubernetes.inventories).reduce(
          (n, inv) => n + (inv?.status === 'collected' ? inv.items.length : 0),
          0,
        );
        io.out.write(`wrote ${opts.output} (${snapshot.cluster.name}, ${objects} objects)\n`);
      }
      setExit(0);
    });

  program
    .command('checks')
    .description('list the checks and the framework requirements they serve')
    .option('--framework <id>', 'only the checks a framework uses')
    .action((opts: { framework?: string }) => {
      const catalog = frameworkCatalog();
      const framework = parseFrameworks(
        opts.framework === undefined ? undefined : [opts.framework],
        catalog.map((f) => f.id),
      );
      io.out.write(checksTable(ALL_CHECKS, catalog, framework?.[0]));
      setExit(0);
    });

  program
    .command('verify')
    .description("check a run's signed manifest: a run folder, a report.pdf alone, or an s3:// prefix (read-only)")
    .argument(
      '<path>',
      'a run folder (DIR/<cluster-slug>), a report.pdf, or s3://BUCKET/reports/<run>/<account>/<region>/<cluster>/',
    )
    .option(
      '--public-key <file>',
      "the signer's public key (PEM); default: your own key, else public-key.pem beside the run",
    )
    .option('--kms-key-id <arn>', 'the KMS key that signed the run (its public key is read with kms:GetPublicKey)')
    .option('--reproduce', 're-evaluate the signed snapshot and compare every verdict with results.json')
    .option('--config <file>', "with --reproduce: re-evaluate under this config's waivers and attestations")
    .option('--quiet', 'print nothing but errors')
    .addHelpText(
      'after',
      '\nExample: eks-compliance verify reports/prod-eu-west-1 --public-key signing-key.pub.pem --reproduce',
    )
    .action(async (path: string, opts: VerifyOptions) => {
      const { runVerify } = await import('./verify.js');
      setExit(await runVerify(path, opts, io));
    });

  return program;
}

/** commander's messages start with "error: " and may add a suggestion on a second line; make them one line. */
function commanderLine(err: CommanderError): string {
  const text = err.message
    .replace(/^error:\s*/, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  const unknown = /^unknown option '([^']+)'(.*)$/.exec(text);
  if (unknown) return `${unknown[1]}: unknown option${unknown[2]}`;
  const command = /^unknown command '([^']+)'(.*)$/.exec(text);
  if (command) return `${command[1]}: unknown command${command[2]} (commands: ${COMMANDS})`;
  const argument = /^missing required argument '([^']+)'/.exec(text);
  if (argument?.[1] === 'path') return 'PATH: missing (give a run folder, a report.pdf or an s3:// URI)';
  if (argument) return `${argument[1].toUpperCase()}: missing (give one or more manifest files or folders)`;
  const valueMissing = /^option '(--[a-z-]+)[^']*' argument missing/.exec(text);
  if (valueMissing) return `${valueMissing[1]}: needs a value`;
  const option = /^required option '(--[a-z-]+)[^']*' not specified/.exec(text);
  if (option) return `${option[1]}: required`;
  return text;
}

function debugEnabled(env: NodeJS.ProcessEnv): boolean {
  return env.EKS_COMPLIANCE_DEBUG !== undefined && env.EKS_COMPLIANCE_DEBUG !== '' && env.EKS_COMPLIANCE_DEBUG !== '0';
}

/**
 * The stream with `revealInvisible` applied to every string written to it: what the CLI prints can name cluster
 * objects (notes, errors, the summary), and a terminal must not show a name other than the real one. Everything
 * else (isTTY, the cursor calls of the progress bar) is the stream's own.
 */
function revealing<S extends NodeJS.WritableStream>(stream: S): S {
  return new Proxy(stream, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop === 'write') {
        return (chunk: unknown, ...rest: unknown[]) =>
          // biome-ignore lint/suspicious/noExplicitAny: pass-through of write's overloads
          (value as any).call(target, typeof chunk === 'string' ? revealInvisible(chunk) : chunk, ...rest);
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code. Never throws. */
export async function runCli(
  argv: string[],
  given: CliIo = { out: process.stdout, err: process.stderr, env: process.env },
): Promise<number> {
  const io: CliIo = { ...given, out: revealing(given.out), err: revealing(given.err) };
  let exitCode = 0;
  let progress: CliProgress | undefined;
  const program = buildProgram(
    io,
    (code) => {
      exitCode = code;
    },
    (p) => {
      progress = p;
    },
  );
  try {
    if (argv.length === 0) {
      io.err.write(`${PROG}: error: no command given: use ${COMMANDS} (see ${PROG} --help)\n`);
      return 1;
    }
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    progress?.end();
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
      if (err.code === 'commander.help' || err.code === 'commander.executeSubCommandAsync') return err.exitCode || 1;
      io.err.write(`${PROG}: error: ${commanderLine(err)}\n`);
      return 1;
    }
    if (err instanceof InputError) {
      io.err.write(`${PROG}: error: ${err.subject}: ${err.problem}\n`);
      return 1;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.err.write(`${PROG}: error: internal error: ${message.split('\n')[0]}\n`);
    if (debugEnabled(io.env) && err instanceof Error && err.stack) io.err.write(`${err.stack}\n`);
    return 1;
  }
}
