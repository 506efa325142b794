import { renderResultsJson } from '../functions/report/json.js';
import { renderPdf } from '../functions/report/pdf.js';
import { cellMeasurement } from '../functions/report/pdf-writer.js';
import { syntheticResults } from './benchmarks/pdf-vs-chromium.js';

const results = syntheticResults(7200, 10000);
const resultsJson = renderResultsJson(results);
const parsed = JSON.parse(resultsJson);
const flag = (process.env.AB_FLAG ?? 'wrapFromWords') as keyof typeof cellMeasurement;
const t: Record<string, number[]> = { on: [], off: [] };
for (let i = 0; i < 16; i++) {
  const side = i % 2 === 0 ? 'on' : 'off';
  cellMeasurement[flag] = side === 'on';
  const s0 = performance.now();
  await renderPdf({ results: parsed, history: [], resultsJson });
  if (i >= 4) t[side].push(performance.now() - s0);
}
const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1];
console.log(flag, 'on', med(t.on).toFixed(0), 'off', med(t.off).toFixed(0));
