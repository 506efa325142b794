/**
 * `--config FILE` for the CLI. The config schema (and its key-by-key errors) is defined with the config module;
 * until then the CLI reads the YAML and passes waivers and attestations through, checking only that they are lists.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { ScanConfig } from '../pipeline.js';
import type { Attestation, Waiver } from '../scoring/waiver-types.js';
import { InputError } from '../snapshot/io.js';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseCliConfig(text: string, file: string): ScanConfig {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    const line = (err as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    const first = (err instanceof Error ? err.message : String(err))
      .split('\n')[0]
      .replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(file, `${line !== undefined ? `line ${line}: ` : ''}YAML syntax error: ${first}`);
  }
  if (doc === null || doc === undefined) return {};
  if (!isRecord(doc)) throw new InputError(file, 'expected a mapping of settings at the top level');
  const config: ScanConfig = {};
  if (doc.waivers !== undefined && doc.waivers !== null) {
    if (!Array.isArray(doc.waivers)) throw new InputError(file, '"waivers" must be a list');
    config.waivers = doc.waivers as Waiver[];
  }
  if (doc.attestations !== undefined && doc.attestations !== null) {
    if (!Array.isArray(doc.attestations)) throw new InputError(file, '"attestations" must be a list');
    config.attestations = doc.attestations as Attestation[];
  }
  return config;
}

export async function loadCliConfig(file: string): Promise<ScanConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(file, code === 'ENOENT' ? 'no such file' : `cannot read (${(err as Error).message})`);
  }
  return parseCliConfig(text, file);
}
