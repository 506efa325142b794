/**
 * Opt-in: the effective kubelet configuration of one node per node group (or per OS image where there are no
 * groups), read through the API server's node proxy. Needs `get nodes/proxy`, which is a powerful permission
 * (see docs/permissions.md), hence opt-in.
 */
import { KUBELET_CONFIG_PERMISSION, sampleNodes } from '../model/kubelet-sampling.js';
import type { Collected, Gap, KubeletConfigSample, KubeObject } from '../model/snapshot.js';
import type { KubeGetter } from './http.js';
import { mapBounded } from './pool.js';
import { redactKubeletConfig } from './redact.js';
import { describeStatus, getWithRetry, type RetryPolicy } from './retry.js';

export async function collectKubeletConfigs(
  getter: KubeGetter,
  nodes: readonly KubeObject[],
  options: { concurrency: number; retry: RetryPolicy },
): Promise<{ result: Collected<KubeletConfigSample>; gaps: Gap[] }> {
  const sample = sampleNodes(nodes);
  const gaps: Gap[] = [];
  const outcomes = await mapBounded(sample, options.concurrency, async ({ node, group }) => {
    const path = `/api/v1/nodes/${encodeURIComponent(node)}/proxy/configz`;
    try {
      const res = await getWithRetry(getter, options.retry, path);
      if (res.status !== 200) return { error: `GET ${path}: ${describeStatus(res)}`, node };
      const body = JSON.parse(res.body.toString('utf8')) as { kubeletconfig?: unknown };
      if (typeof body.kubeletconfig !== 'object' || body.kubeletconfig === null) {
        return { error: `GET ${path}: the response has no kubeletconfig object`, node };
      }
      const config = body.kubeletconfig as Record<string, unknown>;
      const redactions = redactKubeletConfig(config);
      const sample: KubeletConfigSample = { node, group, config };
      if (redactions.length > 0) sample.redactions = redactions;
      return { sample };
    } catch (err) {
      return { error: `GET ${path}: ${(err as Error).message}`, node };
    }
  });
  const samples: KubeletConfigSample[] = [];
  for (const o of outcomes) {
    if ('sample' in o && o.sample) samples.push(o.sample);
    else if ('error' in o) gaps.push({ source: `kubelet/${o.node}`, reason: o.error ?? 'unknown error' });
  }
  if (samples.length === 0 && gaps.length > 0) {
    return {
      result: { status: 'not-collected', reason: gaps[0].reason, permission: KUBELET_CONFIG_PERMISSION },
      gaps,
    };
  }
  return { result: { status: 'collected', items: samples }, gaps };
}
