/** Every benchmark `npm run bench` runs, in table order. Add a module here to add a row. */
import { bundleRender } from './bundle-render.js';
import { bundleReport } from './bundle-report.js';
import { bundleScan } from './bundle-scan.js';
import { cliStart } from './cli-start.js';
import { collectVsKubectl } from './collect-vs-kubectl.js';
import { discoverOrganization } from './discover-organization.js';
import { evaluateVsParse } from './evaluate-vs-parse.js';
import { pdfVsChromium } from './pdf-vs-chromium.js';
import { render100kPodsPeakRss } from './render-100k-pods-peak-rss.js';
import { reportFleet1000PeakRss } from './report-fleet-1000-peak-rss.js';
import { scan100kPodsPeakRss } from './scan-100k-pods-peak-rss.js';
import type { Benchmark } from './types.js';

export const BENCHMARKS: readonly Benchmark[] = [
  evaluateVsParse,
  collectVsKubectl,
  pdfVsChromium,
  scan100kPodsPeakRss,
  render100kPodsPeakRss,
  bundleScan,
  bundleRender,
  bundleReport,
  reportFleet1000PeakRss,
  discoverOrganization,
  cliStart,
];
