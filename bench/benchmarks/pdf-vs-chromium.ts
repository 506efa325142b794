/**
 * A report of 10,000 findings as a PDF two ways, in the same run: our renderer (pdfkit, `renderPdf`) against
 * printing the HTML report (`renderHtml`) of the same results with headless Chromium (playwright-core: setContent +
 * page.pdf). The results come from evaluating a synthetic cluster (bench/synthetic-cluster.ts) sized so every
 * check together finds at least 10,000 failing objects; both reports cap the rows per check (FINDINGS_ROW_LIMIT),
 * the rest going to findings.csv, so each side prints the same findings.
 *
 * The browser is started once, outside the timing, as a service printing many reports would keep it; each sample
 * is one page print. Peak memory is measured in a child process (this module, run as a script) that reads the
 * results.json and renders the PDF once: its maxRSS before and after the render.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { configuredChecks } from '../../functions/checks/registry.js';
import { renderHtml } from '../../functions/report/html.js';
import { renderResultsJson } from '../../functions/report/json.js';
import { renderPdf } from '../../functions/report/pdf.js';
import { evaluate } from '../../functions/scoring/evaluate.js';
import type { ScanResults } from '../../functions/scoring/results.js';
import { syntheticSnapshot } from '../synthetic-cluster.js';
import { collectGarbage, median, round } from '../timing.js';
import type { Benchmark } from './types.js';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
/** As test/report/html.test.ts starts it. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const TARGET_RATIO = 0.25;
const FINDINGS = 10_000;
/** 7,200 synthetic pods give 10,345 failing findings across 46 checks (seed 10,000). */
const FULL = { pods: 7_200, runs: 7, minFindings: FINDINGS };
const QUICK = { pods: 300, runs: 1, minFindings: 1 };
const SEED = 10_000;
const GENERATED_AT = '2026-01-05T09:00:00.000Z';

export interface PdfVsChromiumFigures {
  findings: number;
  failingChecks: number;
  oursMs: number[];
  chromiumMs: number[];
  oursPages: number;
  chromiumPages: number;
  oursBytes: number;
  chromiumBytes: number;
  /** The render child's peak RSS before and after rendering the PDF (KiB). */
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
  rssBeforeKiB: number;
  rssPeakKiB: number;
  bytes: number;
}

/** Peak RSS of one render, in a fresh process that holds nothing but the results. */
async function measureRenderRss(resultsJson: string): Promise<RenderChildReport> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-pdf-'));
  try {
    const file = join(dir, 'results.json');
    await writeFile(file, resultsJson);
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--render-child', file],
      { cwd: repoRoot, maxBuffer: 1024 * 1024 },
    );
    return JSON.parse(stdout.trim().split('\n').pop() ?? '') as RenderChildReport;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function renderChild(file: string): Promise<void> {
  const resultsJson = await readFile(file, 'utf8');
  const results = JSON.parse(resultsJson) as ScanResults;
  collectGarbage();
  const rssBeforeKiB = process.resourceUsage().maxRSS;
  const pdf = await renderPdf({ results, history: [], resultsJson });
  const rssPeakKiB = process.resourceUsage().maxRSS;
  const report: RenderChildReport = { rssBeforeKiB, rssPeakKiB, bytes: pdf.length };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

export async function measurePdfVsChromium(
  pods: number,
  runs: number,
  minFindings: number,
): Promise<PdfVsChromiumFigures> {
  const results = syntheticResults(pods, minFindings);
  const resultsJson = renderResultsJson(results);
  const rss = await measureRenderRss(resultsJson);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const ours = () => renderPdf({ results, history: [], resultsJson });
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
    // A warm-up of each: module JIT and font parsing for us, the renderer process for Chromium.
    const first = await ours();
    const firstChromium = await theirs();
    const oursMs: number[] = [];
    const chromiumMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      // No forced full GC before our sample: it shrinks the heap, and the render (which allocates a lot) then
      // pays for regrowing it, about doubling its time; a service rendering reports never forces one. Chromium
      // renders in its own processes, which this collection does not touch.
      oursMs.push((await timed(ours)).ms);
      collectGarbage();
      chromiumMs.push((await timed(theirs)).ms);
    }
    return {
      findings: countFindings(results),
      failingChecks: results.checks.filter((c) => c.failing.length > 0).length,
      oursMs,
      chromiumMs,
      oursPages: pdfPageCount(first),
      chromiumPages: pdfPageCount(firstChromium),
      oursBytes: first.length,
      chromiumBytes: firstChromium.length,
      rssBeforeKiB: rss.rssBeforeKiB,
      rssPeakKiB: rss.rssPeakKiB,
    };
  } finally {
    await browser.close();
  }
}

export const pdfVsChromium: Benchmark = {
  id: 'pdf-vs-chromium',
  description:
    'renderPdf of a 10,000-finding report, against headless Chromium printing renderHtml of the same results',
  async run({ quick }) {
    const size = quick ? QUICK : FULL;
    const f = await measurePdfVsChromium(size.pods, size.runs, size.minFindings);
    const oursMedian = median(f.oursMs);
    const chromiumMedian = median(f.chromiumMs);
    const ratio = oursMedian / chromiumMedian;
    const kib = (n: number) => Math.round(n / 1024);
    const mib = (k: number) => round(k / 1024, 1);
    return {
      value: round(oursMedian, 0),
      unit: 'ms',
      baseline: round(chromiumMedian, 0),
      ratio: round(ratio, 3),
      target: `ratio ≤ ${TARGET_RATIO}`,
      met: quick ? null : ratio <= TARGET_RATIO,
      notes:
        `${f.findings} findings in ${f.failingChecks} failing checks (synthetic ${size.pods} pods), median of ` +
        `${size.runs} (browser launched once, not timed; no forced GC before our samples); pages: ours ${f.oursPages} (${kib(f.oursBytes)} KiB), ` +
        `Chromium ${f.chromiumPages} (${kib(f.chromiumBytes)} KiB); render peak RSS ${mib(f.rssPeakKiB)} MiB ` +
        `(${mib(f.rssBeforeKiB)} MiB before the render, in a child)` +
        (quick ? ' (quick: not judged)' : ''),
    };
  },
};

// Run as a script (`--render-child FILE`): the measured process of the peak-RSS figure.
if (
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href &&
  process.argv[2] === '--render-child'
) {
  await renderChild(process.argv[3] ?? '');
}
