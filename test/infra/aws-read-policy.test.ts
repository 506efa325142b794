/**
 * Least privilege, both ways: every action the scan role's AWS read policy grants is called somewhere in
 * functions/ (as the SDK's `<Operation>Command` or `paginate<Operation>`), so nothing is granted "for later".
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import { AWS_FACT_SOURCES } from '../../functions/model/aws-fact-sources.js';
import { awsReadStatements } from '../../infra/constructs/aws-read-policy.js';

function sources(dir: string): string {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

test('every AWS read action the scan role is granted is an SDK call the collectors make', () => {
  const stack = new Stack(new App(), 'Policy', { env: { account: '111122223333', region: 'eu-west-1' } });
  const actions = awsReadStatements(stack).flatMap((s) => s.toStatementJson().Action as string | string[]);
  const code = sources('functions');
  const unused = [actions].flat().filter((action) => {
    const operation = action.split(':')[1];
    return !code.includes(`${operation}Command`) && !code.includes(`paginate${operation}`);
  });
  assert.ok(actions.length > 15, actions.join(', '));
  assert.deepEqual(unused, [], 'granted but never called');
});

test('the policy grants exactly the actions of the AWS fact table, and docs/permissions.md lists the same per fact', () => {
  const stack = new Stack(new App(), 'PolicyTable', { env: { account: '111122223333', region: 'eu-west-1' } });
  const granted = awsReadStatements(stack)
    .flatMap((s) => [s.toStatementJson().Action as string | string[]].flat())
    .filter((a) => !a.startsWith('xray:'));
  const table = Object.values(AWS_FACT_SOURCES).flatMap((s) => s.actions.map((a) => a.action));
  assert.deepEqual([...new Set(granted)].sort(), [...new Set(table)].sort());

  // Rows of the permissions table: | `action`, `action` | scope | `fact` | what it feeds |
  const documented = new Map<string, Set<string>>();
  for (const line of readFileSync('docs/permissions.md', 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const fact = /^`([A-Za-z]+)`$/.exec(cells[3] ?? '')?.[1];
    if (!fact || !Object.hasOwn(AWS_FACT_SOURCES, fact)) continue;
    const actions = [...(cells[1] ?? '').matchAll(/`([a-z0-9]+:[A-Za-z]+)`/g)].map((m) => m[1]);
    documented.set(fact, new Set([...(documented.get(fact) ?? []), ...actions]));
  }
  for (const [fact, source] of Object.entries(AWS_FACT_SOURCES)) {
    assert.deepEqual(
      [...(documented.get(fact) ?? [])].sort(),
      source.actions.map((a) => a.action).sort(),
      `docs/permissions.md row(s) for the fact ${fact}`,
    );
  }
});
