/**
 * Reads the demo cluster's files: the Kubernetes manifests (`data/*.yaml`) and the AWS side (`data/aws.json`).
 * Paths are relative to this module (or to the bundle), so the demo works from any working directory.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { assetDir } from '../asset-dir.js';
import type { AwsSide, KubeletConfigSample } from '../model/snapshot.js';

// The CLI bundle carries the same files in demo/ beside its code (infra/cli-bundle.ts).
const bundleAssets = assetDir();
const DATA_DIR = bundleAssets ? new URL('demo/', bundleAssets) : new URL('./data/', import.meta.url);

export interface RawManifest {
  /** "10-kube-system.yaml, document 3": where the object came from, for error messages. */
  origin: string;
  object: unknown;
}

/** Every document of every `data/*.yaml`, in file order. A YAML error is a bug in the demo data: it throws. */
export function readDemoManifests(): RawManifest[] {
  const files = readdirSync(fileURLToPath(DATA_DIR))
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const out: RawManifest[] = [];
  for (const file of files) {
    const docs = parseAllDocuments(readFileSync(new URL(file, DATA_DIR), 'utf8'));
    if (!Array.isArray(docs)) throw new Error(`${file}: not a YAML stream`);
    docs.forEach((doc, i) => {
      const origin = `${file}, document ${i + 1}`;
      if (doc.errors.length > 0) throw new Error(`${origin}: ${doc.errors[0]?.message}`);
      const object: unknown = doc.toJS();
      if (object !== null && object !== undefined) out.push({ origin, object });
    });
  }
  return out;
}

/** A demo kubelet sample as aws.json stores it: the node and its configz, without the group (derived on load). */
export type DemoKubeletConfig = Omit<KubeletConfigSample, 'group'>;

export interface DemoAwsData {
  aws: AwsSide;
  kubeletConfigs: DemoKubeletConfig[];
}

/**
 * `data/aws.json` → the AWS side of the snapshot. Every top-level key is one AWS fact, stored as collected;
 * `kubeletConfigs` belongs to the Kubernetes side (it is read through the API server's node proxy). Its samples name
 * the node only: the group each stands for is the collector's (`kubeletSamplesOf`, index.ts), never typed in.
 */
export function readDemoAws(): DemoAwsData {
  const parsed: unknown = JSON.parse(readFileSync(new URL('aws.json', DATA_DIR), 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('aws.json: not an object');
  const { kubeletConfigs, ...facts } = parsed as Record<string, unknown>;
  const aws: AwsSide = {};
  for (const [fact, value] of Object.entries(facts)) aws[fact] = { status: 'collected', value };
  if (!Array.isArray(kubeletConfigs)) throw new Error('aws.json: kubeletConfigs is not a list');
  return { aws, kubeletConfigs: kubeletConfigs as DemoKubeletConfig[] };
}
