/**
 * Evaluating every check on a 20,000-pod snapshot must take no longer than JSON.parse of that snapshot's file:
 * the engine should cost less than merely reading its input. Both are measured here, interleaved, in one process.
 */

import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Snapshot } from '../../functions/model/snapshot.js';
import { evaluate } from '../../functions/scoring/evaluate.js';
import { syntheticSnapshot } from '../synthetic-cluster.js';
import { collectGarbage, median, round, timeMs } from '../timing.js';
import type { Benchmark } from './types.js';

const FULL = { pods: 20_000, repetitions: 5 };
const QUICK = { pods: 500, repetitions: 2 };
const GENERATED_AT = '2026-01-05T09:00:00.000Z';

export interface EvaluateVsParseFigures {
  pods: number;
  fileBytes: number;
  parseMs: number[];
  evaluateMs: number[];
}

/** Runs the measurement; exported so a profiler script can reuse it. */
export async function measureEvaluateVsParse(pods: number, repetitions: number): Promise<EvaluateVsParseFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-evaluate-'));
  try {
    const file = join(dir, 'snapshot.json');
    const json = JSON.stringify(syntheticSnapshot({ seed: 20_000, pods }));
    await writeFile(file, json);
    const fileBytes = Buffer.byteLength(json);
    const parse = () => JSON.parse(readFileSync(file, 'utf8')) as Snapshot;

    // One warm-up of each, so neither side pays for compiling the other's code paths.
    evaluate(parse(), { generatedAt: GENERATED_AT });
    const parseMs: number[] = [];
    const evaluateMs: number[] = [];
    for (let i = 0; i < repetitions; i++) {
      collectGarbage();
      let snapshot: Snapshot | undefined;
      parseMs.push(
        timeMs(() => {
          snapshot = parse();
        }),
      );
      // A fresh parse per evaluation: nothing cached on one snapshot object can flatter the next sample.
      collectGarbage();
      const target = snapshot as Snapshot;
      evaluateMs.push(timeMs(() => evaluate(target, { generatedAt: GENERATED_AT })));
    }
    return { pods, fileBytes, parseMs, evaluateMs };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const evaluateVsParse: Benchmark = {
  id: 'evaluate-vs-parse',
  description: 'evaluate(snapshot) with every check, against JSON.parse(readFileSync(file)) of the same snapshot',
  async run({ quick }) {
    const size = quick ? QUICK : FULL;
    const f = await measureEvaluateVsParse(size.pods, size.repetitions);
    const evaluateMedian = median(f.evaluateMs);
    const parseMedian = median(f.parseMs);
    const ratio = evaluateMedian / parseMedian;
    return {
      value: round(evaluateMedian, 1),
      unit: 'ms',
      baseline: round(parseMedian, 1),
      ratio: round(ratio, 3),
      target: 'ratio ≤ 1.0',
      met: quick ? null : ratio <= 1.0,
      notes:
        `${f.pods} pods, ${round(f.fileBytes / 1024 / 1024, 1)} MiB file, median of ${size.repetitions}` +
        (quick ? ' (quick: not judged)' : ''),
    };
  },
};
