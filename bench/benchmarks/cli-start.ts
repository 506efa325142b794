/**
 * How long the installed CLI takes to answer `eks-compliance --help` and `eks-compliance checks`: the bundle that
 * `npm run build` makes (infra/cli-bundle.ts), built into a temporary folder outside the checkout and started with
 * plain `node`, as npm's bin link starts it. The baseline is `node -e ''` in the same run: what Node itself costs
 * to start on this machine at this moment. Runs alternate (node, help, checks, node, …) so load on the shared
 * machine falls on all three alike. The judged value is the slower command's median; issue 18's target is 0.5 s.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli } from '../../infra/cli-bundle.js';
import { median, round } from '../timing.js';
import type { Benchmark } from './types.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const TARGET_S = 0.5;

/** Seconds from spawn to exit of `node args…`, run in `cwd`; throws when it fails. */
function timeNode(args: string[], cwd: string): Promise<number> {
  return new Promise((done, fail) => {
    const start = process.hrtime.bigint();
    execFile(process.execPath, args, { cwd, env: { ...process.env, CI: 'true' } }, (err, stdout) => {
      const s = Number(process.hrtime.bigint() - start) / 1e9;
      if (err) fail(new Error(`node ${args.join(' ')}: ${err.message}`));
      else if (args[0] !== '-e' && stdout.length === 0) fail(new Error(`node ${args.join(' ')} printed nothing`));
      else done(s);
    });
  });
}

export const cliStart: Benchmark = {
  id: 'cli-start',
  description: 'eks-compliance --help and checks from the built bundle vs node -e ""',
  async run({ quick }) {
    const dir = await mkdtemp(join(tmpdir(), 'bench-cli-start-'));
    try {
      const { entry } = await buildCli(repoRoot, join(dir, 'dist'));
      const runs = quick ? 3 : 15;
      const node: number[] = [];
      const help: number[] = [];
      const checks: number[] = [];
      // One unmeasured round warms the file cache, as any second start of an installed command finds it.
      await timeNode([entry, 'checks'], dir);
      for (let i = 0; i < runs; i++) {
        node.push(await timeNode(['-e', ''], dir));
        help.push(await timeNode([entry, '--help'], dir));
        checks.push(await timeNode([entry, 'checks'], dir));
      }
      const baseline = median(node);
      const helpS = median(help);
      const checksS = median(checks);
      const value = Math.max(helpS, checksS);
      return {
        value: round(value, 3),
        unit: 's',
        baseline: round(baseline, 3),
        ratio: round(value / baseline, 2),
        target: `≤ ${TARGET_S} s`,
        met: quick ? null : value <= TARGET_S,
        notes:
          `medians of ${runs}: --help ${round(helpS, 3)} s, checks ${round(checksS, 3)} s, node -e '' ` +
          `${round(baseline, 3)} s (the CLI's own share: ${round(value - baseline, 3)} s)` +
          (quick ? ' (quick: not judged)' : ''),
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
