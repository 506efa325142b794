/**
 * Collecting a synthetic cluster from the fake API server (HTTPS on 127.0.0.1, fixed latency per request) with our
 * collector, against `kubectl get <the same kinds> -A -o json --chunk-size=500` of the same lists, in the same run.
 * Both send one request per page of 500; the difference is that we list inventories concurrently and keep only the
 * compact objects, while kubectl lists one kind after another and prints everything.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectKubernetes } from '../../functions/kube/collector.js';
import { kubeConfigFromEndpoint } from '../../functions/kube/connect.js';
import { LIST_RESOURCES, type ListResource } from '../../functions/model/kube-resources.js';
import { type FakeKubeServer, startFakeKubeApi, writeKubeconfig } from '../../test/support/fake-kube-api.js';
import { tool } from '../../test/support/tools.js';
import { generateCluster, type RawObject } from '../synthetic-cluster.js';
import { median, round } from '../timing.js';
import type { Benchmark } from './types.js';

const TOKEN = 'bench-token-0123456789';
const PAGE_SIZE = 500;
const FULL = { pods: 8_000, runs: 3, latencyMs: 20 };
const QUICK = { pods: 200, runs: 1, latencyMs: 20 };

/** kubectl's fully qualified resource name: `pods`, `deployments.apps`, `customresourcedefinitions.apiextensions.k8s.io`. */
export function kubectlResourceName(r: ListResource): string {
  return r.group === '' ? r.resource : `${r.resource}.${r.group}`;
}

export interface CollectVsKubectlFigures {
  objects: number;
  pods: number;
  /** Pages the lists take at PAGE_SIZE per request (at least one per kind): what "one request per page" means. */
  expectedPages: number;
  oursMs: number[];
  kubectlMs: number[];
  oursRequests: number;
  kubectlRequests: number;
  oursItems: number;
  kubectlItems: number;
}

/** `items` of kubectl's `-o json` output (a List), counted without keeping the objects. */
async function countKubectlItems(file: string): Promise<number> {
  const doc = JSON.parse(await readFile(file, 'utf8')) as { items?: unknown[] };
  return Array.isArray(doc.items) ? doc.items.length : -1;
}

async function runKubectl(args: string[], outFile: string, env: NodeJS.ProcessEnv): Promise<number> {
  const out = await open(outFile, 'w');
  try {
    const start = process.hrtime.bigint();
    await new Promise<void>((resolve, reject) => {
      // stdout to a file: kubectl pays for printing, as a user piping it to a file would, and we hold nothing.
      const child = spawn(tool('kubectl'), args, { env, stdio: ['ignore', out.fd, 'pipe'] });
      let stderr = '';
      child.stderr?.on('data', (c: Buffer) => {
        stderr += c.toString();
      });
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0 ? resolve() : reject(new Error(`kubectl exited ${code}: ${stderr.trim().split('\n')[0]}`)),
      );
    });
    return Number(process.hrtime.bigint() - start) / 1e6;
  } finally {
    await out.close();
  }
}

function expectedPages(objects: readonly RawObject[]): number {
  let pages = 0;
  for (const r of LIST_RESOURCES) {
    const n = objects.filter((o) => o.kind === r.kind).length;
    pages += Math.max(1, Math.ceil(n / PAGE_SIZE));
  }
  return pages;
}

export async function measureCollectVsKubectl(
  pods: number,
  runs: number,
  latencyMs: number,
): Promise<CollectVsKubectlFigures> {
  const objects = [...generateCluster({ seed: 21_000, pods })];
  const dir = await mkdtemp(join(tmpdir(), 'bench-collect-'));
  let server: FakeKubeServer | undefined;
  try {
    server = await startFakeKubeApi({ objects, token: TOKEN, latencyMs });
    const kubeconfig = await writeKubeconfig(join(dir, 'config'), server, { token: TOKEN });
    const kc = kubeConfigFromEndpoint({ endpoint: server.url, caData: server.caData, token: TOKEN, name: 'bench' });
    // A private HOME: kubectl's discovery cache stays out of the user's ~/.kube, and is warm after the first run.
    const env = { PATH: process.env.PATH ?? '', HOME: dir, KUBECACHEDIR: join(dir, 'cache') };
    const kinds = LIST_RESOURCES.map(kubectlResourceName).join(',');
    const kubectlArgs = ['get', kinds, '-A', '-o', 'json', `--chunk-size=${PAGE_SIZE}`, '--kubeconfig', kubeconfig];
    const outFile = join(dir, 'kubectl.json');
    const log = server.requests;

    const ours = async () => {
      const from = log.length;
      const start = process.hrtime.bigint();
      // Secrets too (the opt-in), so both sides list the same kinds.
      const result = await collectKubernetes(kc, { pageSize: PAGE_SIZE, secretMetadata: true });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      let items = 0;
      for (const inv of Object.values(result.kubernetes.inventories)) {
        if (inv?.status !== 'collected') throw new Error(`collector: an inventory was not collected (${inv?.reason})`);
        items += inv.items.length;
      }
      return { ms, items, requests: log.length - from };
    };
    const theirs = async () => {
      const from = log.length;
      const ms = await runKubectl(kubectlArgs, outFile, env);
      return { ms, requests: log.length - from };
    };

    // Warm-up of both (JIT for us, the discovery cache for kubectl), which also gives the counts to report.
    const warmOurs = await ours();
    const warmTheirs = await theirs();
    const kubectlItems = await countKubectlItems(outFile);
    const oursMs: number[] = [];
    const kubectlMs: number[] = [];
    let oursRequests = warmOurs.requests;
    let kubectlRequests = warmTheirs.requests;
    for (let i = 0; i < runs; i++) {
      const o = await ours();
      const k = await theirs();
      oursMs.push(o.ms);
      kubectlMs.push(k.ms);
      oursRequests = o.requests;
      kubectlRequests = k.requests;
    }
    return {
      objects: objects.length,
      pods,
      expectedPages: expectedPages(objects),
      oursMs,
      kubectlMs,
      oursRequests,
      kubectlRequests,
      oursItems: warmOurs.items,
      kubectlItems,
    };
  } finally {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export const collectVsKubectl: Benchmark = {
  id: 'collect-vs-kubectl',
  description:
    'collectKubernetes against `kubectl get <same kinds> -A -o json --chunk-size=500`, fake API server with latency',
  async run({ quick }) {
    const size = quick ? QUICK : FULL;
    const f = await measureCollectVsKubectl(size.pods, size.runs, size.latencyMs);
    const oursMedian = median(f.oursMs);
    const kubectlMedian = median(f.kubectlMs);
    const ratio = oursMedian / kubectlMedian;
    const onePerPage = f.oursRequests === f.expectedPages;
    const sameItems = f.oursItems === f.objects && f.kubectlItems === f.objects;
    return {
      value: round(oursMedian, 0),
      unit: 'ms',
      baseline: round(kubectlMedian, 0),
      ratio: round(ratio, 3),
      target: 'ratio ≤ 0.5; one request per page',
      met: quick ? null : ratio <= 0.5 && onePerPage && sameItems,
      notes:
        `${f.objects} objects (${f.pods} pods), ${size.latencyMs} ms/request, median of ${size.runs}; ` +
        `requests: ours ${f.oursRequests} (${f.expectedPages} pages of ${PAGE_SIZE}), kubectl ${f.kubectlRequests}; ` +
        `items: ours ${f.oursItems}, kubectl ${f.kubectlItems}` +
        (quick ? ' (quick: not judged)' : ''),
    };
  },
};
