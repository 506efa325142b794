import { REPORT_BUDGET_MIB } from './bundle-report.js';
import { bundleBenchmark } from './bundle-size.js';

/**
 * The Render function (each cluster's HTML, PDF and CSVs, the Map item's second step) ships the report's fonts,
 * templates and PDF code, so it is held to the report's budget, judged on the whole asset folder.
 */
export const bundleRender = bundleBenchmark('render', REPORT_BUDGET_MIB, 'folder');
