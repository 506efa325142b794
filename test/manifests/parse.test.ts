import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseManifestText } from '../../functions/manifests/parse.js';
import { InputError } from '../../functions/snapshot/io.js';

function problemOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  assert.fail('expected an InputError');
}

describe('parseManifestText', () => {
  test('multi-document YAML, skipping empty documents', () => {
    const text = '---\n# comment only\n---\nkind: A\nmetadata: {name: a}\n---\n---\nkind: B\nmetadata: {name: b}\n';
    const objs = parseManifestText(text, 'x.yaml');
    assert.deepEqual(
      objs.map((o) => [o.value.kind, o.origin]),
      [
        ['A', 'x.yaml, document 2'],
        ['B', 'x.yaml, document 4'],
      ],
    );
  });

  test('a single document is named by its file alone', () => {
    const [obj] = parseManifestText('kind: Pod\nmetadata: {name: p}\n', 'pod.yaml');
    assert.equal(obj.origin, 'pod.yaml');
  });

  test('kind: List and *List documents are unpacked into their items', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - {kind: Pod, metadata: {name: a}}',
      '  - {kind: Service, metadata: {name: b}}',
      '---',
      'kind: PodList',
      'items: [{kind: Pod, metadata: {name: c}}]',
    ].join('\n');
    const objs = parseManifestText(text, 'l.yaml');
    assert.deepEqual(
      objs.map((o) => [(o.value.metadata as { name: string }).name, o.origin]),
      [
        ['a', 'l.yaml, document 1, item 1'],
        ['b', 'l.yaml, document 1, item 2'],
        ['c', 'l.yaml, document 2, item 1'],
      ],
    );
  });

  test('JSON is read too', () => {
    const [obj] = parseManifestText('{\n\t"kind": "Pod",\n\t"metadata": {"name": "j"}\n}\n', 'p.json');
    assert.deepEqual(obj.value, { kind: 'Pod', metadata: { name: 'j' } });
  });

  test('YAML 1.1 booleans are booleans, as kubectl reads them', () => {
    const [obj] = parseManifestText('kind: Pod\nspec: {hostNetwork: on, hostPID: yes, hostIPC: off}\n', 'b.yaml');
    assert.deepEqual(obj.value.spec, { hostNetwork: true, hostPID: true, hostIPC: false });
  });

  test('dates and base-60 lookalikes stay strings', () => {
    const [obj] = parseManifestText('kind: ConfigMap\ndata: {day: 2026-01-02, port: 8080:80}\n', 'c.yaml');
    assert.deepEqual(obj.value.data, { day: '2026-01-02', port: '8080:80' });
  });

  test('a syntax error names the file and the line, on one line', () => {
    const err = problemOf(() => parseManifestText('kind: Pod\nmetadata:\n  labels: {a: b\nspec: {}\n', 'bad.yaml'));
    assert.equal(err.subject, 'bad.yaml');
    assert.match(err.problem, /^line \d+, column \d+: YAML syntax error: /);
    assert.doesNotMatch(err.problem, /\n/);
  });

  test('a document that is not a mapping', () => {
    const err = problemOf(() =>
      parseManifestText('kind: Pod\nmetadata: {name: a}\n---\n- just\n- a list\n', 'seq.yaml'),
    );
    assert.equal(err.subject, 'seq.yaml, document 2');
    assert.match(err.problem, /not a Kubernetes object/);
  });

  test('alias bombs are refused rather than expanded', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) {
      const prev = String.fromCharCode(97 + i);
      const next = String.fromCharCode(98 + i);
      bomb.push(`${next}: &${next} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`);
    }
    assert.throws(() => parseManifestText(`${bomb.join('\n')}\nkind: Pod\n`, 'bomb.yaml'));
  });
});

describe('parseManifestText line numbers', () => {
  const lineOf = (objs: ReturnType<typeof parseManifestText>) =>
    objs.map((o) => [(o.value.metadata as { name: string }).name, o.line]);

  test('each document starts at its first key, past `---`, comments and empty documents', () => {
    const text = [
      '# header comment', // 1
      '---', // 2
      'kind: Pod', // 3
      'metadata: {name: a}', // 4
      '---', // 5
      '# comment only', // 6
      '---', // 7
      '', // 8
      '# about b', // 9
      'kind: Pod', // 10
      'metadata:', // 11
      '  name: b', // 12
    ].join('\n');
    assert.deepEqual(lineOf(parseManifestText(text, 'm.yaml')), [
      ['a', 3],
      ['b', 10],
    ]);
  });

  test('a single document without `---` starts on line 1', () => {
    assert.equal(parseManifestText('kind: Pod\nmetadata: {name: p}\n', 'p.yaml')[0].line, 1);
  });

  test('kind: List items carry their own line, block and flow style, in any document', () => {
    const text = [
      'kind: Namespace', // 1
      'metadata: {name: ns}', // 2
      '---', // 3
      'apiVersion: v1', // 4
      'kind: List', // 5
      'items:', // 6
      '  - kind: Pod', // 7
      '    metadata:', // 8
      '      name: a', // 9
      '  -', // 10
      '    kind: Pod', // 11
      '    metadata: {name: b}', // 12
      '  - {kind: Pod, metadata: {name: c}}', // 13
    ].join('\n');
    assert.deepEqual(lineOf(parseManifestText(text, 'l.yaml')), [
      ['ns', 1],
      ['a', 7],
      ['b', 11],
      ['c', 13],
    ]);
  });

  test('JSON: the object opens on its line, List items on theirs', () => {
    const single = '\n\n{\n  "kind": "Pod",\n  "metadata": {"name": "j"}\n}\n';
    assert.equal(parseManifestText(single, 'p.json')[0].line, 3);
    const list = [
      '{', // 1
      '  "kind": "List",', // 2
      '  "items": [', // 3
      '    {"kind": "Pod", "metadata": {"name": "x"}},', // 4
      '    {', // 5
      '      "kind": "Pod", "metadata": {"name": "y"}', // 6
      '    }', // 7
      '  ]', // 8
      '}', // 9
    ].join('\n');
    assert.deepEqual(lineOf(parseManifestText(list, 'l.json')), [
      ['x', 4],
      ['y', 5],
    ]);
  });

  test('List items brought in by a merge key fall back to the line of their document', () => {
    const text = ['base: &base', '  items: [{kind: Pod, metadata: {name: m}}]', 'kind: List', '<<: *base'].join('\n');
    assert.deepEqual(lineOf(parseManifestText(text, 'merge.yaml')), [['m', 1]]);
  });
});
