/**
 * A node:test reporter that prints, after the run, every test skipped for a missing tool (test/support/tools.ts),
 * so a green run on a machine without them says what it did not check. `npm test` runs it beside the spec reporter.
 * Plain JavaScript: node:test loads reporters before tsx can compile TypeScript for it.
 */

/** How the reason of a skip for a missing tool starts: tools.ts's SKIP_PREFIX (test/support/tools.test.ts). */
export const SKIP_PREFIX = 'needs ';

export default async function* skippedForTools(source) {
  const skipped = [];
  for await (const event of source) {
    const reason = event.data?.skip;
    if (event.type === 'test:pass' && typeof reason === 'string' && reason.startsWith(SKIP_PREFIX)) {
      const where = event.data.file ? `${event.data.file.replace(`${process.cwd()}/`, '')}: ` : '';
      skipped.push(`  ${where}${event.data.name}: ${reason}`);
    }
  }
  if (skipped.length > 0) yield `\nskipped for missing tools (${skipped.length}):\n${skipped.join('\n')}\n`;
}
