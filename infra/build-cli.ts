/** `npm run build`: the installable CLI in dist/ (infra/cli-bundle.ts). */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli, cliScripts } from './cli-bundle.js';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/', import.meta.url));
const { entry } = await buildCli(repoRoot, outDir);
const chunks = (await cliScripts(outDir)).length - 1;
process.stdout.write(`built ${relative(process.cwd(), entry) || entry} (+ ${chunks} chunks loaded on demand)\n`);
