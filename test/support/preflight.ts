/**
 * Run by `npm test` before the tests: names the tools that are missing and the one command that installs them. The
 * tests that need them are then skipped (and listed after the run); with CI=true a missing tool fails the run here.
 */
import { installCommand, missingTools, TOOLS, toolsRequired } from './tools.js';

const missing = missingTools();
if (missing.length > 0) {
  const list = missing.map((t) => `${t} (${TOOLS[t].purpose})`).join(', ');
  process.stderr.write(`tests: missing ${list}.\ntests: install with: ${installCommand(missing)}\n`);
  if (toolsRequired()) {
    process.stderr.write('tests: CI=true, so a missing tool fails the run.\n');
    process.exitCode = 1;
  } else {
    process.stderr.write('tests: the tests that need them are skipped; the list follows the run.\n');
  }
}
