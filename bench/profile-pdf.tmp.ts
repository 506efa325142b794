import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { renderResultsJson } from '../functions/report/json.js';
import { renderPdf } from '../functions/report/pdf.js';
import { syntheticResults } from './benchmarks/pdf-vs-chromium.js';

const results = syntheticResults(7200, 10000);
const resultsJson = renderResultsJson(results);
const parsed = JSON.parse(resultsJson);
for (let i = 0; i < 4; i++) await renderPdf({ results: parsed, history: [], resultsJson });
const times: number[] = [];
const s = new Session();
s.connect();
await s.post('Profiler.enable');
await s.post('Profiler.setSamplingInterval', { interval: 200 });
await s.post('Profiler.start');
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  await renderPdf({ results: parsed, history: [], resultsJson });
  times.push(performance.now() - t);
}
const { profile } = await s.post('Profiler.stop');
writeFileSync('/tmp/prof/pdf.cpuprofile', JSON.stringify(profile));
console.log(times.map((t) => t.toFixed(0)).join(' '));
writeFileSync('/tmp/prof/synth.pdf', await renderPdf({ results: parsed, history: [], resultsJson }));
