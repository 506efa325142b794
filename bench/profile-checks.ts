/**
 * Per-check timings on a synthetic snapshot, slowest first: the first thing to look at when evaluate-vs-parse
 * misses its target. Usage: node --import tsx bench/profile-checks.ts [PODS] [REPETITIONS]
 */
import { ALL_CHECKS } from '../functions/checks/registry.js';
import type { Snapshot } from '../functions/model/snapshot.js';
import { syntheticSnapshot } from './synthetic-cluster.js';
import { collectGarbage, median, round, timeMs } from './timing.js';

export interface CheckTiming {
  id: string;
  family: string;
  medianMs: number;
}

/**
 * Each check's median evaluate() time, run in registry order on one fresh snapshot per repetition, as evaluate()
 * runs them: the first check that builds shared per-snapshot data (pod templates) is charged for it.
 */
export function profileChecks(snapshotJson: string, repetitions: number): CheckTiming[] {
  const samples = new Map<string, number[]>(ALL_CHECKS.map((c) => [c.id, []]));
  for (let i = 0; i < repetitions; i++) {
    const snapshot = JSON.parse(snapshotJson) as Snapshot;
    collectGarbage();
    for (const check of ALL_CHECKS) {
      samples.get(check.id)?.push(
        timeMs(() => {
          try {
            check.evaluate(snapshot);
          } catch {
            // a throwing check is the engine's concern; its time still counts
          }
        }),
      );
    }
  }
  return ALL_CHECKS.map((c) => ({
    id: c.id,
    family: c.family,
    medianMs: round(median(samples.get(c.id) ?? [0]), 2),
  })).sort((a, b) => b.medianMs - a.medianMs);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const pods = Number(process.argv[2] ?? 20_000);
  const reps = Number(process.argv[3] ?? 3);
  const json = JSON.stringify(syntheticSnapshot({ seed: 20_000, pods }));
  const parseMs = median([0, 1, 2].map(() => timeMs(() => JSON.parse(json))));
  const timings = profileChecks(json, reps);
  const total = timings.reduce((s, t) => s + t.medianMs, 0);
  process.stdout.write(`pods ${pods}  JSON.parse ${round(parseMs, 1)} ms  sum of checks ${round(total, 1)} ms\n`);
  for (const t of timings)
    process.stdout.write(`${t.medianMs.toFixed(2).padStart(10)} ms  ${t.family.padEnd(14)} ${t.id}\n`);
}
