/**
 * The demo report as a PDF two ways, in the same run: our renderer (pdfkit, `renderPdf`) against printing the HTML
 * report (`renderHtml`) with headless Chromium (playwright-core: setContent + page.pdf). The browser is started
 * once, outside the timing, as a service printing many reports would keep it; each sample is one page print.
 */
import { chromium } from 'playwright-core';
import { configuredChecks } from '../../functions/checks/registry.js';
import { historyResults, loadDemo } from '../../functions/pipeline.js';
import { renderHtml } from '../../functions/report/html.js';
import { renderResultsJson } from '../../functions/report/json.js';
import { renderPdf } from '../../functions/report/pdf.js';
import { evaluate } from '../../functions/scoring/evaluate.js';
import { collectGarbage, median, round } from '../timing.js';
import type { Benchmark } from './types.js';

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
const FULL = { runs: 7 };
const QUICK = { runs: 1 };

export interface PdfVsChromiumFigures {
  oursMs: number[];
  chromiumMs: number[];
  oursPages: number;
  chromiumPages: number;
  oursBytes: number;
  chromiumBytes: number;
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

export async function measurePdfVsChromium(runs: number): Promise<PdfVsChromiumFigures> {
  // The report `eks-compliance scan --demo` writes: the demo cluster with its weekly history.
  const demo = await loadDemo();
  const results = evaluate(demo.snapshot, { checks: configuredChecks({}) });
  const history = await historyResults(demo.history, undefined, undefined);
  const resultsJson = renderResultsJson(results);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const ours = () => renderPdf({ results, history, resultsJson });
    const theirs = async () => {
      const page = await browser.newPage();
      try {
        // The HTML is rendered inside the sample: each side starts from the same results.
        await page.setContent(renderHtml({ results, history }), { waitUntil: 'load' });
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
      collectGarbage();
      oursMs.push((await timed(ours)).ms);
      collectGarbage();
      chromiumMs.push((await timed(theirs)).ms);
    }
    return {
      oursMs,
      chromiumMs,
      oursPages: pdfPageCount(first),
      chromiumPages: pdfPageCount(firstChromium),
      oursBytes: first.length,
      chromiumBytes: firstChromium.length,
    };
  } finally {
    await browser.close();
  }
}

export const pdfVsChromium: Benchmark = {
  id: 'pdf-vs-chromium',
  description: 'renderPdf of the demo report, against headless Chromium printing renderHtml of the same results',
  async run({ quick }) {
    const size = quick ? QUICK : FULL;
    const f = await measurePdfVsChromium(size.runs);
    const oursMedian = median(f.oursMs);
    const chromiumMedian = median(f.chromiumMs);
    const ratio = oursMedian / chromiumMedian;
    const kib = (n: number) => Math.round(n / 1024);
    return {
      value: round(oursMedian, 0),
      unit: 'ms',
      baseline: round(chromiumMedian, 0),
      ratio: round(ratio, 3),
      target: 'ratio ≤ 1.0',
      met: quick ? null : ratio <= 1.0,
      notes:
        `demo report, median of ${size.runs} (browser already running); pages: ours ${f.oursPages} ` +
        `(${kib(f.oursBytes)} KiB), Chromium ${f.chromiumPages} (${kib(f.chromiumBytes)} KiB)` +
        (quick ? ' (quick: not judged)' : ''),
    };
  },
};
