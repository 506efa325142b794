/**
 * What the fault and security tests share: the fixture cluster, one full pass (kubeconfig collection → evaluate →
 * every renderer), and small retry settings so that failing cases fail fast.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CollectSnapshotOptions } from '../../functions/kube/collect-snapshot.js';
import { collectSnapshot } from '../../functions/kube/collect-snapshot.js';
import type { Snapshot } from '../../functions/model/snapshot.js';
import { renderCsv } from '../../functions/report/csv.js';
import { renderHtml } from '../../functions/report/html.js';
import { renderResultsJson } from '../../functions/report/json.js';
import { renderPdf } from '../../functions/report/pdf.js';
import { evaluate } from '../../functions/scoring/evaluate.js';
import type { ScanResults } from '../../functions/scoring/results.js';
import { validateResults } from '../../functions/scoring/validate-results.js';
import { type FakeKubeServer, writeKubeconfig } from '../support/fake-kube-api.js';

export const TOKEN = 'fault-matrix-token-5f0c2a';
export const GENERATED_AT = '2026-03-02T06:00:00.000Z';

// biome-ignore lint/suspicious/noExplicitAny: fixture objects in API shape
export type RawObject = any;

export const fixture: { objects: RawObject[]; kubeletConfigs: Record<string, Record<string, unknown>> } = JSON.parse(
  readFileSync(new URL('../fixtures/kube-api/cluster.json', import.meta.url), 'utf8'),
);

/**
 * Small timeouts and retries: every failing case gives up within about a second. Secret metadata is requested, so
 * the opt-in inventory goes through the same faults as the others.
 */
export const FAST: CollectSnapshotOptions = { requestTimeoutMs: 400, retries: 1, backoffMs: 5, secretMetadata: true };

export interface PassOutput {
  snapshot: Snapshot;
  results: ScanResults;
  resultsJson: string;
  html: string;
  pdf: Buffer;
  csv: string;
}

/** Collect in kubeconfig mode, evaluate, and render every format; throws if results.json is not schema-valid. */
export async function fullPass(
  server: FakeKubeServer,
  dir: string,
  options: CollectSnapshotOptions = FAST,
  token = TOKEN,
): Promise<PassOutput> {
  const path = await writeKubeconfig(join(dir, `kc-${Math.random().toString(36).slice(2)}.yaml`), server, { token });
  const { snapshot } = await collectSnapshot({ kind: 'kubeconfig', path }, options);
  const results = evaluate(snapshot, { generatedAt: GENERATED_AT });
  const resultsJson = renderResultsJson(results);
  const validation = validateResults(JSON.parse(resultsJson));
  if (!validation.valid) throw new Error(`results.json is not schema-valid: ${validation.errors.join('; ')}`);
  const html = renderHtml({ results });
  const pdf = await renderPdf({ results });
  const csv = renderCsv(results);
  return { snapshot, results, resultsJson, html, pdf, csv };
}

export async function writeOutputs(dir: string, out: PassOutput): Promise<string[]> {
  const files: [string, string | Buffer][] = [
    ['results.json', out.resultsJson],
    ['report.html', out.html],
    ['report.pdf', out.pdf],
    ['findings.csv', out.csv],
    ['snapshot.json', JSON.stringify(out.snapshot)],
  ];
  await Promise.all(files.map(([name, body]) => writeFile(join(dir, name), body)));
  return files.map(([name]) => join(dir, name));
}
