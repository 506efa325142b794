/**
 * Reading untrusted JSON (API objects, AWS responses, snapshot files, manifests) without trusting its types.
 *
 * Any value a check puts into a message or a finding's name goes through `text` or `show`: `String()`, template
 * literals and `+` throw on valid JSON such as `{"toString": null}`, and one hostile value must not cost a check
 * its verdict on everything else.
 */
import { safeText } from '../kube/value-facts.js';

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
 * A value for a message. Scalars are shown as they are (long strings cut); lists and objects only by their type,
 * so a malformed field never dumps untrusted structure into a report, and the words do not depend on key order.
 */
export function show(value: unknown, unset = 'not set'): string {
  if (value === undefined) return unset;
  if (value === null) return 'null';
  if (typeof value === 'string') {
    if (value === '') return '""';
    return value.length > 60 ? `${value.slice(0, 57)}...` : value;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return Array.isArray(value) ? 'a list' : `a value of type ${typeof value === 'object' ? 'object' : typeof value}`;
}
