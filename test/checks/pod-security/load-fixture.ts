/** Reads pod-security fixtures (multi-document YAML) into a Snapshot the way the `manifests` command would. */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { normalizeObject } from '../../../functions/kube/normalize.js';
import { snapshotFromObjects } from '../../../functions/model/build-snapshot.js';
import type { KubeObject, Snapshot } from '../../../functions/model/snapshot.js';

const FIXTURES = new URL('../../fixtures/pod-security/', import.meta.url);

export function snapshotOf(objects: KubeObject[]): Snapshot {
  return snapshotFromObjects({
    cluster: { name: 't', arn: null, region: null, accountId: null, kubernetesVersion: null, source: 'manifests' },
    objects,
  }).snapshot;
}

export function loadObjects(relativePath: string): KubeObject[] {
  const text = readFileSync(new URL(relativePath, FIXTURES), 'utf8');
  return parseAllDocuments(text)
    .map((doc) => doc.toJS())
    .filter((raw) => raw !== null && raw !== undefined)
    .map((raw, i) => normalizeObject(raw, `${relativePath}, document ${i + 1}`));
}

export const loadSnapshot = (relativePath: string): Snapshot => snapshotOf(loadObjects(relativePath));
