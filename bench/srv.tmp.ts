import { fork } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { renderResultsJson } from '../functions/report/json.js';
import { syntheticResults } from './benchmarks/pdf-vs-chromium.js';
const dir = await mkdtemp(join(tmpdir(), 'srv-'));
const file = join(dir, 'results.json');
await writeFile(file, renderResultsJson(syntheticResults(7200, 10000)));
const flags = (process.env.FLAGS ?? '').split(' ').filter(Boolean);
const child = fork('bench/benchmarks/pdf-vs-chromium.ts', ['--render-server', file], { execArgv: [...flags, '--import', 'tsx'] });
const next = () => new Promise<{ ms: number }>((r) => child.once('message', (m) => r(m as { ms: number })));
await next();
const idle = Number(process.env.IDLE ?? 0);
const ms: number[] = [];
for (let i = 0; i < 11; i++) {
  const a = next(); child.send('render'); const m = await a;
  if (i >= 3) ms.push(Math.round(m.ms));
  if (idle) await sleep(idle);
}
console.log(process.env.FLAGS, 'idle', idle, ms.join(' '), 'median', ms.sort((x, y) => x - y)[ms.length >> 1]);
child.disconnect();
