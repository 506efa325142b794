import { bundleBenchmark } from './bundle-size.js';

/** Issue 7: the scan bundle at most 3 MB. Its asset is the JS alone, so the JS is judged. */
export const bundleScan = bundleBenchmark('scan', 3, 'js');
