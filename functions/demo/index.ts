/**
 * The embedded demo cluster `prod-eu-west-1`: a production-like EKS cluster as data (Kubernetes manifests plus
 * AWS API responses), and four earlier weekly runs, for `eks-compliance scan --demo` and for tests.
 */
import { parseAwsAuth } from '../kube/aws-auth.js';
import { normalizeObject } from '../kube/normalize.js';
import { snapshotFromObjects } from '../snapshot/build.js';
import type { AwsAuthMapping, ClusterIdentity, KubeObject, Snapshot } from '../snapshot/types.js';
import { DEMO_HISTORY, snapshotForWeek } from './history.js';
import { readDemoAws, readDemoManifests } from './load.js';

export type { DemoChange, DemoWeek } from './history.js';
export { DEMO_HISTORY } from './history.js';

/** When the demo's current run was taken (fixed, so reports and tests are reproducible). */
export const DEMO_COLLECTED_AT = '2025-10-06T05:00:00.000Z';

export const DEMO_CLUSTER: Readonly<ClusterIdentity> = {
  name: 'prod-eu-west-1',
  arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/prod-eu-west-1',
  region: 'eu-west-1',
  accountId: '111122223333',
  kubernetesVersion: '1.31',
  platformVersion: 'eks.12',
  source: 'demo',
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The one ConfigMap EKS reads IAM mappings from; its values are dropped by normalisation, so read it first. */
function awsAuthData(raw: unknown): Record<string, unknown> | undefined {
  if (!isRecord(raw) || raw.kind !== 'ConfigMap' || !isRecord(raw.metadata)) return undefined;
  if (raw.metadata.namespace !== 'kube-system' || raw.metadata.name !== 'aws-auth') return undefined;
  return isRecord(raw.data) ? raw.data : {};
}

/** Today's snapshot of the demo cluster. Each call builds a fresh copy, so callers may change it. */
export function loadDemoSnapshot(): Snapshot {
  const objects: KubeObject[] = [];
  let awsAuth: AwsAuthMapping[] = [];
  for (const { origin, object } of readDemoManifests()) {
    const awsAuthConfig = awsAuthData(object);
    if (awsAuthConfig) awsAuth = parseAwsAuth(awsAuthConfig);
    objects.push(normalizeObject(object, origin));
  }
  const { aws, kubeletConfigs } = readDemoAws();
  const { snapshot, skipped } = snapshotFromObjects({
    cluster: { ...DEMO_CLUSTER },
    collectedAt: DEMO_COLLECTED_AT,
    objects,
    aws,
    kubernetes: {
      kubeletConfigs: { status: 'collected', items: kubeletConfigs },
      awsAuth: { status: 'collected', items: awsAuth },
    },
  });
  if (skipped.length > 0) {
    const names = skipped.map((o) => `${o.kind} ${o.metadata.name}`).join(', ');
    throw new Error(`demo data has objects of kinds no inventory holds: ${names}`);
  }
  return snapshot;
}

/** Earlier weekly runs, oldest first, one week apart, ending the week before `DEMO_COLLECTED_AT`. */
export function loadDemoHistory(): { generatedAt: string; snapshot: Snapshot }[] {
  const current = loadDemoSnapshot();
  return DEMO_HISTORY.map((week) => {
    const snapshot = snapshotForWeek(current, week);
    return { generatedAt: snapshot.collectedAt, snapshot };
  });
}
