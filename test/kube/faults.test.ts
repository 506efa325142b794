import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { collectKubernetes } from '../../functions/kube/collector.js';
import { LIST_RESOURCES } from '../../functions/model/kube-resources.js';
import type { KubeInventory } from '../../functions/model/snapshot.js';
import { type FaultRule, generateCertificates } from '../support/fake-kube-api.js';
import { needs } from '../support/tools.js';
import { countOf, kubeConfigFor, startFixtureServer } from './helpers.js';

const fast = { retries: 2, backoffMs: 10, requestTimeoutMs: 2_000, secretMetadata: true };

async function collectWith(faults: FaultRule[], options: Parameters<typeof collectKubernetes>[1] = {}) {
  const server = await startFixtureServer({ faults });
  try {
    const started = Date.now();
    const result = await collectKubernetes(kubeConfigFor(server), { ...fast, ...options });
    return { result, requests: server.requests, elapsedMs: Date.now() - started };
  } finally {
    await server.close();
  }
}

function othersCollected(result: Awaited<ReturnType<typeof collectKubernetes>>, except: KubeInventory[]) {
  for (const r of LIST_RESOURCES) {
    if (except.includes(r.inventory)) continue;
    assert.equal(result.kubernetes.inventories[r.inventory]?.status, 'collected', r.inventory);
  }
}

describe('fault modes', needs('openssl'), () => {
  test('403 on one kind: that inventory is not collected, naming the permission; the rest are', async () => {
    const { result } = await collectWith([
      {
        path: '/api/v1/secrets',
        fault: {
          type: 'status',
          status: 403,
          message: 'secrets is forbidden: User "x" cannot list resource "secrets"',
        },
      },
    ]);
    const secrets = result.kubernetes.inventories.secrets;
    assert.equal(secrets?.status, 'not-collected');
    if (secrets?.status === 'not-collected') {
      assert.equal(secrets.permission, 'list secrets');
      assert.match(secrets.reason, /403 Forbidden: secrets is forbidden/);
    }
    assert.deepEqual(
      result.gaps.map((g) => g.source),
      ['kubernetes/secrets'],
    );
    othersCollected(result, ['secrets']);
  });

  test('403 on a grouped kind names the group in the permission', async () => {
    const { result } = await collectWith([
      { path: '/apis/rbac.authorization.k8s.io/v1/clusterroles', fault: { type: 'status', status: 403 } },
    ]);
    const inv = result.kubernetes.inventories.clusterroles;
    assert.equal(inv?.status === 'not-collected' && inv.permission, 'list clusterroles.rbac.authorization.k8s.io');
  });

  test('404 on configmaps: not collected, and aws-auth says why it is missing too', async () => {
    const { result } = await collectWith([{ path: '/api/v1/configmaps', fault: { type: 'status', status: 404 } }]);
    assert.equal(result.kubernetes.inventories.configmaps?.status, 'not-collected');
    const awsAuth = result.kubernetes.awsAuth;
    assert.equal(awsAuth?.status, 'not-collected');
    if (awsAuth?.status === 'not-collected') assert.match(awsAuth.reason, /404/);
    othersCollected(result, ['configmaps']);
  });

  test('404 on the v1 admission policies falls back to v1beta1; 404 on both is an API not served: none', async () => {
    const { result, requests } = await collectWith([
      { path: /validatingadmissionpolic/, fault: { type: 'status', status: 404 } },
    ]);
    const paths = requests.map((r) => r.path).filter((p) => p.includes('validatingadmissionpolicies'));
    assert.deepEqual(paths.sort(), [
      '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies',
      '/apis/admissionregistration.k8s.io/v1beta1/validatingadmissionpolicies',
    ]);
    assert.deepEqual(result.kubernetes.inventories.validatingadmissionpolicies, { status: 'collected', items: [] });
  });

  test('410 on an expired continue token restarts that list from scratch', async () => {
    const { result, requests } = await collectWith(
      [{ path: '/api/v1/pods', fault: { type: 'gone-on-continue' }, times: 1 }],
      { pageSize: 2 },
    );
    const pods = result.kubernetes.inventories.pods;
    assert.equal(pods?.status, 'collected');
    if (pods?.status === 'collected') {
      assert.equal(pods.items.length, countOf('Pod'), 'no duplicates from the aborted pass');
      assert.equal(new Set(pods.items.map((p) => p.metadata.name)).size, countOf('Pod'));
    }
    const podRequests = requests.filter((r) => r.path === '/api/v1/pods');
    assert.deepEqual(
      podRequests.map((r) => [r.status, Boolean(r.query.continue)]),
      [
        [200, false],
        [410, true],
        [200, false],
        [200, true],
        [200, true],
      ],
    );
  });

  test('410 every time: not collected after the restarts run out', async () => {
    const { result } = await collectWith([{ path: '/api/v1/pods', fault: { type: 'gone-on-continue' } }], {
      pageSize: 2,
    });
    const pods = result.kubernetes.inventories.pods;
    assert.equal(pods?.status, 'not-collected');
    if (pods?.status === 'not-collected') assert.match(pods.reason, /410 Gone.*continue token expired 3 times/);
  });

  test('429 with Retry-After: waits as told, then collects', async () => {
    const { result, requests, elapsedMs } = await collectWith([
      { path: '/api/v1/nodes', fault: { type: 'too-many-requests', retryAfterSeconds: 1 }, times: 1 },
    ]);
    assert.equal(result.kubernetes.inventories.nodes?.status, 'collected');
    const nodes = requests.filter((r) => r.path === '/api/v1/nodes');
    assert.deepEqual(
      nodes.map((r) => r.status),
      [429, 200],
    );
    assert.ok(elapsedMs >= 1000, `waited ${elapsedMs} ms`);
  });

  test('500 is retried, then succeeds', async () => {
    const { result, requests } = await collectWith([
      { path: '/apis/apps/v1/deployments', fault: { type: 'status', status: 500 }, times: 2 },
    ]);
    assert.equal(result.kubernetes.inventories.deployments?.status, 'collected');
    assert.deepEqual(
      requests.filter((r) => r.path === '/apis/apps/v1/deployments').map((r) => r.status),
      [500, 500, 200],
    );
    assert.deepEqual(result.gaps, []);
  });

  test('500 that persists: not collected after the retries, with the attempts in the reason', async () => {
    const { result, requests } = await collectWith([
      { path: '/apis/apps/v1/deployments', fault: { type: 'status', status: 503 } },
    ]);
    const inv = result.kubernetes.inventories.deployments;
    assert.equal(inv?.status, 'not-collected');
    if (inv?.status === 'not-collected') assert.match(inv.reason, /503 Service Unavailable.*after 3 attempts/);
    assert.equal(requests.filter((r) => r.path === '/apis/apps/v1/deployments').length, 3);
  });

  test('a response slower than the timeout: not collected with a timeout reason', async () => {
    const { result } = await collectWith([{ path: '/api/v1/services', fault: { type: 'slow', delayMs: 3_000 } }], {
      requestTimeoutMs: 200,
      retries: 1,
    });
    const inv = result.kubernetes.inventories.services;
    assert.equal(inv?.status, 'not-collected');
    if (inv?.status === 'not-collected') assert.match(inv.reason, /ETIMEDOUT|no complete response within 200 ms/);
    othersCollected(result, ['services']);
  });

  test('a slow response within the timeout is fine', async () => {
    const { result } = await collectWith([{ path: '/api/v1/services', fault: { type: 'slow', delayMs: 100 } }]);
    assert.equal(result.kubernetes.inventories.services?.status, 'collected');
  });

  test('a connection reset once is retried; a persistent one ends not collected', async () => {
    const once = await collectWith([{ path: '/api/v1/namespaces', fault: { type: 'reset' }, times: 1 }]);
    assert.equal(once.result.kubernetes.inventories.namespaces?.status, 'collected');
    const always = await collectWith([{ path: '/api/v1/namespaces', fault: { type: 'reset' } }]);
    const inv = always.result.kubernetes.inventories.namespaces;
    assert.equal(inv?.status, 'not-collected');
    if (inv?.status === 'not-collected') assert.match(inv.reason, /ECONNRESET|socket hang up/);
    othersCollected(always.result, ['namespaces']);
  });

  test('malformed JSON: not collected, the rest goes on', async () => {
    const { result } = await collectWith([{ path: '/api/v1/serviceaccounts', fault: { type: 'malformed-json' } }]);
    const inv = result.kubernetes.inventories.serviceaccounts;
    assert.equal(inv?.status, 'not-collected');
    if (inv?.status === 'not-collected') assert.match(inv.reason, /not valid JSON/);
    othersCollected(result, ['serviceaccounts']);
  });

  test('a truncated body: not collected as cut off, the rest goes on', async () => {
    const { result } = await collectWith([{ path: '/api/v1/limitranges', fault: { type: 'truncated' } }]);
    const inv = result.kubernetes.inventories.limitranges;
    assert.equal(inv?.status, 'not-collected');
    if (inv?.status === 'not-collected') assert.match(inv.reason, /cut off|ECONNRESET|aborted/);
    othersCollected(result, ['limitranges']);
  });

  test('configz 403 (no nodes/proxy): kubelet configuration not collected, naming the permission', async () => {
    const { result } = await collectWith([{ path: /\/proxy\/configz$/, fault: { type: 'status', status: 403 } }], {
      kubeletConfig: true,
    });
    const k = result.kubernetes.kubeletConfigs;
    assert.equal(k?.status, 'not-collected');
    if (k?.status === 'not-collected') {
      assert.equal(k.permission, 'get nodes/proxy');
      assert.match(k.reason, /403/);
    }
    assert.ok(result.gaps.some((g) => g.source.startsWith('kubelet/')));
  });

  test('a wrong CA: TLS verification fails, nothing is collected, and the reason says TLS', async () => {
    const server = await startFixtureServer();
    try {
      const other = await generateCertificates();
      const kc = kubeConfigFor(server, Buffer.from(other.caPem).toString('base64'));
      const result = await collectKubernetes(kc, fast);
      assert.equal(server.requests.length, 0, 'no request got past the handshake');
      for (const r of LIST_RESOURCES) {
        const inv = result.kubernetes.inventories[r.inventory];
        assert.equal(inv?.status, 'not-collected');
        if (inv?.status === 'not-collected') assert.match(inv.reason, /TLS verification failed/);
      }
      assert.equal(result.requestCount, LIST_RESOURCES.length, 'TLS failures are not retried');
    } finally {
      await server.close();
    }
  });

  test('a rejected token: 401 on every list, reported as such', async () => {
    const server = await startFixtureServer({ token: 'another-token' });
    try {
      const result = await collectKubernetes(kubeConfigFor(server), fast);
      const pods = result.kubernetes.inventories.pods;
      assert.equal(pods?.status === 'not-collected' && /401 Unauthorized/.test(pods.reason), true);
    } finally {
      await server.close();
    }
  });
});
