/** `npm run agreement`: runs the corpus and writes its figures and differences into the README. */
import { fileURLToPath } from 'node:url';
import { CORPUS } from './corpus/index.js';
import { percent, renderSection, writeSection } from './readme-section.js';
import { deliberateDifferences, runCase, summarize } from './run.js';

const outcomes = CORPUS.map(runCase);
const summaries = summarize(outcomes);
writeSection(
  fileURLToPath(new URL('../../README.md', import.meta.url)),
  renderSection(summaries, deliberateDifferences(outcomes)),
);
for (const s of summaries) console.log(`${s.peer}: ${s.agreeing}/${s.cases} (${percent(s.ratio)})`);
const unexplained = outcomes.filter((o) => !o.agrees && o.case.difference === undefined);
if (unexplained.length > 0) {
  console.error(
    `${unexplained.length} disagreement(s) without a stated difference: run test/agreement/agreement.test.ts`,
  );
  process.exitCode = 1;
}
