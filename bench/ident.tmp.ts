import { renderResultsJson } from '../functions/report/json.js';
import { renderPdf } from '../functions/report/pdf.js';
import { cellMeasurement } from '../functions/report/pdf-writer.js';
import { syntheticResults } from './benchmarks/pdf-vs-chromium.js';

const results = syntheticResults(7200, 10000);
const resultsJson = renderResultsJson(results);
const a = await renderPdf({ results, history: [], resultsJson });
cellMeasurement.wrapFromWords = false;
cellMeasurement.cachedShowOperators = false;
const b = await renderPdf({ results, history: [], resultsJson });
console.log('identical', a.equals(b), a.length, b.length);
