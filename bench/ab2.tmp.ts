import { renderResultsJson } from '../functions/report/json.js';
import { renderPdf } from '../functions/report/pdf.js';
import { syntheticResults } from './benchmarks/pdf-vs-chromium.js';

const results = syntheticResults(7200, 10000);
const resultsJson = renderResultsJson(results);
const parsed = JSON.parse(resultsJson);
const t: number[] = [];
for (let i = 0; i < 10; i++) {
  const s = performance.now();
  await renderPdf({ results: parsed, history: [], resultsJson });
  if (i >= 3) t.push(performance.now() - s);
  if (process.env.IDLE) await new Promise((r) => setTimeout(r, Number(process.env.IDLE)));
}
console.log(process.env.NO_SHARE ? 'cold' : 'shared', t.sort((a, b) => a - b)[t.length >> 1].toFixed(0));
