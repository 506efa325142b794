/**
 * SARIF 2.1.0 validation against the OASIS schema (the copy @microsoft/jest-sarif ships; it is draft-04, hence
 * ajv-draft-04, and its `language` pattern has a stray `]` that only a non-Unicode RegExp accepts). Returns the
 * schema errors as readable lines, empty when the log is valid.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';

// Both are CommonJS; their default export can arrive wrapped when imported from ESM.
type AjvDraft04 = typeof import('ajv-draft-04').default;
const AjvDraft04 = ((AjvDraft04Module as unknown as { default?: AjvDraft04 }).default ??
  AjvDraft04Module) as AjvDraft04;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: InstanceType<AjvDraft04>,
) => void;

const require = createRequire(import.meta.url);
const SCHEMA_FILE = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

let validate: ReturnType<InstanceType<AjvDraft04>['compile']> | undefined;

export function sarifSchemaErrors(log: unknown): string[] {
  if (!validate) {
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
  }
  if (validate(log)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
