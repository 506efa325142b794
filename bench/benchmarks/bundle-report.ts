import { bundleBenchmark } from './bundle-size.js';

export const bundleReport = bundleBenchmark('report', 8);
