/**
 * Bounded responses (issue 16, item 6): one response, and its body once gzip is undone, may not pass the client's
 * cap. Over it, the page is asked again in smaller pages; a page that is still over it costs its inventory only,
 * with a reason that names the cap. All over TLS against the fake API server.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { collectKubernetes } from '../../functions/kube/collector.js';
import { DEFAULT_MAX_RESPONSE_BYTES, formatCap } from '../../functions/kube/http.js';
import { snapshotFromObjects } from '../../functions/model/build-snapshot.js';
import { evaluate } from '../../functions/scoring/evaluate.js';
import { type FaultRule, gzipBomb } from '../support/fake-kube-api.js';
import { needs } from '../support/tools.js';
import { countOf, kubeConfigFor, startFixtureServer } from './helpers.js';

const fast = { retries: 1, backoffMs: 5, requestTimeoutMs: 20_000, secretMetadata: true };
const CONFIGMAPS = '/api/v1/configmaps';

async function collect(faults: FaultRule[], options: Parameters<typeof collectKubernetes>[1] = {}) {
  const server = await startFixtureServer({ faults });
  try {
    const result = await collectKubernetes(kubeConfigFor(server), { ...fast, ...options });
    return { result, requests: server.requests };
  } finally {
    await server.close();
  }
}

describe('response cap', needs('openssl'), () => {
  test('the default cap is 64 MiB, and it is named that way', () => {
    assert.equal(formatCap(DEFAULT_MAX_RESPONSE_BYTES), '64 MiB');
    assert.equal(formatCap(256 * 1024), '256 KiB');
  });

  test('a 400 MB gzip bomb on one list costs that inventory only, with the cap in the reason', async () => {
    const expandedBytes = 400 * 1024 * 1024;
    const wire = (await gzipBomb(expandedBytes)).length;
    assert.ok(wire < 1024 * 1024, `the bomb is small on the wire (${wire} bytes)`);
    const heapBefore = process.memoryUsage().heapUsed;
    const { result, requests } = await collect([{ path: CONFIGMAPS, fault: { type: 'gzip-bomb', expandedBytes } }]);
    const cms = result.kubernetes.inventories.configmaps;
    assert.equal(cms?.status, 'not-collected');
    if (cms?.status === 'not-collected') {
      assert.match(cms.reason, /^GET \/api\/v1\/configmaps: response over 64 MiB once decompressed/);
      assert.match(cms.reason, /even one item per page/);
    }
    // Asked in smaller pages before giving up: 500, 50, 5, 1.
    const limits = requests.filter((r) => r.path === CONFIGMAPS).map((r) => r.query.limit);
    assert.deepEqual(limits, ['500', '50', '5', '1']);
    assert.ok(result.gaps.some((g) => g.source === 'kubernetes/configmaps' && /over 64 MiB/.test(g.reason)));
    for (const [inventory, inv] of Object.entries(result.kubernetes.inventories)) {
      if (inventory !== 'configmaps') assert.equal(inv?.status, 'collected', inventory);
    }
    // Nothing near the expanded size was ever held (the cap plus the collector's own working set).
    const grown = process.memoryUsage().heapUsed - heapBefore;
    assert.ok(grown < 200 * 1024 * 1024, `heap grew by ${Math.round(grown / 1024 / 1024)} MiB`);

    // The checks that read ConfigMaps say why they were not assessed.
    const snapshot = snapshotFromObjects({
      cluster: { name: 'c', arn: null, region: null, accountId: null, kubernetesVersion: '1.31', source: 'kubeconfig' },
      collectedAt: '2026-03-02T06:00:00.000Z',
      objects: [],
    }).snapshot;
    snapshot.kubernetes = result.kubernetes;
    const results = evaluate(snapshot, { generatedAt: '2026-03-02T06:00:00.000Z' });
    const check = results.checks.find((c) => c.id === 'secrets-configmap-credentials');
    assert.equal(check?.status, 'not-assessed');
    assert.match(check?.reason ?? '', /response over 64 MiB/);
  });

  test('an uncompressed answer over a smaller cap is stopped at the cap, without Content-Length', async () => {
    const cap = 256 * 1024;
    const { result } = await collect([{ path: CONFIGMAPS, fault: { type: 'oversized', bytes: 8 * 1024 * 1024 } }], {
      maxResponseBytes: cap,
    });
    const cms = result.kubernetes.inventories.configmaps;
    assert.equal(cms?.status === 'not-collected' && cms.reason.includes('response over 256 KiB ('), true);
    assert.equal(result.kubernetes.inventories.pods?.status, 'collected', 'pages under the cap pass');
  });

  test('a page over the cap once is asked again in smaller pages, and the list completes', async () => {
    const { result, requests } = await collect(
      [{ path: CONFIGMAPS, fault: { type: 'gzip-bomb', expandedBytes: 2 * 1024 * 1024 }, times: 1 }],
      { maxResponseBytes: 1024 * 1024, pageSize: 4 },
    );
    const cms = result.kubernetes.inventories.configmaps;
    assert.equal(cms?.status, 'collected');
    if (cms?.status === 'collected') assert.equal(cms.items.length, countOf('ConfigMap'));
    const limits = requests.filter((r) => r.path === CONFIGMAPS).map((r) => r.query.limit);
    assert.deepEqual(limits.slice(0, 2), ['4', '1'], 'then one per page');
    assert.ok(!result.gaps.some((g) => g.source === 'kubernetes/configmaps'));
  });
});
