/**
 * Issue 13 item 3: a controller-owned Pod is judged on its own spec wherever it differs from its controller's
 * template (injected sidecars, ephemeral debug containers, host namespaces, images), reported at the Pod and only for
 * what differs; an unchanged replica, or one that differs only in what defaulting and admission set on every Pod, is
 * reported once, at its controller. Findings are read from the engine (`evaluate`), which reports each cause once.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Snapshot } from '../../../functions/model/snapshot.js';
import { podTemplates } from '../../../functions/model/workloads.js';
import { ALIKE_PODS_NAMED, differsNote } from '../../../functions/scoring/differing-pods.js';
import { evaluate } from '../../../functions/scoring/evaluate.js';
import type { CheckResult } from '../../../functions/scoring/results.js';
import { validateResults } from '../../../functions/scoring/validate-results.js';
import { snapshotFromYaml } from '../kube-checks-support.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/pod-drift/', import.meta.url));
const load = (name: string) => snapshotFromYaml(readFileSync(`${FIXTURES}${name}`, 'utf8'), name);

function results(snapshot: Snapshot): Map<string, CheckResult> {
  const out = evaluate(snapshot, { generatedAt: '2026-01-05T09:00:00.000Z' });
  return new Map(out.checks.map((c) => [c.id, c]));
}

/** "Kind ns/name: message" for every failing object of a check. */
function failing(checks: Map<string, CheckResult>, id: string): string[] {
  const check = checks.get(id);
  assert.ok(check, id);
  return check.failing.map((f) => `${f.kind} ${f.namespace}/${f.name}: ${f.message}`);
}

const atPod = (checks: Map<string, CheckResult>, id: string) =>
  (checks.get(id)?.failing ?? []).filter((f) => f.kind === 'Pod');

describe('a Deployment whose Pods got a privileged sidecar injected', () => {
  const snapshot = load('injected-sidecar.yaml');
  const checks = results(snapshot);

  test('the injected init container fails the privileged check at the Pod, with what differs', () => {
    const found = atPod(checks, 'pod-privileged-container');
    assert.equal(found.length, 1);
    const [f] = found;
    assert.equal(f.name, 'web-6f7d9c8b5-7qvzt', 'named after the first of the alike Pods');
    assert.equal(f.path, 'spec.initContainers[0].securityContext.privileged');
    assert.match(
      f.message,
      /^securityContext\.privileged is true in init container istio-init \(Pod differs from Deployment web: /,
    );
    assert.deepEqual(f.differsFromController, {
      controller: { kind: 'Deployment', name: 'web' },
      differences: ['container istio-proxy added', 'init container istio-init added'],
      pods: ['web-6f7d9c8b5-7qvzt', 'web-6f7d9c8b5-k2x9p'],
    });
    assert.equal(checks.get('pod-privileged-container')?.status, 'fail');
  });

  test('the hardened template itself still passes, and is not reported', () => {
    for (const id of ['pod-privileged-container', 'pod-run-as-root', 'pod-insecure-capabilities']) {
      assert.deepEqual(
        (checks.get(id)?.failing ?? []).filter((f) => f.kind !== 'Pod'),
        [],
        id,
      );
    }
  });

  test('the sidecar is judged by every pod check: root and NET_RAW in istio-init, the image registry', () => {
    assert.ok(failing(checks, 'pod-run-as-root').some((m) => m.includes('init container istio-init')));
    assert.ok(failing(checks, 'pod-insecure-capabilities').some((m) => m.includes('NET_RAW')));
    assert.ok(failing(checks, 'images-allowed-registries').some((m) => m.includes('docker.io/istio/proxyv2')));
  });

  test('results.json with differsFromController is valid against its schema', () => {
    const out = evaluate(snapshot, { generatedAt: '2026-01-05T09:00:00.000Z' });
    assert.ok(JSON.stringify(out).includes('"differsFromController"'));
    assert.deepEqual(validateResults(JSON.parse(JSON.stringify(out))).errors, []);
  });

  test('the replica created before the webhook is no workload of its own', () => {
    const pods = podTemplates(snapshot).filter((t) => t.kind === 'Pod');
    assert.deepEqual(
      pods.map((t) => t.name),
      ['web-6f7d9c8b5-7qvzt'],
    );
    assert.ok(!JSON.stringify([...checks.values()].map((c) => c.failing)).includes('web-6f7d9c8b5-b4m8w'));
  });
});

describe('a replica with an ephemeral debug container', () => {
  const checks = results(load('ephemeral-debug.yaml'));

  test('the privileged debug container fails at the Pod, naming the container it targets', () => {
    const found = atPod(checks, 'pod-privileged-container');
    assert.deepEqual(
      found.map((f) => [f.name, f.path]),
      [['api-58c4d7f6b9-x7k2d', 'spec.ephemeralContainers[0].securityContext.privileged']],
    );
    assert.deepEqual(found[0].differsFromController?.differences, [
      'ephemeral container debugger-8xk2q added (targets container app)',
    ]);
    assert.ok(
      failing(checks, 'pod-insecure-capabilities').some((m) => m.includes('SYS_PTRACE in ephemeral container')),
    );
  });

  test('running as root, shared with the Deployment, is reported once, at the Deployment', () => {
    const root = failing(checks, 'pod-run-as-root');
    assert.ok(root.some((m) => m.startsWith('Deployment payments/api: ') && m.includes('container app')));
    assert.ok(!root.some((m) => m.startsWith('Pod ') && m.includes(' in container app')), root.join('\n'));
    // The debug container runs as root too (it inherits nothing that says otherwise): that is the Pod's own.
    assert.ok(root.some((m) => m.startsWith('Pod payments/api-58c4d7f6b9-x7k2d: ') && m.includes('debugger-8xk2q')));
  });
});

describe("a Pod whose image differs from its StatefulSet's", () => {
  const checks = results(load('image-differs.yaml'));

  test('the image rules judge the Pod on its own image', () => {
    assert.deepEqual(
      atPod(checks, 'images-latest-tag').map((f) => [f.name, f.differsFromController?.differences]),
      [
        [
          'db-0',
          [
            `container postgres image 111122223333.dkr.ecr.eu-west-1.amazonaws.com/postgres:16.4@sha256:${'1'.repeat(64)} → postgres:latest`,
          ],
        ],
      ],
    );
    assert.equal(checks.get('images-latest-tag')?.status, 'fail');
    assert.equal(atPod(checks, 'images-digest-pinning').length, 1);
    assert.deepEqual(
      (checks.get('images-latest-tag')?.failing ?? []).filter((f) => f.kind === 'StatefulSet'),
      [],
    );
  });

  test('db-1, which runs the template, is not a workload of its own', () => {
    assert.ok(!JSON.stringify([...checks.values()].map((c) => c.failing)).includes('db-1'));
  });
});

describe('a DaemonSet Pod on the host network', () => {
  const checks = results(load('host-network-differs.yaml'));

  test('hostNetwork fails at the Pod, and the hostPort it defaults to is not reported as its own', () => {
    assert.deepEqual(
      atPod(checks, 'pod-host-network').map((f) => [f.name, f.path, f.differsFromController?.differences]),
      [['log-agent-9vq4n', 'spec.hostNetwork', ['spec.hostNetwork true']]],
    );
    // The API server set hostPort 2020 because of hostNetwork: the cause is hostNetwork, reported above, once.
    assert.deepEqual(atPod(checks, 'pod-host-port'), []);
    assert.deepEqual(
      failing(checks, 'pod-host-network').filter((m) => m.startsWith('DaemonSet')),
      [],
    );
  });
});

describe('near misses: replicas that differ only in what defaulting and admission set', () => {
  const snapshot = load('defaulted-replica.yaml');
  const checks = results(snapshot);

  test('no Pod is a workload of its own', () => {
    assert.deepEqual(
      podTemplates(snapshot).map((t) => `${t.kind} ${t.name}`),
      ['Deployment shop', 'DaemonSet node-metrics'],
    );
  });

  test('the privileged template is reported once, at the Deployment', () => {
    assert.deepEqual(failing(checks, 'pod-privileged-container'), [
      'Deployment retail/shop: securityContext.privileged is true in container app',
    ]);
    for (const c of checks.values()) assert.deepEqual(atPod(checks, c.id), [], c.id);
  });
});

describe("the note on a differing Pod's finding", () => {
  const controller = { kind: 'Deployment', name: 'web' };
  const image = `registry.example/team/web:1.0@sha256:${'b'.repeat(64)}`;
  const differences = [`container app image registry.example/team/web:1.0 → ${image}`];

  test('the differences whole, and one more Pod in the singular', () => {
    assert.equal(
      differsNote({ controller, differences, pods: ['web-a', 'web-b'] }),
      `(Pod differs from Deployment web: ${differences[0]}; 1 more Pod alike: web-b)`,
    );
  });

  test('past the named alike Pods, how many more and where every name is', () => {
    const pods = Array.from({ length: ALIKE_PODS_NAMED + 4 }, (_, i) => `web-${i}`);
    const note = differsNote({ controller, differences, pods });
    const named = pods.slice(1, ALIKE_PODS_NAMED + 1).join(', ');
    assert.ok(note.includes(image), note);
    assert.ok(
      note.endsWith(
        `; ${ALIKE_PODS_NAMED + 3} more Pods alike: ${named} and 3 more (every name in results.json differsFromController.pods))`,
      ),
      note,
    );
  });
});
