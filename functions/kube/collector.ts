/**
 * The Kubernetes collector: every inventory the checks read, listed cluster-wide with pagination, bounded
 * concurrency and per-inventory failure. Items are normalised (and so redacted) as their page arrives.
 * Only GET requests are ever sent; Secrets are listed as metadata only.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type {
  AwsAuthMapping,
  Collected,
  Gap,
  KubeInventory,
  KubeObject,
  KubernetesSide,
  NotCollected,
} from '../snapshot/types.js';
import { AwsAuthParseError, parseAwsAuth } from './aws-auth.js';
import { createKubeGetter, type KubeGetter } from './http.js';
import { collectKubeletConfigs, KUBELET_CONFIG_PERMISSION } from './kubelet-config.js';
import { type ListSink, listResource } from './list.js';
import { InvalidObjectError, normalizeObject } from './normalize.js';
import { mapBounded } from './pool.js';
import { isCrdOfInterest, LIST_RESOURCES, type ListResource, listPermission } from './resources.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';

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
  /** Further attempts after a 429, 5xx, reset or timeout. */
  retries?: number;
  /** First retry backoff in ms (doubles per attempt); Retry-After wins when the server sends it. */
  backoffMs?: number;
  /** Opt-in: read kubelet configz through `nodes/proxy` for one node per node group. */
  kubeletConfig?: boolean;
  onProgress?: (p: CollectProgress) => void;
}

export interface KubernetesCollection {
  kubernetes: KubernetesSide;
  gaps: Gap[];
  /** HTTP requests sent, retries included. */
  requestCount: number;
}

const AWS_AUTH = { namespace: 'kube-system', name: 'aws-auth' };

/** Longest lists first, so the slowest inventory does not start last. */
const LIST_ORDER: readonly KubeInventory[] = ['pods', 'replicasets', 'configmaps', 'secrets'];

function ordered(resources: readonly ListResource[]): ListResource[] {
  const rank = (r: ListResource) => {
    const i = LIST_ORDER.indexOf(r.inventory);
    return i < 0 ? LIST_ORDER.length : i;
  };
  return [...resources].sort((a, b) => rank(a) - rank(b));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Normalises items as they come and pulls out what must be read before redaction (aws-auth) or filtered (CRDs). */
class InventorySink implements ListSink {
  items: KubeObject[] = [];
  skipped = 0;
  firstSkipReason = '';
  awsAuth: Collected<AwsAuthMapping> | undefined;

  constructor(private readonly resource: ListResource) {}

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
      this.items.push(normalizeObject(raw, `${this.resource.inventory} list`));
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
  const getter = createKubeGetter(kc, { timeoutMs: options.requestTimeoutMs, maxSockets: options.concurrency ?? 4 });
  try {
    return await collectWith(getter, options);
  } finally {
    getter.close();
  }
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
  const resources = ordered(LIST_RESOURCES);
  const total = resources.length + (options.kubeletConfig ? 1 : 0);
  let finished = 0;
  const progress = (p: Omit<CollectProgress, 'finishedInventories' | 'totalInventories'>) =>
    options.onProgress?.({ ...p, finishedInventories: finished, totalInventories: total });

  const inventories: KubernetesSide['inventories'] = {};
  const gaps: Gap[] = [];
  let awsAuth: Collected<AwsAuthMapping> | undefined;

  await mapBounded(resources, concurrency, async (resource) => {
    const sink = new InventorySink(resource);
    progress({ inventory: resource.inventory, event: 'start', items: 0 });
    const outcome = await listResource(getter, resource, sink, {
      pageSize,
      retry,
      onPage: () => progress({ inventory: resource.inventory, event: 'page', items: sink.items.length }),
    });
    finished++;
    if (outcome.ok) {
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
  });
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
