/**
 * The bytes of results.json. One serialisation for the file a publisher writes and the copy attached to the PDF,
 * so the SHA-256 printed on the PDF's cover matches the file an auditor receives.
 */
import { createHash } from 'node:crypto';
import type { ScanResults } from '../scoring/results.js';

export function renderResultsJson(results: ScanResults): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
