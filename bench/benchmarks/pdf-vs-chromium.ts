/**
 * A report of 10,000 findings as a PDF two ways, in the same run: our renderer (pdfkit, `renderPdf`) against
 * printing the HTML report (`renderHtml`) of the same results with headless Chromium (playwright-core: setContent +
 * page.pdf). The results come from evaluating a synthetic cluster (bench/synthetic-cluster.ts) sized so every
 * check together finds at least 10,000 failing objects; both reports cap the rows per check (FINDINGS_ROW_LIMIT),
 * the rest going to findings.csv, so each side prints the same findings.
 *
 * The browser is started once, outside the timing, as a service printing many reports would keep it; each sample
 * is one page print. Our renderer likewise runs in its own warm process (the render server, this module run as a
 * script), timed around renderPdf there: the warm figure, which is judged. The cold figure is a render in a fresh
 * process (this module run as a script, `--render-child`), as the first report of a new Lambda: it reads the
 * results.json, then renderPdf is timed once, with module JIT and font parsing all still to do; the same child
 * gives the peak memory (its maxRSS before and after the render). Samples alternate in order, with an idle pause
 * after each and no forced GC, so neither side pays for the other's leftover work.
 */
import { type ChildProcess, execFile, fork } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { configuredChecks } from '../../functions/checks/registry.js';
import { renderHtml } from '../../functions/report/html.js';
import { renderResultsJson } from '../../functions/report/json.js';
import { renderPdf } from '../../functions/report/pdf.js';
import { RENDER_NODE_FLAGS } from '../../functions/report/render-runtime.js';
import { evaluate } from '../../functions/scoring/evaluate.js';
import type { ScanResults } from '../../functions/scoring/results.js';
import { launchChromium } from '../../test/support/chromium.js';
import { syntheticSnapshot } from '../synthetic-cluster.js';
import { collectGarbage, median, round } from '../timing.js';
import type { Benchmark } from './types.js';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const TARGET_RATIO = 1;
/** The pause after every timed sample, so each starts with no leftover work from the one before. */
const SETTLE_MS = 300;
const FINDINGS = 10_000;
/** 7,200 synthetic pods give 10,345 failing findings across 46 checks (seed 10,000). */
const FULL = { pods: 7_200, runs: 9, minFindings: FINDINGS, warmups: 3 };
const QUICK = { pods: 300, runs: 1, minFindings: 1, warmups: 1 };
const SEED = 10_000;
const GENERATED_AT = '2026-01-05T09:00:00.000Z';

export interface PdfVsChromiumFigures {
  findings: number;
  failingChecks: number;
  /** Renders in the warm render server. */
  oursMs: number[];
  /** The first render of a fresh process, one per process (`--render-child`). */
  oursColdMs: number[];
  chromiumMs: number[];
  oursPages: number;
  chromiumPages: number;
  oursBytes: number;
  chromiumBytes: number;
  /** The first cold render child's peak RSS before and after rendering the PDF (KiB). */
  rssBeforeKiB: number;
  rssPeakKiB: number;
}

/** Pages of a PDF, from its page tree (`/Type /Pages … /Count n`), without a PDF library. */
export function pdfPageCount(pdf: Buffer): number {
  const text = pdf.toString('latin1');
  let max = 0;
  for (const m of text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g)) {
    max = Math.max(max, Number(m[1] ?? m[2]));
  }
  return max;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

/** The results of a synthetic cluster with at least `minFindings` failing findings. */
export function syntheticResults(pods: number, minFindings: number): ScanResults {
  const snapshot = syntheticSnapshot({ seed: SEED, pods });
  const results = evaluate(snapshot, { checks: configuredChecks({}), generatedAt: GENERATED_AT });
  const findings = countFindings(results);
  if (findings < minFindings) throw new Error(`${pods} pods gave ${findings} findings, fewer than ${minFindings}`);
  return results;
}

function countFindings(results: ScanResults): number {
  return results.checks.reduce((n, c) => n + c.failing.length, 0);
}

interface RenderChildReport {
  /** renderPdf's time in the fresh process. */
  ms: number;
  rssBeforeKiB: number;
  rssPeakKiB: number;
  bytes: number;
}

/** One cold render (time and peak RSS), in a fresh process that holds nothing but the results in `file`. */
async function renderCold(file: string): Promise<RenderChildReport> {
  const { stdout } = await run(
    process.execPath,
    [...RENDER_NODE_FLAGS, '--import', 'tsx', fileURLToPath(import.meta.url), '--render-child', file],
    { cwd: repoRoot, maxBuffer: 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as RenderChildReport;
}

type Side = 'ours' | 'ours-cold' | 'chromium';

/** What the render server answers for each sample: the render's time, measured around renderPdf in the server. */
interface RenderSample {
  ms: number;
  bytes: number;
  pages: number;
}

/**
 * Our renderer in its own Node process, as Chromium prints in its own: it parses the results once, then renders
 * the PDF on each request and answers with the time renderPdf took (timed as before, around the call). The
 * benchmark process's heap (the HTML Chromium is given, playwright's protocol traffic) then no longer adds to
 * our collections, nor ours to Chromium's side.
 */
class RenderServer {
  private constructor(private readonly child: ChildProcess) {}

  static async start(file: string): Promise<RenderServer> {
    const child = fork(fileURLToPath(import.meta.url), ['--render-server', file], {
      cwd: repoRoot,
      execArgv: [...RENDER_NODE_FLAGS, '--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const server = new RenderServer(child);
    await server.next(); // "ready": the results are parsed
    return server;
  }

  private next(): Promise<RenderSample> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`render server exited (${code})`));
      this.child.once('exit', onExit);
      this.child.once('message', (message) => {
        this.child.off('exit', onExit);
        resolve(message as RenderSample);
      });
    });
  }

  render(): Promise<RenderSample> {
    const answer = this.next();
    this.child.send('render');
    return answer;
  }

  stop(): void {
    this.child.disconnect();
  }
}

async function renderServer(file: string): Promise<void> {
  const resultsJson = await readFile(file, 'utf8');
  const results = JSON.parse(resultsJson) as ScanResults;
  process.on('message', async () => {
    const { ms, value } = await timed(() => renderPdf({ results, history: [], resultsJson }));
    process.send?.({ ms, bytes: value.length, pages: pdfPageCount(value) } satisfies RenderSample);
  });
  process.send?.({ ms: 0, bytes: 0, pages: 0 } satisfies RenderSample);
}

async function renderChild(file: string): Promise<void> {
  const resultsJson = await readFile(file, 'utf8');
  const results = JSON.parse(resultsJson) as ScanResults;
  collectGarbage();
  const rssBeforeKiB = process.resourceUsage().maxRSS;
  const { ms, value: pdf } = await timed(() => renderPdf({ results, history: [], resultsJson }));
  const rssPeakKiB = process.resourceUsage().maxRSS;
  const report: RenderChildReport = { ms, rssBeforeKiB, rssPeakKiB, bytes: pdf.length };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

export async function measurePdfVsChromium(
  pods: number,
  runs: number,
  minFindings: number,
  warmups = 1,
): Promise<PdfVsChromiumFigures> {
  const results = syntheticResults(pods, minFindings);
  const resultsJson = renderResultsJson(results);
  const dir = await mkdtemp(join(tmpdir(), 'bench-pdf-'));
  const resultsFile = join(dir, 'results.json');
  await writeFile(resultsFile, resultsJson);
  const server = await RenderServer.start(resultsFile);
  const browser = await launchChromium();
  try {
    const ours = () => server.render();
    const theirs = async () => {
      const page = await browser.newPage();
      try {
        // The HTML is rendered inside the sample: each side starts from the same results.
        await page.setContent(renderHtml({ results, history: [] }), { waitUntil: 'load' });
        return await page.pdf({ format: 'A4', printBackground: true });
      } finally {
        await page.close();
      }
    };
    // Warm-ups of each, untimed, as many for both: module JIT and font parsing for us (the first renders of a
    // fresh process run well below full speed until V8 has optimised the hot paths), the renderer process for
    // Chromium.
    const first = await ours();
    const firstChromium = await theirs();
    for (let i = 1; i < warmups; i++) {
      await ours();
      await theirs();
    }
    const oursMs: number[] = [];
    const oursColdMs: number[] = [];
    const chromiumMs: number[] = [];
    let rss: RenderChildReport | undefined;
    const sample = async (side: Side) => {
      if (side === 'ours') oursMs.push((await ours()).ms);
      else if (side === 'ours-cold') {
        const cold = await renderCold(resultsFile);
        rss ??= cold;
        oursColdMs.push(cold.ms);
      } else chromiumMs.push((await timed(theirs)).ms);
      // Each sample starts on an idle machine (2 shared cores): Chromium's browser and GPU processes keep working
      // for a while after page.pdf() resolves and page.close() returns, and would otherwise run during our next
      // sample; the same pause follows ours, so neither side inherits the other's leftovers.
      await sleep(SETTLE_MS);
    };
    for (let i = 0; i < runs; i++) {
      // No forced full GC between samples, for either side: it shrinks the heap, and the next render (which
      // allocates a lot) then pays for regrowing it, about doubling our time; a service printing reports never
      // forces one. The order alternates so neither side always runs right after the other.
      const order: Side[] = i % 2 === 0 ? ['ours', 'chromium', 'ours-cold'] : ['ours-cold', 'chromium', 'ours'];
      for (const side of order) await sample(side);
    }
    return {
      findings: countFindings(results),
      failingChecks: results.checks.filter((c) => c.failing.length > 0).length,
      oursMs,
      oursColdMs,
      chromiumMs,
      oursPages: first.pages,
      chromiumPages: pdfPageCount(firstChromium),
      oursBytes: first.bytes,
      chromiumBytes: firstChromium.length,
      rssBeforeKiB: rss?.rssBeforeKiB ?? 0,
      rssPeakKiB: rss?.rssPeakKiB ?? 0,
    };
  } finally {
    await browser.close();
    server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

export const pdfVsChromium: Benchmark = {
  id: 'pdf-vs-chromium',
  description:
    'renderPdf of a 10,000-finding report, against headless Chromium printing renderHtml of the same results',
  async run({ quick }) {
    const size = quick ? QUICK : FULL;
    const f = await measurePdfVsChromium(size.pods, size.runs, size.minFindings, size.warmups);
    const oursMedian = median(f.oursMs);
    const chromiumMedian = median(f.chromiumMs);
    const ratio = oursMedian / chromiumMedian;
    const coldMedian = median(f.oursColdMs);
    const kib = (n: number) => Math.round(n / 1024);
    const mib = (k: number) => round(k / 1024, 1);
    return {
      value: round(oursMedian, 0),
      unit: 'ms',
      baseline: round(chromiumMedian, 0),
      ratio: round(ratio, 3),
      target: `ratio ≤ ${TARGET_RATIO.toFixed(1)}`,
      met: quick ? null : ratio <= TARGET_RATIO,
      notes:
        `${f.findings} findings in ${f.failingChecks} failing checks (synthetic ${size.pods} pods), median of ` +
        `${size.runs} after ${size.warmups} warm-up(s) of each, order alternating, ${SETTLE_MS} ms idle after every sample, no forced GC between samples; ` +
        `ours rendered in its own warm Node process (${RENDER_NODE_FLAGS.join(' ')}, as the report Lambda), as ` +
        `Chromium prints in its own (browser launched once, not timed); cold, the first render of a fresh process ` +
        `(median of ${f.oursColdMs.length}): ${round(coldMedian, 0)} ms (ratio ${round(coldMedian / chromiumMedian, 3)}, not judged); ` +
        `pages: ours ${f.oursPages} (${kib(f.oursBytes)} KiB), ` +
        `Chromium ${f.chromiumPages} (${kib(f.chromiumBytes)} KiB); render peak RSS ${mib(f.rssPeakKiB)} MiB ` +
        `(${mib(f.rssBeforeKiB)} MiB before the render, in a cold child)` +
        (quick ? ' (quick: not judged)' : ''),
    };
  },
};

// Run as a script: `--render-child FILE`, one cold render (time and peak RSS); `--render-server FILE`, warm renders.
if (
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href &&
  (process.argv[2] === '--render-child' || process.argv[2] === '--render-server')
) {
  if (process.argv[2] === '--render-child') await renderChild(process.argv[3] ?? '');
  else await renderServer(process.argv[3] ?? '');
}
