/**
 * The signed evidence of one cluster's reports in the bucket: beside report.html, report.pdf and findings.csv under
 * reports/<runId>/<account>/<region>/<cluster>/, the Report step writes copies of results.json and the snapshot the
 * Scan step left in runs/<runId>/, then manifest.json (the SHA-256 of all five), manifest.sig (signed with the
 * stack's KMS key) and public-key.pem. report.pdf attaches the evidence manifest of results.json and the snapshot.
 * So the reports folder holds everything `eks-compliance verify s3://…` and `--reproduce` need.
 */
import type { ReporterConfig } from '../config/types.js';
import type { Signer } from '../integrity/keys.js';
import { digestOf, type FileDigest, type ManifestFacts, RESULTS_FILE, SNAPSHOT_FILE } from '../integrity/manifest.js';
import { currentCatalog, evaluationInputs, sealEvidence, sealRun } from '../integrity/seal.js';
import { type Bucket, getBytes, putObject } from '../publish/s3-bucket.js';
import type { PdfEvidence } from '../report/pdf.js';
import type { ScanResults } from '../scoring/results.js';
import { type ClusterItem, reportPrefix, snapshotKey } from './layout.js';

export interface ClusterEvidence {
  /** What report.pdf attaches and shows on its cover. */
  pdf: PdfEvidence;
  /** Writes results.json and the snapshot beside the reports, then the manifest over them and `reports`. */
  seal(reports: ReadonlyArray<{ name: string; bytes: string | Uint8Array }>): Promise<void>;
}

const CONTENT_TYPE: Record<string, string> = {
  '.json': 'application/json',
  '.sig': 'application/octet-stream',
  '.pem': 'application/x-pem-file',
};

/**
 * Undefined when the run has no snapshot for the cluster (a run scanned before snapshots were kept): its reports are
 * then written without a manifest, as before.
 */
export async function clusterEvidence(
  bucket: Bucket,
  runId: string,
  cluster: ClusterItem,
  scanned: { results: ScanResults; resultsJson: string },
  config: ReporterConfig,
  signer: Signer | undefined,
): Promise<ClusterEvidence | undefined> {
  const snapshot = await getBytes(bucket, snapshotKey(runId, cluster));
  if (snapshot === undefined) return undefined;
  const resultsBytes = Buffer.from(scanned.resultsJson, 'utf8');
  const facts: ManifestFacts = {
    results: scanned.results,
    catalog: currentCatalog(),
    // The settings the Scan step evaluated with (functions/run/scan-cluster.ts), for re-performance.
    evaluation: evaluationInputs({
      frameworks: config.frameworks,
      approvedRegistries: config.scan.approvedRegistries,
      waivers: config.waivers,
      attestations: config.attestations,
    }),
    resultsFile: digestOf(RESULTS_FILE, resultsBytes),
    snapshotFile: digestOf(SNAPSHOT_FILE, snapshot),
    signer,
  };
  const doc = await sealEvidence(facts, signer);
  const prefix = reportPrefix(runId, cluster);
  return {
    pdf: { ...doc, keyId: signer?.keyId, kmsKeyArn: signer?.kmsKeyArn },
    async seal(reports) {
      await putObject(bucket, `${prefix}${RESULTS_FILE}`, resultsBytes, 'application/json');
      await putObject(bucket, `${prefix}${SNAPSHOT_FILE}`, snapshot, 'application/gzip');
      const digests: FileDigest[] = [
        ...reports.map((r) => digestOf(r.name, typeof r.bytes === 'string' ? Buffer.from(r.bytes, 'utf8') : r.bytes)),
        facts.resultsFile,
        facts.snapshotFile,
      ];
      // manifest.json last but for its signature: a reader never finds a manifest naming files not yet written.
      for (const file of await sealRun(facts, digests, signer)) {
        const ext = file.name.slice(file.name.lastIndexOf('.'));
        await putObject(bucket, `${prefix}${file.name}`, file.content, CONTENT_TYPE[ext] ?? 'application/octet-stream');
      }
    },
  };
}
