/**
 * `npm run bench [-- --quick] [--json FILE] [--only ID]...`: runs the registered benchmarks one after another
 * and prints one table. A full run exits 1 when a measured target is missed; a quick run (tiny sizes, for CI
 * smoke tests) never judges targets by its exit code.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { BENCHMARKS } from './benchmarks/index.js';
import type { Benchmark } from './benchmarks/types.js';
import { type BenchmarkRow, formatTable, resultsDocument } from './table.js';

interface RunArgs {
  quick: boolean;
  json?: string;
  only: string[];
}

function parse(argv: string[]): RunArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      json: { type: 'string' },
      only: { type: 'string', multiple: true },
    },
    strict: true,
  });
  const only = (values.only ?? []).flatMap((v) => v.split(',')).filter((v) => v !== '');
  return { quick: values.quick ?? false, json: values.json, only };
}

function select(only: string[]): Benchmark[] {
  if (only.length === 0) return [...BENCHMARKS];
  const unknown = only.filter((id) => !BENCHMARKS.some((b) => b.id === id));
  if (unknown.length > 0) {
    throw new Error(`unknown benchmark ${unknown.join(', ')} (known: ${BENCHMARKS.map((b) => b.id).join(', ')})`);
  }
  return BENCHMARKS.filter((b) => only.includes(b.id));
}

async function runOne(b: Benchmark, quick: boolean): Promise<BenchmarkRow> {
  const start = process.hrtime.bigint();
  process.stderr.write(`bench: ${b.id}…`);
  try {
    const result = await b.run({ quick });
    process.stderr.write(` ${(Number(process.hrtime.bigint() - start) / 1e9).toFixed(1)} s\n`);
    return { id: b.id, ...result };
  } catch (err) {
    process.stderr.write(' failed\n');
    // A broken benchmark is a row that says so, not a crash that hides the other rows.
    const message = err instanceof Error ? err.message : String(err);
    return { id: b.id, value: null, unit: '', target: '-', met: false, notes: `error: ${message.split('\n')[0]}` };
  }
}

async function main(): Promise<number> {
  let args: RunArgs;
  let selected: Benchmark[];
  try {
    args = parse(process.argv.slice(2));
    selected = select(args.only);
  } catch (err) {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const rows: BenchmarkRow[] = [];
  for (const b of selected) rows.push(await runOne(b, args.quick));
  process.stdout.write(`${formatTable(rows)}\n`);
  if (args.json) await writeFile(args.json, `${JSON.stringify(resultsDocument(rows, args.quick), null, 2)}\n`);
  if (args.quick) return rows.some((r) => r.notes?.startsWith('error:')) ? 1 : 0;
  return rows.some((r) => r.met === false) ? 1 : 0;
}

process.exitCode = await main();
