/**
 * Reading untrusted JSON (API objects, AWS responses, snapshot files, manifests) without trusting its types, for
 * every layer: collectors, normalisation, checks and readers of saved files.
 *
 * Any value a check puts into a message or a finding's name goes through `text` or `show`: `String()`, template
 * literals and `+` throw on valid JSON such as `{"toString": null}`, and one hostile value must not cost a check
 * its verdict on everything else.
 */

/**
 * String(value) for untrusted JSON: an object with a non-function `toString` key (valid JSON, e.g.
 * `{"toString": null}`) makes String() throw, and one hostile object must not abort a whole list.
 */
export function safeText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return String(value);
  } catch {
    return JSON.stringify(value) ?? '';
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asArray<T = unknown>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

/** A string for an identifier (a name, an id, an ARN): strings as they are, anything else as String() would, never throwing. */
export function text(value: unknown, fallback = ''): string {
  if (value === undefined || value === null) return fallback;
  return safeText(value);
}

/**
 * A value as evidence (what a check observed): like `show`, but a string is shown whole, never cut, since evidence an
 * auditor files must not lose the end of an ARN or a key id.
 */
export function showWhole(value: unknown, unset = 'not set'): string {
  if (typeof value === 'string') return value === '' ? '""' : value;
  return show(value, unset);
}

/** Characters of a string value a message shows; a longer (hostile or broken) value says how much is left out. */
export const SHOWN_VALUE_MAX = 1000;

/**
 * The start of a string too long for where it is shown, saying how many characters follow and where the whole value
 * is: "abc… (1200 more characters; the whole value is in snapshot.json.gz)". Never a silent cut.
 */
export function shortenedValue(value: string, keep: number, whereWhole: string): string {
  const rest = value.length - keep;
  return `${value.slice(0, keep)}… (${rest} more characters; ${whereWhole})`;
}

/**
 * A value for a message. Scalars are shown as they are; a string over SHOWN_VALUE_MAX characters keeps its start and
 * says how many characters follow (the whole value is in the snapshot). Lists and objects are named only by their
 * type, so a malformed field never dumps untrusted structure into a report, and the words do not depend on key order.
 */
export function show(value: unknown, unset = 'not set'): string {
  if (value === undefined) return unset;
  if (value === null) return 'null';
  if (typeof value === 'string') {
    if (value === '') return '""';
    if (value.length <= SHOWN_VALUE_MAX) return value;
    return shortenedValue(value, SHOWN_VALUE_MAX, 'the whole value is in snapshot.json.gz');
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return Array.isArray(value) ? 'a list' : `a value of type ${typeof value === 'object' ? 'object' : typeof value}`;
}
