import { bundleBenchmark } from './bundle-size.js';

export const bundleScan = bundleBenchmark('scan', 5);
