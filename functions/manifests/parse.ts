/**
 * Manifest text → raw Kubernetes objects, with the origin of each ("deploy/app.yaml, document 3") for error messages
 * and the line it starts on, for code-scanning alerts. Pure: no file system here, so the parsing rules are testable
 * on strings.
 */

import type { Document, Tags } from 'yaml';
import { isMap, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import { isRecord } from '../model/untrusted.js';
import { InputError } from '../snapshot/io.js';

export interface RawManifestObject {
  value: Record<string, unknown>;
  /** Where it came from, for error messages: "app.yaml, document 2, item 1". */
  origin: string;
  /**
   * 1-based line of the object's first line: the first key of its document (past `---` and leading comments), or,
   * for an item of a `kind: List`, the item's first line. JSON is YAML to the parser, so the same holds there.
   */
  line: number;
}

/**
 * kubectl reads YAML the way go-yaml v2 does: YAML 1.1 booleans (`privileged: yes` and `hostNetwork: on` are true,
 * and a scanner that read them as strings would miss them) but timestamps and base-60 numbers stay as written.
 * So: the YAML 1.1 schema without its timestamp and sexagesimal tags.
 */
function kubectlLikeTags(tags: Tags): Tags {
  return tags.filter((t) => {
    if (typeof t !== 'object' || t === null) return true;
    const tag = t as { tag?: string; format?: string };
    return tag.tag !== 'tag:yaml.org,2002:timestamp' && tag.format !== 'TIME';
  });
}

/** yaml's messages carry " at line L, column C:" and a code excerpt; keep one line, position first. */
function syntaxProblem(message: string, line: number | undefined, column: number | undefined): string {
  const first = message
    .split('\n')[0]
    .replace(/ at line \d+, column \d+:?$/, '')
    .trim();
  const where = line !== undefined ? `line ${line}${column !== undefined ? `, column ${column}` : ''}: ` : '';
  return `${where}YAML syntax error: ${first}`;
}

/** Kubernetes list kinds: `List` from `kubectl get -o yaml`, `PodList` etc. from the API. */
function isListKind(value: Record<string, unknown>): boolean {
  return typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items);
}

/** The line a node starts on, or `fallback` when the parser kept no range for it. */
function lineOf(node: unknown, lines: LineCounter, fallback: number): number {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range ? lines.linePos(range[0]).line : fallback;
}

/**
 * The start line of each entry of a List document's `items`, by index. toJS() and the node tree list the items in the
 * same order; when they cannot be matched (`items` brought in by a YAML merge key, say) the caller falls back to the
 * document's line.
 */
function itemLines(doc: Document.Parsed, count: number, lines: LineCounter, fallback: number): number[] {
  const node = isMap(doc.contents) ? doc.contents.get('items', true) : undefined;
  if (!isSeq(node) || node.items.length !== count) return new Array<number>(count).fill(fallback);
  return node.items.map((item) => lineOf(item, lines, fallback));
}

/**
 * Parses one manifest file's text (YAML, multi-document YAML or JSON). Empty documents (`---` alone, comments only)
 * are skipped; `kind: List` documents are unpacked into their items. Throws InputError naming the file, the line of a
 * syntax error, or the document (and item) of a malformed object.
 */
export function parseManifestText(text: string, file: string): RawManifestObject[] {
  // The parser feeds the line counter as it reads, so node offsets turn into lines without re-scanning the text.
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, {
    version: '1.1',
    customTags: kubectlLikeTags,
    prettyErrors: true,
    lineCounter: lines,
  });
  const list = Array.isArray(docs) ? docs : [];
  const out: RawManifestObject[] = [];
  list.forEach((doc, i) => {
    const err = doc.errors[0];
    if (err) {
      const pos = err.linePos?.[0];
      throw new InputError(file, syntaxProblem(err.message, pos?.line, pos?.col));
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) return;
    const where = list.length > 1 ? `${file}, document ${i + 1}` : file;
    if (!isRecord(value)) throw new InputError(where, 'not a Kubernetes object (expected a mapping with kind)');
    const line = lineOf(doc.contents, lines, 1);
    if (isListKind(value)) {
      const items = value.items as unknown[];
      const starts = itemLines(doc, items.length, lines, line);
      items.forEach((item, j) => {
        if (item === null || item === undefined) return;
        const itemWhere = `${where}, item ${j + 1}`;
        if (!isRecord(item)) throw new InputError(itemWhere, 'not a Kubernetes object (expected a mapping with kind)');
        out.push({ value: item, origin: itemWhere, line: starts[j] });
      });
      return;
    }
    out.push({ value, origin: where, line });
  });
  return out;
}
