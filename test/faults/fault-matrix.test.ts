/**
 * The fault matrix: every way the API server can fail, one case each, through the whole pipeline (collect in
 * kubeconfig mode → evaluate → schema-valid results.json → HTML, PDF and CSV). Each case must end in a report in
 * which the affected inventories are `not-collected` with a reason naming the cause, every check that needs them is
 * `not-assessed` with a reason naming the inventory and the cause, and every other check keeps the verdict it has
 * on a healthy server. Nothing may throw.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ALL_CHECKS } from '../../functions/checks/registry.js';
import type { CheckDefinition } from '../../functions/checks/types.js';
import { collectSnapshot } from '../../functions/kube/collect-snapshot.js';
import { KubeUnreachableError } from '../../functions/kube/server-version.js';
import type { KubeInventory } from '../../functions/model/snapshot.js';
import type { ScanResults } from '../../functions/scoring/results.js';
import { type FaultRule, startFakeKubeApi, writeKubeconfig } from '../support/fake-kube-api.js';
import { needs as needsTools } from '../support/tools.js';
import { FAST, fixture, fullPass, type PassOutput, type RawObject, TOKEN } from './support.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

let dir: string;
let baseline: ScanResults;

/** The fake API server needs openssl for its certificates (test/support/tools.ts). */
const fakeApi = needsTools('openssl');

before(async () => {
  if (fakeApi.skip) return;
  dir = await mkdtemp(join(tmpdir(), 'fault-matrix-'));
  const server = await startFakeKubeApi({ objects: fixture.objects, token: TOKEN });
  try {
    baseline = (await fullPass(server, dir)).results;
  } finally {
    await server.close();
  }
});
after(() => (fakeApi.skip ? undefined : rm(dir, { recursive: true, force: true })));

/** The inventories a check reads; `aws-auth` is read from the ConfigMap list, so it follows configmaps. */
function inventoriesOf(check: CheckDefinition): Set<KubeInventory | 'aws-auth'> {
  const out = new Set<KubeInventory | 'aws-auth'>();
  for (const input of check.inputs) {
    if (input.kind === 'kubernetes' && !input.optional) out.add(input.inventory);
    // An optional aws-auth input has a fallback in the check, which then runs without it.
    if (input.kind === 'aws-auth' && input.optional !== true) out.add('aws-auth');
  }
  return out;
}

function needs(check: CheckDefinition, affected: readonly KubeInventory[]): KubeInventory[] {
  const reads = inventoriesOf(check);
  return affected.filter((inv) => reads.has(inv) || (inv === 'configmaps' && reads.has('aws-auth')));
}

/** The affected inventories a check reads when collected and goes without otherwise (CheckInput.optional). */
function optionallyReads(check: CheckDefinition, affected: readonly KubeInventory[]): KubeInventory[] {
  return affected.filter((inv) =>
    check.inputs.some((i) => i.kind === 'kubernetes' && i.optional && i.inventory === inv),
  );
}

function checkResult(results: ScanResults, id: string) {
  const found = results.checks.find((c) => c.id === id);
  assert.ok(found, `check ${id} is in results.json`);
  return found;
}

interface FaultCase {
  name: string;
  faults?: FaultRule[];
  /** Objects added to the fixture cluster. */
  extraObjects?: RawObject[];
  options?: Parameters<typeof fullPass>[2];
  /** Inventories that must end `not-collected`. */
  affected: KubeInventory[];
  /** What every reason about them must name. */
  cause?: RegExp;
  /** Further assertions on the pass. */
  verify?: (out: PassOutput, requests: { path: string; status: number }[]) => void;
}

const RBAC = '/apis/rbac.authorization.k8s.io/v1';

/** Objects that break every assumption a check could make: wrong types, missing names, nulls in lists. */
const MALFORMED: RawObject[] = [
  { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'team-a' }, spec: { containers: [] } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'spec-string', namespace: 'team-a' }, spec: 'not-an-object' },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'containers-string', namespace: 'team-a', annotations: 'x', ownerReferences: 'y' },
    spec: { containers: 'nginx', initContainers: [null, 3, 'x'], volumes: 'host' },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'odd-containers', namespace: 'team-a', labels: ['a'], ownerReferences: [{ kind: null }] },
    spec: {
      hostPID: 'yes',
      securityContext: 'root',
      containers: [
        {
          name: 7,
          image: 42,
          securityContext: 'privileged',
          resources: 'lots',
          env: [null, { name: 5, value: { a: 1 } }, { name: 'TOKEN', valueFrom: 'x' }],
          volumeMounts: {},
        },
        { env: { FOO: 'bar' }, ports: 'http', securityContext: { capabilities: 'ALL' } },
      ],
    },
    status: 'Running',
  },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'spec-array', namespace: 'team-a' }, spec: [1, 2] },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'containers-object', namespace: 'team-a' },
    spec: { template: { metadata: 'x', spec: { containers: { name: 'x' }, serviceAccountName: 9 } } },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'tpl-string', namespace: 'kube-system' },
    spec: { template: 'x' },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'vols', namespace: 'team-a' },
    spec: { template: { spec: { volumes: 'x' } } },
  },
  {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'no-job', namespace: 'team-a' },
    spec: { jobTemplate: null },
  },
  {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'nulls', namespace: 'team-a' },
    spec: { template: { spec: null } },
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'rules-string', namespace: 'team-a' },
    rules: '*',
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'rules-odd' },
    rules: [null, 'x', { verbs: '*', resources: 'secrets', apiGroups: 5 }],
    aggregationRule: 'x',
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'subjects-object', namespace: 'team-a' },
    roleRef: 'cluster-admin',
    subjects: { kind: 'User', name: 'x' },
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'null-ref' },
    roleRef: null,
    subjects: [null, { kind: 'ServiceAccount' }],
  },
  {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'labels-odd', labels: { 'pod-security.kubernetes.io/enforce': 5 } },
    spec: 'x',
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'svc-odd', namespace: 'team-a', annotations: null },
    spec: { type: 7, ports: 'http', loadBalancerSourceRanges: 'x' },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'svc-lb', namespace: 'team-a' },
    spec: { type: 'LoadBalancer', ports: [null, { port: 'x' }] },
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'ing-odd', namespace: 'team-a' },
    spec: { tls: 'yes', rules: {} },
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'np-null', namespace: 'team-a' },
    spec: null,
  },
  {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'default', namespace: 'labels-odd' },
    automountServiceAccountToken: 'false',
  },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'data-string', namespace: 'team-a' }, data: 'str' },
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'data-nested', namespace: 'team-a' },
    data: { k: { nested: 1 }, n: null },
  },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'amazon-vpc-cni', namespace: 'kube-system' }, data: ['x'] },
  {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'type-number', namespace: 'team-a', annotations: { 'kubernetes.io/service-account.name': 3 } },
    type: 42,
  },
  { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-odd', labels: null }, status: 'Ready' },
  { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-info-odd' }, status: { nodeInfo: 'x', addresses: 'y' } },
  { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-odd' }, spec: { hostPath: 'x' } },
  {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'sc-odd' },
    provisioner: 5,
    parameters: 'encrypted',
  },
  { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'lr-odd', namespace: 'team-a' }, spec: 5 },
  { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'rq-null', namespace: 'team-a' }, spec: null },
  {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'vw-odd' },
    webhooks: 'x',
  },
  {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: { name: 'mw-odd' },
    webhooks: [null],
  },
  {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name: 'vap-odd' },
    spec: 'x',
  },
  {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name: 'vapb-odd' },
    spec: { policyName: 3, matchResources: 'all' },
  },
  { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 42 } },
  { apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver', metadata: { name: 'csi-odd' }, spec: [] },
  // Valid JSON on which String() throws: it once aborted the whole collection from inside normalizeObject.
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'to-string', namespace: 'team-a', labels: { app: { toString: null } } },
    spec: { containers: [{ name: 'a', image: 'x:1', env: [{ name: { toString: null }, value: { toString: null } }] }] },
  },
];

const BIG_VALUE = 'x'.repeat(5 * 1024 * 1024);
const LARGE: RawObject[] = [
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'five-megabytes', namespace: 'team-a' },
    data: { 'blob.txt': BIG_VALUE },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'many-env', namespace: 'team-a' },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'registry.example/app:1.0',
          env: Array.from({ length: 5000 }, (_, i) => ({ name: `VAR_${i}`, value: `value-${i}` })),
        },
      ],
    },
  },
];

const CASES: FaultCase[] = [
  {
    name: 'timeout: pods answer slower than requestTimeoutMs',
    faults: [{ path: '/api/v1/pods', fault: { type: 'slow', delayMs: 1_500 } }],
    affected: ['pods'],
    cause: /no complete response within 400 ms/,
  },
  {
    name: 'connection reset on cluster roles',
    faults: [{ path: `${RBAC}/clusterroles`, fault: { type: 'reset' } }],
    affected: ['clusterroles'],
    cause: /ECONNRESET/,
  },
  {
    name: 'truncated body on config maps (aws-auth goes with them)',
    faults: [{ path: '/api/v1/configmaps', fault: { type: 'truncated' } }],
    affected: ['configmaps'],
    cause: /cut off/,
    verify: ({ snapshot }) => {
      const awsAuth = snapshot.kubernetes.awsAuth;
      assert.equal(awsAuth?.status, 'not-collected');
      if (awsAuth?.status === 'not-collected') assert.match(awsAuth.reason, /aws-auth.*cut off/);
    },
  },
  {
    name: '500 that persists on services',
    faults: [{ path: '/api/v1/services', fault: { type: 'status', status: 500 } }],
    affected: ['services'],
    cause: /500 Internal Server Error.*after 2 attempts/,
  },
  {
    name: '503 that persists on deployments',
    faults: [{ path: '/apis/apps/v1/deployments', fault: { type: 'status', status: 503 } }],
    affected: ['deployments'],
    cause: /503 Service Unavailable/,
  },
  {
    name: '429 with Retry-After, then OK: nothing is lost',
    faults: [{ path: '/api/v1/nodes', fault: { type: 'too-many-requests', retryAfterSeconds: 1 }, times: 1 }],
    affected: [],
    verify: ({ snapshot }, requests) => {
      assert.deepEqual(
        requests.filter((r) => r.path === '/api/v1/nodes').map((r) => r.status),
        [429, 200],
      );
      assert.equal(snapshot.kubernetes.inventories.nodes?.status, 'collected');
      assert.deepEqual(snapshot.gaps, []);
    },
  },
  {
    name: '403 on secrets',
    faults: [
      {
        path: '/api/v1/secrets',
        fault: { type: 'status', status: 403, message: 'secrets is forbidden: User "reporter" cannot list "secrets"' },
      },
    ],
    affected: ['secrets'],
    cause: /403 Forbidden: secrets is forbidden/,
    verify: ({ results }) => {
      const legacy = checkResult(results, 'secrets-legacy-sa-tokens');
      assert.match(legacy.reason ?? '', /needs list secrets/);
    },
  },
  {
    name: '404 on network policies',
    faults: [{ path: '/apis/networking.k8s.io/v1/networkpolicies', fault: { type: 'status', status: 404 } }],
    affected: ['networkpolicies'],
    cause: /404 Not Found/,
  },
  {
    name: '410 on every continue: the expired token restarts the list until the restarts run out',
    faults: [{ path: '/api/v1/namespaces', fault: { type: 'gone-on-continue' } }],
    options: { ...FAST, pageSize: 2 },
    affected: ['namespaces'],
    cause: /410 Gone.*continue token expired/,
  },
  {
    name: '410 once on continue: the restarted list is complete',
    faults: [{ path: '/api/v1/serviceaccounts', fault: { type: 'gone-on-continue' }, times: 1 }],
    options: { ...FAST, pageSize: 2 },
    affected: [],
    verify: ({ snapshot }) => {
      const sa = snapshot.kubernetes.inventories.serviceaccounts;
      assert.equal(sa?.status === 'collected' && sa.items.length, 4);
    },
  },
  {
    name: 'malformed JSON on role bindings',
    faults: [{ path: `${RBAC}/rolebindings`, fault: { type: 'malformed-json' } }],
    affected: ['rolebindings'],
    cause: /not valid JSON/,
  },
  {
    name: 'objects missing required fields or with fields of the wrong type, in every inventory',
    extraObjects: MALFORMED,
    affected: [],
    verify: ({ snapshot }) => {
      const gap = snapshot.gaps.find((g) => g.source === 'kubernetes/pods');
      assert.match(gap?.reason ?? '', /1 object\(s\) skipped as unreadable.*Pod has no metadata\.name/);
      const items = snapshot.kubernetes.inventories.pods;
      assert.ok(items?.status === 'collected' && items.items.some((p) => p.metadata.name === 'containers-string'));
      // List items come without kind; the collector stamps it, so a kind-less item is still read as its list's kind.
      assert.ok(items?.status === 'collected' && items.items.every((p) => p.kind === 'Pod'));
    },
  },
  {
    name: 'very large objects: a 5 MB ConfigMap and a pod with 5,000 env vars',
    extraObjects: LARGE,
    options: { ...FAST, requestTimeoutMs: 10_000 },
    affected: [],
    verify: ({ snapshot, resultsJson }) => {
      const cms = snapshot.kubernetes.inventories.configmaps;
      const big = cms?.status === 'collected' ? cms.items.find((c) => c.metadata.name === 'five-megabytes') : undefined;
      assert.deepEqual(big?.dataKeys, ['blob.txt']);
      assert.equal(big?.data, undefined);
      const pods = snapshot.kubernetes.inventories.pods;
      const pod = pods?.status === 'collected' ? pods.items.find((p) => p.metadata.name === 'many-env') : undefined;
      assert.equal(pod?.spec.containers[0].env.length, 5000);
      assert.equal(pod?.spec.containers[0].env[4999].value, undefined, 'env literals are redacted to facts');
      const snapshotSize = Buffer.byteLength(JSON.stringify(snapshot));
      assert.ok(snapshotSize < 1024 * 1024, `snapshot holds no 5 MB value (${snapshotSize} bytes)`);
      assert.ok(!resultsJson.includes('xxxxxxxxxxxxxxxx'));
    },
  },
];

describe('fault matrix: every case ends in a complete, valid report', fakeApi, () => {
  for (const c of CASES) {
    test(c.name, async () => {
      const server = await startFakeKubeApi({
        objects: [...fixture.objects, ...(c.extraObjects ?? [])],
        token: TOKEN,
        faults: c.faults,
      });
      let out: PassOutput;
      try {
        out = await fullPass(server, dir, c.options ?? FAST);
      } finally {
        await server.close();
      }
      const { snapshot, results, html, pdf } = out;
      assert.ok(html.includes('</html>'));
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');

      // The affected inventories: not-collected, the cause in the reason, and a gap for each.
      for (const inv of c.affected) {
        const entry = snapshot.kubernetes.inventories[inv];
        assert.equal(entry?.status, 'not-collected', `${inv} is not-collected`);
        if (entry?.status === 'not-collected' && c.cause) assert.match(entry.reason, c.cause, `${inv} reason`);
        const gap = results.gaps.find((g) => g.source === `kubernetes/${inv}`);
        assert.ok(gap && c.cause?.test(gap.reason), `results.json gaps name ${inv} and the cause`);
      }
      for (const r of Object.keys(snapshot.kubernetes.inventories) as KubeInventory[]) {
        if (c.affected.includes(r)) continue;
        assert.equal(snapshot.kubernetes.inventories[r]?.status, 'collected', `${r} is unaffected`);
      }

      // Checks: those needing an affected inventory are not-assessed and say which and why; the rest keep their verdict.
      let unaffectedWithVerdict = 0;
      for (const check of ALL_CHECKS) {
        const result = checkResult(results, check.id);
        assert.doesNotMatch(result.reason ?? '', /check failed/, `${check.id} did not throw`);
        const missing = needs(check, c.affected);
        if (missing.length > 0) {
          assert.equal(result.status, 'not-assessed', `${check.id} is not-assessed`);
          for (const inv of missing) {
            const named = inv === 'configmaps' ? /configmaps|aws-auth/ : new RegExp(`\\b${inv}\\b`);
            assert.match(result.reason ?? '', named, `${check.id} names ${inv}`);
          }
          if (c.cause) assert.match(result.reason ?? '', c.cause, `${check.id} names the cause`);
          continue;
        }
        if (optionallyReads(check, c.affected).length > 0) {
          // Judged on the rest, saying what it did not look at and why.
          assert.notEqual(result.status, 'not-assessed', `${check.id} keeps a verdict`);
          assert.match(result.reason ?? '', /not looked at/, `${check.id} says what it did not look at`);
          if (c.cause) assert.match(result.reason ?? '', c.cause, `${check.id} names the cause`);
          continue;
        }
        const before = checkResult(baseline, check.id);
        if (c.extraObjects) {
          // New objects may change a verdict, never into "could not assess" for want of data.
          if (before.status !== 'not-assessed') assert.notEqual(result.status, 'not-assessed', check.id);
        } else {
          assert.equal(result.status, before.status, `${check.id} keeps its verdict`);
          assert.deepEqual(result.failing, before.failing, `${check.id} keeps its findings`);
        }
        if (result.status !== 'not-assessed') unaffectedWithVerdict++;
      }
      assert.ok(unaffectedWithVerdict >= 20, `${unaffectedWithVerdict} unaffected checks still have a verdict`);

      // Every requirement that depends on an affected check says so.
      for (const fw of results.frameworks) {
        for (const req of fw.requirements) {
          if (req.status !== 'not-assessed') continue;
          assert.ok((req.reason ?? '').length > 0, `${fw.id} ${req.id} has a reason`);
        }
      }
      c.verify?.(out, server.requests);
    });
  }

  test('the whole API down: collection fails with one readable reason, never a crash of another kind', async () => {
    const server = await startFakeKubeApi({
      objects: fixture.objects,
      token: TOKEN,
      faults: [{ path: /.*/, fault: { type: 'status', status: 503 } }],
    });
    try {
      const path = await writeKubeconfig(join(dir, 'down.yaml'), server, { token: TOKEN });
      await assert.rejects(collectSnapshot({ kind: 'kubeconfig', path }, FAST), (err: unknown) => {
        assert.ok(err instanceof KubeUnreachableError);
        assert.match(err.message, /GET \/version with 503 Service Unavailable/);
        return true;
      });
    } finally {
      await server.close();
    }
  });

  test('the baseline itself has verdicts for the Kubernetes checks', () => {
    const assessed = baseline.checks.filter((c) => c.status !== 'not-assessed');
    assert.ok(assessed.length >= 40, `${assessed.length} assessed`);
    assert.ok(baseline.checks.every((c) => !/check failed/.test(c.reason ?? '')));
  });
});
