/**
 * The catalog is discovered, not counted: every check defined in a family folder is in that family's index and in
 * ALL_CHECKS, and every registered check lives in the folder its `family` names. A check file that is written but
 * not registered fails here, whatever the number of checks.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ALL_CHECKS } from '../../functions/checks/registry.js';
import type { CheckDefinition } from '../../functions/checks/types.js';

const CHECKS_DIR = resolve('functions/checks');

function isCheck(value: unknown): value is CheckDefinition {
  const v = value as Partial<CheckDefinition> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.id === 'string' &&
    typeof v.family === 'string' &&
    typeof v.evaluate === 'function'
  );
}

const families = readdirSync(CHECKS_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

test('every family folder has an index whose checks all carry that family', async () => {
  assert.ok(families.length > 0);
  for (const family of families) {
    const index = (await import(pathToFileURL(join(CHECKS_DIR, family, 'index.ts')).href)) as Record<string, unknown>;
    const lists = Object.values(index).filter((v): v is unknown[] => Array.isArray(v) && v.every(isCheck));
    assert.equal(lists.length, 1, `${family}/index.ts exports one list of checks`);
    for (const c of lists[0] as CheckDefinition[]) assert.equal(c.family, family, c.id);
  }
});

test('every check defined in a family folder is registered in ALL_CHECKS, and nothing else is', async () => {
  const registered = new Map(ALL_CHECKS.map((c) => [c.id, c]));
  const defined = new Set<string>();
  for (const family of families) {
    for (const file of readdirSync(join(CHECKS_DIR, family)).filter((f) => f.endsWith('.ts') && f !== 'index.ts')) {
      const mod = (await import(pathToFileURL(join(CHECKS_DIR, family, file)).href)) as Record<string, unknown>;
      for (const value of Object.values(mod).filter(isCheck)) {
        defined.add(value.id);
        assert.ok(registered.has(value.id), `${family}/${file} defines ${value.id}, which no family index registers`);
        assert.equal(file, `${value.id}.ts`, `a check lives in the file named after its id (${value.id})`);
      }
    }
  }
  assert.deepEqual(
    [...registered.keys()].filter((id) => !defined.has(id)),
    [],
    'every registered check is defined in its family folder',
  );
});
