/**
 * Sealing a run: the evidence manifest for report.pdf (before the PDF is rendered) and the run manifest over every
 * file (after they are written), each signed when there is a signer. Pure but for the signer, which may call KMS.
 */
import { ALL_CHECKS } from '../checks/registry.js';
import { FRAMEWORKS } from '../frameworks/index.js';
import type { Attestation, Waiver } from '../scoring/waiver-types.js';
import { type CatalogIdentity, catalogIdentity } from './catalog.js';
import type { Signer } from './keys.js';
import {
  buildManifest,
  type EvaluationInputs,
  type FileDigest,
  MANIFEST_FILE,
  type ManifestFacts,
  PUBLIC_KEY_FILE,
  RESULTS_FILE,
  SIGNATURE_FILE,
  SNAPSHOT_FILE,
  serializeManifest,
} from './manifest.js';

/** The catalog this build evaluates with. */
export function currentCatalog(): CatalogIdentity {
  return catalogIdentity(ALL_CHECKS, FRAMEWORKS);
}

/** The evaluation settings as the manifest records them. */
export function evaluationInputs(settings: {
  frameworks?: readonly string[];
  approvedRegistries?: readonly string[];
  waivers?: readonly Waiver[];
  attestations?: readonly Attestation[];
}): EvaluationInputs {
  return {
    frameworks: settings.frameworks ? [...settings.frameworks] : null,
    approvedRegistries:
      settings.approvedRegistries && settings.approvedRegistries.length > 0 ? [...settings.approvedRegistries] : null,
    waivers: [...(settings.waivers ?? [])],
    attestations: [...(settings.attestations ?? [])],
  };
}

export interface SignedDocument {
  manifest: Buffer;
  signature?: Buffer;
}

async function signed(manifest: Buffer, signer: Signer | undefined): Promise<SignedDocument> {
  return signer ? { manifest, signature: await signer.sign(manifest) } : { manifest };
}

/** The evidence manifest (results.json and the snapshot) and its signature, for report.pdf to attach. */
export async function sealEvidence(facts: ManifestFacts, signer: Signer | undefined): Promise<SignedDocument> {
  const manifest = buildManifest(facts, 'evidence', [facts.resultsFile, facts.snapshotFile]);
  return signed(serializeManifest(manifest), signer);
}

/**
 * The run manifest over `files` (every output written, results.json and the snapshot among them) and the files that
 * carry it: manifest.json, manifest.sig and public-key.pem (the last two only when signed).
 */
export async function sealRun(
  facts: Omit<ManifestFacts, 'resultsFile' | 'snapshotFile'>,
  files: FileDigest[],
  signer: Signer | undefined,
): Promise<{ name: string; content: Buffer }[]> {
  const find = (name: string) => {
    const file = files.find((f) => f.name === name);
    if (!file) throw new Error(`cannot seal the run: ${name} was not written`);
    return file;
  };
  const covered = files.filter((f) => ![MANIFEST_FILE, SIGNATURE_FILE, PUBLIC_KEY_FILE].includes(f.name));
  const manifest = buildManifest(
    { ...facts, resultsFile: find(RESULTS_FILE), snapshotFile: find(SNAPSHOT_FILE) },
    'run',
    [...covered].sort((a, b) => a.name.localeCompare(b.name)),
  );
  const doc = await signed(serializeManifest(manifest), signer);
  const out = [{ name: MANIFEST_FILE, content: doc.manifest }];
  if (doc.signature && signer) {
    out.push({ name: SIGNATURE_FILE, content: doc.signature });
    out.push({ name: PUBLIC_KEY_FILE, content: Buffer.from(signer.publicKeyPem, 'utf8') });
  }
  return out;
}
