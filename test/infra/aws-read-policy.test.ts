/**
 * Least privilege, both ways: every action the scan role's AWS read policy grants is called somewhere in
 * functions/ (as the SDK's `<Operation>Command` or `paginate<Operation>`), so nothing is granted "for later".
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
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
