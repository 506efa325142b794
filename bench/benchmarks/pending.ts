import type { Benchmark } from './types.js';

/** A row that says plainly that a benchmark is not measured yet, so the table always lists every id. */
export function pendingBenchmark(id: string, description: string, target: string, needs: string): Benchmark {
  return {
    id,
    description,
    run: async () => ({
      value: null,
      unit: '',
      baseline: null,
      ratio: null,
      target,
      met: null,
      notes: `pending: ${needs}`,
    }),
  };
}
