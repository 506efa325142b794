/** The contract between the harness (bench/run.ts) and one benchmark module in bench/benchmarks/. */

export interface BenchmarkOptions {
  /** Tiny sizes for a smoke run: finishes fast, and targets are not enforced. */
  quick: boolean;
}

export interface BenchmarkResult {
  /** The measured figure (a median where timed); null when not measured. */
  value: number | null;
  unit: string;
  /** What the value is compared with, measured in the same run (same unit), when there is one. */
  baseline?: number | null;
  /** value / baseline. */
  ratio?: number | null;
  /** The target in words, e.g. "ratio ≤ 1.0" or "≤ 1024 MiB". */
  target: string;
  /** Whether the target is met; null when not judged (not measured, or a quick run at sizes that mean nothing). */
  met: boolean | null;
  notes?: string;
}

export interface Benchmark {
  id: string;
  description: string;
  run(opts: BenchmarkOptions): Promise<BenchmarkResult>;
}
