/**
 * pdfkit through its public API only: no file under functions/ reads, writes, destructures or types a member whose
 * name starts with `_` (pdfkit's private fields and methods: `_font`, `_fragment`, `_write`, `_root`, …). A patch
 * release may change those at will; the PDFs must not depend on them. pdfkit's own `file()` lists an attachment in
 * the catalog's AF array, so not even the catalog needs reaching into. Environment variables (`process.env._X`)
 * are not members of anything and are allowed.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

interface Use {
  file: string;
  line: number;
  member: string;
}

const PRIVATE = /^_/;

/** Every `_`-prefixed member a source file uses: accesses, element accesses, destructuring, and declared types. */
export function underscoreMembers(file: string, source: string): Use[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const uses: Use[] = [];
  const note = (node: ts.Node, member: string) => {
    if (!PRIVATE.test(member)) return;
    uses.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, member });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node)) {
      if (node.expression.getText(sf).replace(/\s|\?/g, '') !== 'process.env') note(node.name, node.name.text);
    } else if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) {
      note(node.argumentExpression, node.argumentExpression.text);
    } else if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
      const key = node.propertyName ?? node.name;
      if (ts.isIdentifier(key) || ts.isStringLiteralLike(key)) note(key, key.text);
    } else if (
      (ts.isPropertySignature(node) || ts.isMethodSignature(node)) &&
      (ts.isIdentifier(node.name) || ts.isStringLiteralLike(node.name))
    ) {
      note(node.name, node.name.text);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.InKeyword) {
      if (ts.isStringLiteralLike(node.left)) note(node.left, node.left.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return uses;
}

test('the detector finds planted uses of private members and passes the allowed look-alikes', () => {
  const planted = [
    'doc._font.encode(text);',
    "(doc as unknown as Record<string, unknown>)['_ctmStack'];",
    'const { _pageBuffer } = doc as never;',
    'const { _root: catalog } = doc as never;',
    'type Raw = { _write(data: string): void; _offset: number };',
    "if ('_tableIndex' in doc) {}",
    'doc?._fragment?.("x", 0, 0, {});',
  ];
  for (const line of planted) {
    assert.ok(underscoreMembers('planted.ts', line).length > 0, `not flagged: ${line}`);
  }
  assert.deepEqual(
    underscoreMembers('planted.ts', 'type Raw = { _write(data: string): void; _offset: number };').map((u) => u.member),
    ['_write', '_offset'],
  );
  const allowed = [
    'const handler = process.env._HANDLER;',
    'const { order: _order, ...rest } = row;',
    'function begin(_steps: string[]): void {}',
    'doc.font(FONT.bold).text(title, { width });',
  ];
  for (const line of allowed) assert.deepEqual(underscoreMembers('allowed.ts', line), [], line);
});

test('no file under functions/ uses a member whose name starts with an underscore', () => {
  const files = readdirSync('functions', { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
  assert.ok(
    files.some((f) => f.endsWith(join('report', 'pdf-table.ts'))),
    'the PDF writer is among the files read',
  );
  const uses = files.flatMap((f) => underscoreMembers(f, readFileSync(f, 'utf8')));
  assert.deepEqual(
    uses.map((u) => `${u.file}:${u.line} ${u.member}`),
    [],
  );
});
