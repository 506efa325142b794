import { pendingBenchmark } from './pending.js';

export const pdfVsChromium = pendingBenchmark(
  'pdf-vs-chromium',
  'Rendering the PDF report with pdfkit, against printing the HTML report with headless Chromium',
  'ratio ≤ 1.0',
  'the report helper wiring the PDF renderer and a Chromium print of the same report',
);
