/**
 * The embedded demo cluster `prod-eu-west-1`: a production-like EKS cluster as data (Kubernetes manifests plus
 * AWS API responses), and four earlier weekly runs, for `eks-compliance scan --demo` and for tests.
 */
import { parseAwsAuth } from '../kube/aws-auth.js';
import { normalizeObject } from '../kube/normalize.js';
import { snapshotFromObjects } from '../model/build-snapshot.js';
import { sampleNodes } from '../model/kubelet-sampling.js';
import type {
  AwsAuthMapping,
  ClusterIdentity,
  KubeletConfigSample,
  KubeObject,
  ScanIdentity,
  Snapshot,
} from '../model/snapshot.js';
import { isRecord } from '../model/untrusted.js';
import { DEMO_HISTORY, snapshotForWeek } from './history.js';
import { type DemoKubeletConfig, readDemoAws, readDemoManifests } from './load.js';

export type { DemoChange, DemoWeek } from './history.js';
export { DEMO_HISTORY } from './history.js';

/**
 * The moment the demo data was written against: every date in it (creation times, managedFields, AWS support
 * windows, findings) is relative to this. A demo run moves the whole timeline to its own collection time, so
 * "collected" matches "generated", the trend ends today, and every date-based verdict stays the same.
 */
export const DEMO_COLLECTED_AT = '2025-10-06T05:00:00.000Z';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/;

/** Every ISO date or date-time string in `value`, moved by `deltaMs` (date-only strings stay date-only). */
export function shiftDates<T>(value: T, deltaMs: number): T {
  if (deltaMs === 0) return value;
  if (typeof value === 'string') {
    if (!ISO_DATE.test(value)) return value;
    const moved = new Date(Date.parse(value) + deltaMs).toISOString();
    return (value.length === 10 ? moved.slice(0, 10) : moved) as T;
  }
  if (Array.isArray(value)) return value.map((v) => shiftDates(v, deltaMs)) as T;
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shiftDates(v, deltaMs)])) as T;
  }
  return value;
}

export interface DemoOptions {
  /** When this demo run is taken; default: now, to the minute. Tests pass DEMO_COLLECTED_AT for fixed output. */
  collectedAt?: string;
}

function demoCollectedAt(options: DemoOptions): string {
  if (options.collectedAt) return new Date(options.collectedAt).toISOString();
  const now = new Date();
  now.setUTCSeconds(0, 0);
  return now.toISOString();
}

export const DEMO_CLUSTER: Readonly<ClusterIdentity> = {
  name: 'prod-eu-west-1',
  arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/prod-eu-west-1',
  region: 'eu-west-1',
  accountId: '111122223333',
  kubernetesVersion: '1.31',
  platformVersion: 'eks.12',
  source: 'demo',
};

/** As the deployed reporter scans: its Scan function in the target account's scan role (EKS token and AWS calls). */
export const DEMO_SCAN_IDENTITY: Readonly<ScanIdentity> = {
  awsCallerArn: `arn:aws:sts::${DEMO_CLUSTER.accountId}:assumed-role/EksComplianceScan/eks-compliance-reporter`,
  kubeconfigUser: null,
  kubeconfigContext: null,
};

/** The one ConfigMap EKS reads IAM mappings from; its values are dropped by normalisation, so read it first. */
function awsAuthData(raw: unknown): Record<string, unknown> | undefined {
  if (!isRecord(raw) || raw.kind !== 'ConfigMap' || !isRecord(raw.metadata)) return undefined;
  if (raw.metadata.namespace !== 'kube-system' || raw.metadata.name !== 'aws-auth') return undefined;
  return isRecord(raw.data) ? raw.data : {};
}

/**
 * The demo's kubelet samples as the collector would write them: for each, the group `sampleNodes` assigns its node
 * in the demo's node list (`nodegroup/…`), so the demo shows the words a real scan shows. A sample of a node the
 * collector would not read is an error in the demo data.
 */
function kubeletSamplesOf(
  configs: readonly DemoKubeletConfig[],
  objects: readonly KubeObject[],
): KubeletConfigSample[] {
  const sampled = sampleNodes(objects.filter((o) => o.kind === 'Node'));
  const groupOf = new Map(sampled.map((s) => [s.node, s.group]));
  return configs.map((config, i) => {
    const group = groupOf.get(config.node);
    if (group === undefined) {
      const readable = sampled.map((s) => `${s.node} (${s.group})`).join(', ');
      throw new Error(
        `aws.json: kubeletConfigs[${i}] is for node ${config.node}, which the collector does not read (it reads one ` +
          `node per group: ${readable || 'none'})`,
      );
    }
    return { ...config, group };
  });
}

/** Today's snapshot of the demo cluster. Each call builds a fresh copy, so callers may change it. */
export function loadDemoSnapshot(options: DemoOptions = {}): Snapshot {
  const collectedAt = demoCollectedAt(options);
  const delta = Date.parse(collectedAt) - Date.parse(DEMO_COLLECTED_AT);
  const objects: KubeObject[] = [];
  let awsAuth: AwsAuthMapping[] = [];
  for (const { origin, object } of readDemoManifests()) {
    const awsAuthConfig = awsAuthData(object);
    if (awsAuthConfig) awsAuth = parseAwsAuth(awsAuthConfig);
    objects.push(normalizeObject(shiftDates(object, delta), origin));
  }
  const { aws, kubeletConfigs } = readDemoAws();
  const { snapshot, skipped } = snapshotFromObjects({
    cluster: { ...DEMO_CLUSTER },
    collectedAt,
    objects,
    aws: shiftDates(aws, delta),
    kubernetes: {
      kubeletConfigs: { status: 'collected', items: kubeletSamplesOf(kubeletConfigs, objects) },
      awsAuth: { status: 'collected', items: awsAuth },
    },
  });
  if (skipped.length > 0) {
    const names = skipped.map((o) => `${o.kind} ${o.metadata.name}`).join(', ');
    throw new Error(`demo data has objects of kinds no inventory holds: ${names}`);
  }
  return { ...snapshot, scanIdentity: { ...DEMO_SCAN_IDENTITY } };
}

/** Earlier weekly runs, oldest first, one week apart, ending the week before the current run. */
export function loadDemoHistory(options: DemoOptions = {}): { generatedAt: string; snapshot: Snapshot }[] {
  const current = loadDemoSnapshot(options);
  return DEMO_HISTORY.map((week) => {
    const snapshot = snapshotForWeek(current, week);
    return { generatedAt: snapshot.collectedAt, snapshot };
  });
}
