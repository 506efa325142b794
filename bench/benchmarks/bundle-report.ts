import { bundleBenchmark } from './bundle-size.js';

/** Issue 7: the report at most 6 MB with fonts, so the whole asset folder (source map aside) is judged. */
export const REPORT_BUDGET_MIB = 6;

export const bundleReport = bundleBenchmark('report', REPORT_BUDGET_MIB, 'folder');
