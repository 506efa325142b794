/**
 * Lists one resource cluster-wide, page by page (`limit`/`continue`), handing each raw item to a sink as its page
 * arrives so that no raw page outlives its own processing. An expired continue token (410 Gone) restarts the list.
 */

import { apiVersionOf, type ListResource, listPath } from '../model/kube-resources.js';
import { isRecord } from '../model/untrusted.js';
import { type KubeGetter, KubeResponseTooLargeError } from './http.js';
import { describeStatus, getWithRetry, type RetryPolicy } from './retry.js';

export const METADATA_ONLY_ACCEPT = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';

export interface ListSink {
  /** Called before the first page and again whenever the list restarts: drop what was gathered. */
  reset(): void;
  /** One raw item, already stamped with the list's apiVersion and kind. */
  add(item: Record<string, unknown>): void;
}

export type ListOutcome =
  | { ok: true; pages: number; restarts: number; version: string }
  | { ok: false; reason: string; status?: number };

export interface ListOptions {
  pageSize: number;
  retry: RetryPolicy;
  /** How many times an expired continue token may restart the list. */
  maxRestarts?: number;
  onPage?: (items: number) => void;
}

export async function listResource(
  getter: KubeGetter,
  resource: ListResource,
  sink: ListSink,
  options: ListOptions,
): Promise<ListOutcome> {
  const versions = [resource.version, ...(resource.fallbackVersions ?? [])];
  const accept = resource.metadataOnly ? METADATA_ONLY_ACCEPT : 'application/json';
  const maxRestarts = options.maxRestarts ?? 2;
  // Lowered when a page is over the client's response cap: the same continue token is asked again for fewer items.
  let limit = options.pageSize;
  let outcome: ListOutcome = { ok: false, reason: 'not listed' };

  for (const [vi, version] of versions.entries()) {
    const path = listPath(resource, version);
    const apiVersion = apiVersionOf(resource, version);
    let restarts = 0;
    let pages = 0;
    let cont: string | undefined;
    sink.reset();
    for (;;) {
      let res: Awaited<ReturnType<typeof getWithRetry>>;
      try {
        res = await getWithRetry(getter, options.retry, path, { limit: String(limit), continue: cont }, accept);
      } catch (err) {
        if (err instanceof KubeResponseTooLargeError && limit > 1) {
          limit = Math.max(1, Math.floor(limit / 10));
          continue;
        }
        const smaller =
          err instanceof KubeResponseTooLargeError && options.pageSize > 1 ? ', even one item per page' : '';
        return { ok: false, reason: `GET ${path}: ${(err as Error).message}${smaller}` };
      }
      if (res.status === 410 && cont !== undefined && restarts < maxRestarts) {
        // The snapshot behind the continue token was compacted away; only a fresh list is consistent.
        restarts++;
        cont = undefined;
        pages = 0;
        sink.reset();
        continue;
      }
      if (res.status !== 200) {
        const expired = res.status === 410 ? ` (continue token expired ${restarts + 1} times)` : '';
        const retried = res.attempts > 1 ? ` after ${res.attempts} attempts` : '';
        outcome = { ok: false, status: res.status, reason: `GET ${path}: ${describeStatus(res)}${expired}${retried}` };
        break;
      }
      let page: unknown;
      try {
        page = JSON.parse(res.body.toString('utf8'));
      } catch (err) {
        return { ok: false, reason: `GET ${path}: the response is not valid JSON (${(err as Error).message})` };
      }
      if (!isRecord(page) || !Array.isArray(page.items)) {
        return { ok: false, reason: `GET ${path}: the response is not a list (no items array)` };
      }
      pages++;
      for (const item of page.items) {
        if (!isRecord(item)) continue;
        // List items come without apiVersion/kind; metadata-only items say PartialObjectMetadata.
        item.apiVersion = apiVersion;
        item.kind = resource.kind;
        sink.add(item);
      }
      options.onPage?.(page.items.length);
      const next = isRecord(page.metadata) ? page.metadata.continue : undefined;
      if (typeof next !== 'string' || next === '') return { ok: true, pages, restarts, version };
      cont = next;
    }
    // Only "this version is not served" moves on to an older version.
    if (!(outcome.ok === false && outcome.status === 404 && vi < versions.length - 1)) return outcome;
  }
  return outcome;
}
