/**
 * The local pipeline: Snapshot → evaluate → validate against the results schema → render → write to
 * `OUTDIR/<cluster-slug>/`. This is the one place where the stages are wired together for the CLI, so the imports
 * of the scoring, report and demo modules live here and nowhere else in the CLI.
 *
 * Those modules are imported lazily: `checks`, `--help` and usage errors then start without loading the PDF engine,
 * the templates or the demo data.
 */
import { join } from 'node:path';
import { configuredChecks } from './checks/registry.js';
import { FRAMEWORKS } from './frameworks/index.js';
import type { FrameworkDefinition } from './frameworks/types.js';
import type { Signer } from './integrity/keys.js';
import type { RunEvidence } from './integrity/run-folder.js';
import type { Snapshot } from './model/snapshot.js';
import { clusterSlug, type OutputFile, publishLocal } from './publish/local-folder.js';
import type { DocumentControl } from './report/model-document.js';
import type { ObjectLocator } from './report/sarif.js';
import type { ScanResults } from './scoring/results.js';
import type { Attestation, Waiver } from './scoring/waiver-types.js';
import { InputError } from './snapshot/io.js';

export const OUTPUT_FORMATS = [
  'html',
  'pdf',
  'json',
  'csv',
  'requirements',
  'sarif',
  'junit',
  'asff',
  'email',
] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export const DEFAULT_FORMATS: readonly OutputFormat[] = ['html', 'pdf', 'json', 'csv', 'requirements'];

export const OUTPUT_FILE_NAMES: Readonly<Record<OutputFormat, string>> = {
  json: 'results.json',
  html: 'report.html',
  pdf: 'report.pdf',
  csv: 'findings.csv',
  requirements: 'requirements.csv',
  sarif: 'results.sarif',
  junit: 'junit.xml',
  asff: 'findings.asff.json',
  // `email` writes two files: this one (the HTML part) and EMAIL_TEXT_FILE_NAME (the plain-text part).
  email: 'email.html',
};

/** The weekly email's plain-text part, written beside email.html by `--format email`. */
export const EMAIL_TEXT_FILE_NAME = 'email.txt';

/** A past snapshot and the date its results are to carry (the demo's weekly history). */
export interface HistorySnapshot {
  generatedAt: string;
  snapshot: Snapshot;
}

/** What the config file contributes to a scan, passed through until the config schema validates it. */
export interface ScanConfig {
  waivers?: Waiver[];
  attestations?: Attestation[];
  /** Host globs for CIS 5.1.4; the check's default list applies when absent. */
  approvedRegistries?: readonly string[];
  /** The config's report.classification, report.distribution and recipients, for the PDF's document control. */
  documentControl?: DocumentControl;
}

/** Steps and written files, for the CLI's progress display. */
export interface ScanProgress {
  step(label: string): void;
  wrote(path: string): void;
}

export interface ScanRequest {
  snapshot: Snapshot;
  /** Past runs, oldest first: either snapshots to evaluate (with the date to give them) or earlier results. */
  history?: HistorySnapshot[] | ScanResults[];
  frameworks?: string[];
  formats: readonly OutputFormat[];
  outDir: string;
  /** When set, `belowThreshold` says whether the overall score is under it. */
  failUnder?: number;
  config?: ScanConfig;
  progress?: ScanProgress;
  runId?: string;
  generatedAt?: string;
  /** The folder under outDir to write to; clusterSlug(cluster name) when unset (`run` gives each cluster its own). */
  folderName?: string;
  /**
   * The file and line each object came from (`manifests` scans), so results.sarif can place alerts on files. Only
   * SARIF uses it: results.json's schema is a published contract and stays as it is.
   */
  locate?: ObjectLocator;
  /**
   * Evidence integrity (functions/integrity/): write the snapshot beside the outputs (results.json always among them),
   * attach the evidence manifest to report.pdf, and write manifest.json, signed by `signer` when there is one.
   */
  evidence?: { signer: Signer | undefined };
}

export interface ScanOutcome {
  results: ScanResults;
  /** Paths of the files written, in the order written. */
  files: string[];
  /** The folder they were written to: `outDir/<cluster-slug>` (or `outDir/<folderName>`). */
  folder: string;
  belowThreshold: boolean;
}

const silent: ScanProgress = { step: () => undefined, wrote: () => undefined };

/** The framework catalog (mapping data), for option validation and the `checks` listing. */
export function frameworkCatalog(): readonly FrameworkDefinition[] {
  return FRAMEWORKS;
}

/** The embedded demo cluster, its weekly history and its own waivers and attestations. */
export async function loadDemo(): Promise<{ snapshot: Snapshot; history: HistorySnapshot[]; config: ScanConfig }> {
  const { loadDemoHistory, loadDemoSnapshot } = await import('./demo/index.js');
  const { demoConfig } = await import('./demo/config.js');
  // One collection time for the run and its history, so the weekly timeline lines up.
  const collectedAt = loadDemoSnapshot().collectedAt;
  return {
    snapshot: loadDemoSnapshot({ collectedAt }),
    history: loadDemoHistory({ collectedAt }),
    config: demoConfig(collectedAt),
  };
}

function isHistorySnapshot(entry: HistorySnapshot | ScanResults): entry is HistorySnapshot {
  return 'snapshot' in entry && typeof entry.generatedAt === 'string';
}

/** Evaluates past snapshots with the same frameworks, waivers and attestations; sorted oldest first. */
export async function historyResults(
  history: HistorySnapshot[] | ScanResults[],
  frameworks: string[] | undefined,
  config: ScanConfig | undefined,
): Promise<ScanResults[]> {
  const { evaluate } = await import('./scoring/evaluate.js');
  const results = (history as (HistorySnapshot | ScanResults)[]).map((entry) =>
    isHistorySnapshot(entry)
      ? evaluate(entry.snapshot, {
          frameworks,
          checks: configuredChecks(config ?? {}),
          generatedAt: entry.generatedAt,
          waivers: config?.waivers,
          attestations: config?.attestations,
        })
      : entry,
  );
  return results.sort((a, b) => Date.parse(a.generatedAt) - Date.parse(b.generatedAt));
}

/**
 * Renders the requested formats in a fixed order. results.json is serialised once and the same bytes are attached
 * to the PDF, so the checksum the PDF prints matches the file written beside it.
 */
async function render(
  results: ScanResults,
  history: ScanResults[],
  formats: readonly OutputFormat[],
  progress: ScanProgress,
  locate: ObjectLocator | undefined,
  evidence: RunEvidence | undefined,
  documentControl: DocumentControl | undefined,
): Promise<OutputFile[]> {
  const {
    renderCsv,
    renderHtml,
    renderJunit,
    renderPdf,
    renderRequirementsCsv,
    renderResultsJson,
    renderSarif,
    resultsJsonChunks,
  } = await import('./report/index.js');
  const wanted = (f: OutputFormat) => formats.includes(f);
  // The PDF attaches results.json and prints its hash, so it needs the whole text; without a PDF the file is
  // written in pieces and the text of a large scan is never held at once.
  const resultsJson = wanted('pdf') ? renderResultsJson(results) : undefined;
  const files: OutputFile[] = [];
  if (wanted('json')) {
    files.push({ name: OUTPUT_FILE_NAMES.json, content: resultsJson ?? resultsJsonChunks(results) });
  }
  if (wanted('html')) {
    progress.step('render html');
    files.push({ name: OUTPUT_FILE_NAMES.html, content: renderHtml({ results, history, documentControl }) });
  }
  if (wanted('pdf')) {
    progress.step('render pdf');
    const pdfEvidence = evidence && resultsJson !== undefined ? await evidence.pdfEvidence(resultsJson) : undefined;
    files.push({
      name: OUTPUT_FILE_NAMES.pdf,
      content: await renderPdf({ results, history, resultsJson, evidence: pdfEvidence, documentControl }),
    });
  }
  if (wanted('csv')) files.push({ name: OUTPUT_FILE_NAMES.csv, content: renderCsv(results) });
  if (wanted('requirements')) {
    files.push({ name: OUTPUT_FILE_NAMES.requirements, content: renderRequirementsCsv(results) });
  }
  if (wanted('sarif')) files.push({ name: OUTPUT_FILE_NAMES.sarif, content: renderSarif(results, { locate }) });
  if (wanted('junit')) files.push({ name: OUTPUT_FILE_NAMES.junit, content: renderJunit(results) });
  if (wanted('email')) {
    const { emailPreview } = await import('./report/email.js');
    const email = emailPreview(results, history, {
      html: wanted('html') ? OUTPUT_FILE_NAMES.html : undefined,
      pdf: wanted('pdf') ? OUTPUT_FILE_NAMES.pdf : undefined,
    });
    files.push({ name: OUTPUT_FILE_NAMES.email, content: email.html });
    files.push({ name: EMAIL_TEXT_FILE_NAME, content: email.text });
  }
  if (wanted('asff')) {
    const { AsffError, renderAsff } = await import('./report/asff.js');
    try {
      files.push({ name: OUTPUT_FILE_NAMES.asff, content: renderAsff(results) });
    } catch (err) {
      if (err instanceof AsffError) throw new InputError('--format asff', err.message);
      throw err;
    }
  }
  return files;
}

/**
 * Evaluates a snapshot, checks the results against the results.json schema, renders and writes the requested
 * formats. A schema failure is a bug in this program, not in the input, so it throws a plain Error.
 */
export async function runScan(req: ScanRequest): Promise<ScanOutcome> {
  const progress = req.progress ?? silent;

  progress.step('evaluate');
  const { evaluate } = await import('./scoring/evaluate.js');
  const { validateResults } = await import('./scoring/validate-results.js');
  const options = {
    frameworks: req.frameworks,
    checks: configuredChecks(req.config ?? {}),
    runId: req.runId,
    generatedAt: req.generatedAt,
    waivers: req.config?.waivers,
    attestations: req.config?.attestations,
  };
  const results = evaluate(req.snapshot, options);
  const validation = validateResults(results);
  if (!validation.valid) {
    throw new Error(`results do not match the results.json schema: ${validation.errors.slice(0, 3).join('; ')}`);
  }
  const history = req.history ? await historyResults(req.history, req.frameworks, req.config) : [];

  // A manifest names results.json, so a sealed run always writes it.
  const formats: readonly OutputFormat[] =
    req.evidence && !req.formats.includes('json') ? ['json', ...req.formats] : req.formats;
  let evidence: RunEvidence | undefined;
  if (req.evidence) {
    const { prepareRunEvidence } = await import('./integrity/run-folder.js');
    const { evaluationInputs } = await import('./integrity/seal.js');
    const inputs = evaluationInputs({ frameworks: req.frameworks, ...req.config });
    evidence = await prepareRunEvidence(results, req.snapshot, inputs, req.evidence.signer);
  }
  const files = await render(results, history, formats, progress, req.locate, evidence, req.config?.documentControl);
  if (evidence) files.push(evidence.snapshotFile);

  progress.step('write');
  const folder = join(req.outDir, req.folderName ?? clusterSlug(results.cluster.name));
  let written: string[];
  try {
    written = await publishLocal(folder, files);
    if (evidence) written.push(...(await publishLocal(folder, await evidence.seal(written))));
  } catch (err) {
    throw new InputError(folder, `cannot write reports (${err instanceof Error ? err.message : String(err)})`);
  }
  for (const path of written) progress.wrote(path);

  const belowThreshold = req.failUnder !== undefined && results.summary.score < req.failUnder;
  return { results, files: written, folder, belowThreshold };
}
