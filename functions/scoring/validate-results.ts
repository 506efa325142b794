/**
 * Validates a results.json document against schema/results.schema.json (JSON Schema draft 2020-12), with errors a
 * person can read: "frameworks/0/score: must be number".
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsPlugin from 'ajv-formats';
import schema from '../../schema/results.schema.json' with { type: 'json' };

export interface ResultsValidation {
  valid: boolean;
  errors: string[];
}

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    formatsPlugin.default(ajv);
    compiled = ajv.compile(schema);
  }
  return compiled;
}

function describeError(e: ErrorObject): string {
  const where = e.instancePath === '' ? '(root)' : e.instancePath.slice(1);
  const params = e.params as Record<string, unknown>;
  let detail = e.message ?? 'is invalid';
  if (e.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    detail += `: ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  } else if (e.keyword === 'const') {
    detail += ` ${JSON.stringify(params.allowedValue)}`;
  } else if (e.keyword === 'additionalProperties') {
    detail += ` "${String(params.additionalProperty)}"`;
  }
  return `${where}: ${detail}`;
}

export function validateResults(doc: unknown): ResultsValidation {
  const validate = validator();
  if (validate(doc)) return { valid: true, errors: [] };
  // oneOf failures repeat what their branches said; the branch messages are the useful part.
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'oneOf').map(describeError);
  return { valid: false, errors: [...new Set(errors)] };
}
