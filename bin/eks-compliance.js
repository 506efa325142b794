#!/usr/bin/env node
// The launcher for a checkout: runs the TypeScript CLI (functions/cli/main.ts) through tsx, from any working
// directory (`node <checkout>/bin/eks-compliance.js manifests .` in another repository, where SARIF's relative paths
// need it to run). tsx is resolved from this file, not from the working directory, which has no tsx of its own.
// The installed package runs the bundle instead (package.json `bin`: dist/eks-compliance.js, `npm run build`).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../functions/cli/main.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');
const result = spawnSync(process.execPath, ['--import', tsx, main, ...process.argv.slice(2)], { stdio: 'inherit' });
if (result.error) {
  process.stderr.write(`eks-compliance: error: cannot start node: ${result.error.message}\n`);
  process.exit(1);
}
// A signal ends the child without a status: end the same way, so the shell sees the signal.
if (result.signal) process.kill(process.pid, result.signal);
process.exit(result.status ?? 1);
