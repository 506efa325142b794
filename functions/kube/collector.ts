/**
 * The Kubernetes collector: every inventory the checks read, listed cluster-wide with pagination, bounded
 * concurrency and per-inventory failure. Items are normalised (and so redacted) as their page arrives.
 * Only GET requests are ever sent; Secrets are listed as metadata only.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { WORKLOAD_INVENTORIES } from '../model/kinds.js';
import { isCrdOfInterest, LIST_RESOURCES, type ListResource, listPermission } from '../model/kube-resources.js';
import { KUBELET_CONFIG_PERMISSION } from '../model/kubelet-sampling.js';
import type {
  AwsAuthMapping,
  Collected,
  Gap,
  KubeInventory,
  KubeObject,
  KubernetesSide,
  NotCollected,
} from '../model/snapshot.js';
import { isRecord } from '../model/untrusted.js';
import { AwsAuthParseError, parseAwsAuth } from './aws-auth.js';
import { createKubeGetter, type KubeGetter } from './http.js';
import { collectKubeletConfigs } from './kubelet-config.js';
import { type ListSink, listResource } from './list.js';
import {
  compactControlledWorkload,
  InvalidObjectError,
  normalizeNamespace,
  normalizeObject,
  normalizeOwnerReferences,
  SpecPool,
  StringPool,
} from './normalize.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
import { SECRET_METADATA_NOT_REQUESTED, SECRETS_INVENTORY } from './secret-metadata.js';

export interface CollectProgress {
  inventory: KubeInventory | 'kubelet-config';
  event: 'start' | 'page' | 'done' | 'failed';
  /** Items gathered so far for this inventory. */
  items: number;
  finishedInventories: number;
  totalInventories: number;
}

export interface CollectKubernetesOptions {
  /** Items per list request (`limit`). */
  pageSize?: number;
  /** Inventories listed at the same time. */
  concurrency?: number;
  /** Per request, headers and body included. */
  requestTimeoutMs?: number;
  /** The most bytes of one response, on the wire and decompressed (default DEFAULT_MAX_RESPONSE_BYTES, 64 MiB). */
  maxResponseBytes?: number;
  /** Further attempts after a 429, 5xx, reset or timeout. */
  retries?: number;
  /** First retry backoff in ms (doubles per attempt); Retry-After wins when the server sends it. */
  backoffMs?: number;
  /** Opt-in: read kubelet configz through `nodes/proxy` for one node per node group. */
  kubeletConfig?: boolean;
  /**
   * Opt-in: list Secrets (metadata only). Off, no Secret request is sent, so the reader role needs no access to
   * Secrets at all (RBAC cannot limit `list secrets` to metadata; docs/permissions.md).
   */
  secretMetadata?: boolean;
  /**
   * Keep pods, ReplicaSets and Jobs whose controller was collected in compact form (`compactControlledWorkload`);
   * on by default. Off, every object keeps its whole spec: the same verdicts, for much more memory on large clusters.
   */
  compactControlledWorkloads?: boolean;
  onProgress?: (p: CollectProgress) => void;
}

export interface KubernetesCollection {
  kubernetes: KubernetesSide;
  gaps: Gap[];
  /** HTTP requests sent, retries included. */
  requestCount: number;
}

const AWS_AUTH = { namespace: 'kube-system', name: 'aws-auth' };

/**
 * What each workload list waits for when compacting: the lists of the kinds that control its objects. An object
 * whose controller is already collected is kept compact as its page arrives, since its template is evaluated at
 * the controller, never at the object itself. Pods wait for every other workload list (whatever owns them).
 */
const WAITS_FOR: Partial<Record<KubeInventory, readonly KubeInventory[]>> = {
  replicasets: ['deployments'],
  jobs: ['cronjobs'],
  pods: WORKLOAD_INVENTORIES.filter((inv) => inv !== 'pods'),
};

/**
 * Owners first, then what they own as soon as it may start (longest first), then the other long lists, so
 * neither the pods nor the slowest other inventory starts last.
 */
const LIST_ORDER: readonly KubeInventory[] = [
  'deployments',
  'cronjobs',
  'daemonsets',
  'statefulsets',
  'replicasets',
  'jobs',
  'pods',
  'configmaps',
  'secrets',
];

function ordered(resources: readonly ListResource[]): ListResource[] {
  const rank = (r: ListResource) => {
    const i = LIST_ORDER.indexOf(r.inventory);
    return i < 0 ? LIST_ORDER.length : i;
  };
  return [...resources].sort((a, b) => rank(a) - rank(b));
}

/** The key `podTemplates` (workloads.ts) matches controller owners by: kind, namespace, name. */
const ownerKey = (kind: string, namespace: string | undefined, name: string) => `${kind}/${namespace ?? ''}/${name}`;

/**
 * True when an object (given its raw metadata) has a controller owner among `controllers`: with `controllers` the
 * keys of the collected workload objects, exactly the objects `podTemplates` folds into their owner. The fields are
 * read as normalisation will leave them, so this is the decision podTemplates makes on the snapshot.
 */
function hasCollectedController(rawMeta: Record<string, unknown>, controllers: ReadonlySet<string>): boolean {
  const namespace = normalizeNamespace(rawMeta.namespace);
  const owners = normalizeOwnerReferences(rawMeta.ownerReferences) ?? [];
  return owners.some((o) => o.controller !== false && controllers.has(ownerKey(o.kind, namespace, o.name)));
}

/**
 * Lists with at most `limit` in flight, in the given order, except that a resource whose `waitsFor` lists are not
 * finished yet is passed over (a free worker takes the next one meanwhile, and it as soon as it may start).
 */
async function listInOrder(
  resources: readonly ListResource[],
  limit: number,
  waitsFor: (r: ListResource) => readonly KubeInventory[],
  work: (r: ListResource) => Promise<void>,
): Promise<void> {
  const queue = [...resources];
  const pending = new Set(resources.map((r) => r.inventory));
  let wake: (() => void)[] = [];
  const ready = (r: ListResource) => waitsFor(r).every((inv) => !pending.has(inv));
  const worker = async (): Promise<void> => {
    while (queue.length > 0) {
      const i = queue.findIndex(ready);
      if (i < 0) {
        // What it waits for is in flight with another worker, which wakes us when it finishes.
        await new Promise<void>((resolve) => wake.push(resolve));
        continue;
      }
      const [r] = queue.splice(i, 1);
      try {
        await work(r);
      } finally {
        pending.delete(r.inventory);
        const waiting = wake;
        wake = [];
        for (const resolve of waiting) resolve();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, resources.length)) }, worker));
}

/** Normalises items as they come and pulls out what must be read before redaction (aws-auth) or filtered (CRDs). */
class InventorySink implements ListSink {
  items: KubeObject[] = [];
  skipped = 0;
  firstSkipReason = '';
  awsAuth: Collected<AwsAuthMapping> | undefined;

  /** `controllers`: keys of the workload objects collected so far (for workload lists: whose objects to compact). */
  constructor(
    private readonly resource: ListResource,
    private readonly strings: StringPool,
    private readonly specs: SpecPool,
    private readonly controllers?: ReadonlySet<string>,
  ) {}

  reset(): void {
    this.items = [];
    this.skipped = 0;
    this.awsAuth = undefined;
  }

  add(raw: Record<string, unknown>): void {
    const meta = isRecord(raw.metadata) ? raw.metadata : {};
    if (this.resource.inventory === 'customresourcedefinitions') {
      // Names only, and only of the CRDs the checks look for.
      if (typeof meta.name !== 'string' || !isCrdOfInterest(meta.name)) return;
      this.items.push({ apiVersion: String(raw.apiVersion), kind: String(raw.kind), metadata: { name: meta.name } });
      return;
    }
    if (
      this.resource.inventory === 'configmaps' &&
      meta.namespace === AWS_AUTH.namespace &&
      meta.name === AWS_AUTH.name
    ) {
      this.awsAuth = readAwsAuth(raw.data);
    }
    try {
      // Compacted before normalising (the same result as after), so a controlled object is never copied whole.
      const compact = this.controllers !== undefined && hasCollectedController(meta, this.controllers);
      const origin = `${this.resource.inventory} list`;
      const obj = this.strings.internObject(
        normalizeObject(compact ? compactControlledWorkload(raw as KubeObject) : raw, origin),
      );
      if (compact && obj.kind === 'Pod') obj.spec = this.specs.share(obj.spec);
      if (compact && obj.podSpecReferences !== undefined)
        obj.podSpecReferences = this.specs.share(obj.podSpecReferences);
      this.items.push(obj);
    } catch (err) {
      if (!(err instanceof InvalidObjectError)) throw err;
      this.skipped++;
      this.firstSkipReason ||= err.message;
    }
  }
}

function readAwsAuth(data: unknown): Collected<AwsAuthMapping> {
  try {
    return { status: 'collected', items: parseAwsAuth(data) };
  } catch (err) {
    if (!(err instanceof AwsAuthParseError)) throw err;
    return { status: 'not-collected', reason: `kube-system/aws-auth: ${err.message}` };
  }
}

export async function collectKubernetes(
  kc: KubeConfig,
  options: CollectKubernetesOptions = {},
): Promise<KubernetesCollection> {
  const getter = createKubeGetter(kc, getterOptions(options));
  try {
    return await collectWith(getter, options);
  } finally {
    getter.close();
  }
}

/** The transport settings of a collection (shared with collect-snapshot, which opens the getter itself). */
export function getterOptions(options: CollectKubernetesOptions): Parameters<typeof createKubeGetter>[1] {
  return {
    timeoutMs: options.requestTimeoutMs,
    maxSockets: options.concurrency ?? 4,
    maxResponseBytes: options.maxResponseBytes,
  };
}

/** The collector over any GET transport (the seam the tests and the CLI share). */
export async function collectWith(
  getter: KubeGetter,
  options: CollectKubernetesOptions,
): Promise<KubernetesCollection> {
  const pageSize = options.pageSize ?? 500;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const retry: RetryPolicy = {
    ...DEFAULT_RETRY_POLICY,
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
  };
  const resources = ordered(
    options.secretMetadata ? LIST_RESOURCES : LIST_RESOURCES.filter((r) => r.inventory !== SECRETS_INVENTORY),
  );
  const total = resources.length + (options.kubeletConfig ? 1 : 0);
  let finished = 0;
  const progress = (p: Omit<CollectProgress, 'finishedInventories' | 'totalInventories'>) =>
    options.onProgress?.({ ...p, finishedInventories: finished, totalInventories: total });

  const inventories: KubernetesSide['inventories'] = {};
  if (!options.secretMetadata) inventories.secrets = SECRET_METADATA_NOT_REQUESTED;
  const gaps: Gap[] = [];
  let awsAuth: Collected<AwsAuthMapping> | undefined;

  // Only an owner known to be in the snapshot may stand in for what it controls, and only a list that completed is
  // in it: keys are added when a workload list completes, so a failed list compacts nothing.
  const compacting = options.compactControlledWorkloads !== false;
  const controllers = new Set<string>();
  // Shared by every inventory (namespaces, labels and images recur across kinds); dropped when collection ends.
  const strings = new StringPool();
  // Compact pod specs, shared the same way (normalize.ts, SpecPool).
  const specs = new SpecPool();
  const listOne = async (resource: ListResource) => {
    const sink = new InventorySink(
      resource,
      strings,
      specs,
      compacting && WORKLOAD_INVENTORIES.includes(resource.inventory) ? controllers : undefined,
    );
    progress({ inventory: resource.inventory, event: 'start', items: 0 });
    const outcome = await listResource(getter, resource, sink, {
      pageSize,
      retry,
      onPage: () => progress({ inventory: resource.inventory, event: 'page', items: sink.items.length }),
    });
    finished++;
    if (!outcome.ok && outcome.status === 404 && resource.servedByCrd) {
      // The CRD is not installed: there are none of these objects.
      inventories[resource.inventory] = { status: 'collected', items: [] };
      progress({ inventory: resource.inventory, event: 'done', items: 0 });
    } else if (outcome.ok) {
      inventories[resource.inventory] = { status: 'collected', items: sink.items };
      if (sink.skipped > 0) {
        gaps.push({
          source: `kubernetes/${resource.inventory}`,
          reason: `${sink.skipped} object(s) skipped as unreadable, e.g. ${sink.firstSkipReason}`,
        });
      }
      if (resource.inventory === 'configmaps') awsAuth = sink.awsAuth ?? { status: 'collected', items: [] };
      progress({ inventory: resource.inventory, event: 'done', items: sink.items.length });
    } else {
      const missing: NotCollected = {
        status: 'not-collected',
        reason: outcome.reason,
        permission: listPermission(resource),
      };
      inventories[resource.inventory] = missing;
      gaps.push({ source: `kubernetes/${resource.inventory}`, reason: outcome.reason });
      if (resource.inventory === 'configmaps') {
        awsAuth = { ...missing, reason: `kube-system/aws-auth is read from the ConfigMap list: ${outcome.reason}` };
      }
      progress({ inventory: resource.inventory, event: 'failed', items: 0 });
    }
    const listed = inventories[resource.inventory];
    if (WORKLOAD_INVENTORIES.includes(resource.inventory) && listed?.status === 'collected') {
      for (const o of listed.items) controllers.add(ownerKey(o.kind, o.metadata.namespace, o.metadata.name));
    }
  };
  await listInOrder(resources, concurrency, (r) => (compacting ? (WAITS_FOR[r.inventory] ?? []) : []), listOne);
  if (awsAuth?.status === 'not-collected' && inventories.configmaps?.status === 'collected') {
    gaps.push({ source: 'kubernetes/aws-auth', reason: awsAuth.reason });
  }

  const kubernetes: KubernetesSide = { inventories, awsAuth };
  const nodes = inventories.nodes;
  if (!options.kubeletConfig) {
    kubernetes.kubeletConfigs = {
      status: 'not-collected',
      reason: 'kubelet configuration was not requested (opt-in: it needs get on nodes/proxy)',
      permission: KUBELET_CONFIG_PERMISSION,
    };
  } else if (nodes?.status !== 'collected') {
    kubernetes.kubeletConfigs = {
      status: 'not-collected',
      reason: `kubelet configuration needs the node list: ${nodes?.reason ?? 'nodes were not listed'}`,
      permission: 'list nodes',
    };
    gaps.push({ source: 'kubelet', reason: kubernetes.kubeletConfigs.reason });
  } else {
    progress({ inventory: 'kubelet-config', event: 'start', items: 0 });
    const kubelet = await collectKubeletConfigs(getter, nodes.items, { concurrency, retry });
    kubernetes.kubeletConfigs = kubelet.result;
    gaps.push(...kubelet.gaps);
    finished++;
    const items = kubelet.result.status === 'collected' ? kubelet.result.items.length : 0;
    progress({ inventory: 'kubelet-config', event: kubelet.result.status === 'collected' ? 'done' : 'failed', items });
  }

  // Stable output regardless of completion order.
  const sortedInventories: KubernetesSide['inventories'] = {};
  for (const r of LIST_RESOURCES) sortedInventories[r.inventory] = inventories[r.inventory];
  kubernetes.inventories = sortedInventories;
  return { kubernetes, gaps: sortGaps(gaps), requestCount: getter.requestCount };
}

function sortGaps(gaps: Gap[]): Gap[] {
  return [...gaps].sort((a, b) => a.source.localeCompare(b.source));
}
