/**
 * Sends a run's ASFF findings (functions/report/asff.ts) to Security Hub with BatchImportFindings, at most
 * BATCH_IMPORT_LIMIT a call as the API allows. A finding Security Hub refuses is reported with its Id and reason; a
 * call that fails (Security Hub not enabled in the region, access denied) is reported once per batch. Neither
 * stops the rest: the Report step names them and ends incomplete.
 */
import { BatchImportFindingsCommand, type SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { AsffFinding } from '../report/asff.js';
import { reasonOf } from '../run/log.js';

/** BatchImportFindings takes at most 100 findings a call. */
export const BATCH_IMPORT_LIMIT = 100;

export interface ImportOutcome {
  imported: number;
  /** One line per refused finding or failed call. */
  problems: string[];
}

export function batchesOf<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function importFindings(
  client: Pick<SecurityHubClient, 'send'>,
  findings: readonly AsffFinding[],
): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { imported: 0, problems: [] };
  for (const batch of batchesOf(findings, BATCH_IMPORT_LIMIT)) {
    try {
      // The SDK's types describe every ASFF field; ours are a subset of them with the same names and shapes.
      const out = await client.send(new BatchImportFindingsCommand({ Findings: batch as never }));
      outcome.imported += out.SuccessCount ?? 0;
      for (const f of out.FailedFindings ?? []) {
        outcome.problems.push(`Security Hub refused finding ${f.Id}: ${f.ErrorCode}: ${f.ErrorMessage}`);
      }
    } catch (err) {
      outcome.problems.push(`Security Hub BatchImportFindings failed for ${batch.length} findings: ${reasonOf(err)}`);
    }
  }
  return outcome;
}
