/** Workload shapes: controllers and their pods, hidden container lists, CronJobs, empty pods and empty clusters. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { podSecurityChecks } from '../../../functions/checks/pod-security/index.js';
import { RUNTIME_DEFAULT_CAPABILITIES } from '../../../functions/checks/pod-security/pod-capabilities-not-dropped.js';
import { hostPathDanger } from '../../../functions/checks/pod-security/pod-host-path-volume.js';
import { loadSnapshot, snapshotOf } from './load-fixture.js';

const check = (id: string) => {
  const found = podSecurityChecks.find((c) => c.id === id);
  assert.ok(found, id);
  return found;
};

test('a Deployment, its ReplicaSet and three Pods give one finding, at the Deployment', () => {
  const snapshot = loadSnapshot('scenarios/deployment-with-replicas.yaml');
  const outcome = check('pod-privileged-container').evaluate(snapshot);
  assert.equal(outcome.status, 'fail');
  assert.equal(outcome.evaluatedCount, 1);
  assert.deepEqual(outcome.failing, [
    {
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
      message: 'securityContext.privileged is true in container app',
      path: 'spec.template.spec.containers[0].securityContext.privileged',
    },
  ]);
});

test('violations in an init container and an ephemeral container are found', () => {
  const snapshot = loadSnapshot('scenarios/init-and-ephemeral.yaml');
  const privileged = check('pod-privileged-container').evaluate(snapshot);
  assert.deepEqual(
    privileged.failing.map((f) => [f.message, f.path]),
    [
      [
        'securityContext.privileged is true in init container setup',
        'spec.initContainers[0].securityContext.privileged',
      ],
    ],
  );
  const caps = check('pod-insecure-capabilities').evaluate(snapshot);
  assert.deepEqual(
    caps.failing.map((f) => [f.message, f.path]),
    [
      [
        'securityContext.capabilities.add grants capability SYS_PTRACE in ephemeral container debugger',
        'spec.ephemeralContainers[0].securityContext.capabilities.add',
      ],
    ],
  );
  const ape = check('pod-allow-privilege-escalation').evaluate(snapshot);
  assert.deepEqual(ape.failing.map((f) => f.message).sort(), [
    'privilege escalation is implied by securityContext.privileged: true in init container setup',
    'securityContext.allowPrivilegeEscalation is not set (defaults to true) in ephemeral container debugger',
  ]);
});

test('ephemeral containers are not asked for resources, init containers are', () => {
  const outcome = check('pod-memory-limits').evaluate(loadSnapshot('scenarios/init-and-ephemeral.yaml'));
  assert.deepEqual(outcome.failing.map((f) => f.message).sort(), [
    'resources.limits.memory is not set in container app',
    'resources.limits.memory is not set in init container setup',
  ]);
});

test("a CronJob's job template is checked and reported at the CronJob", () => {
  const snapshot = loadSnapshot('scenarios/cronjob.yaml');
  const network = check('pod-host-network').evaluate(snapshot);
  assert.deepEqual(
    network.failing.map((f) => [f.kind, f.namespace, f.name, f.path]),
    [['CronJob', 'ops', 'backup', 'spec.jobTemplate.spec.template.spec.hostNetwork']],
  );
  const root = check('pod-run-as-root').evaluate(snapshot);
  assert.equal(root.failing.length, 1);
  assert.match(root.failing[0].message, /runAsUser is 0 \(container securityContext\) in container backup/);
  assert.equal(root.failing[0].path, 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.runAsUser');
});

test('a Pod without a spec does not throw and passes every check', () => {
  const snapshot = loadSnapshot('scenarios/pod-without-spec.yaml');
  for (const c of podSecurityChecks) {
    const outcome = c.evaluate(snapshot);
    assert.equal(outcome.status, 'pass', c.id);
    assert.equal(outcome.evaluatedCount, 1, c.id);
  }
});

test('a cluster with no workloads is not-applicable with the reason "no workloads"', () => {
  const snapshot = snapshotOf([]);
  for (const c of podSecurityChecks) {
    assert.deepEqual(c.evaluate(snapshot), {
      status: 'not-applicable',
      evaluatedCount: 0,
      failing: [],
      reason: 'no workloads',
    });
  }
});

test('Windows pods are exempt from the Linux-only restricted controls', () => {
  const snapshot = snapshotOf([
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'win', namespace: 'apps' },
      spec: { os: { name: 'windows' }, containers: [{ name: 'iis', image: 'iis:1' }] },
    },
  ]);
  for (const id of ['pod-seccomp-profile', 'pod-capabilities-not-dropped', 'pod-allow-privilege-escalation']) {
    assert.equal(check(id).evaluate(snapshot).status, 'pass', id);
  }
  assert.equal(check('pod-run-as-root').evaluate(snapshot).status, 'fail');
});

test('host paths that give the node away are named, however the path is spelled', () => {
  assert.equal(hostPathDanger('/'), "the node's root filesystem");
  assert.equal(hostPathDanger('/run//containerd/containerd.sock/'), 'a container runtime socket');
  assert.equal(hostPathDanger('/var/run'), 'a folder holding a container runtime socket');
  assert.equal(hostPathDanger('/var/lib/kubelet/pods'), 'kubelet state and pod credentials');
  assert.equal(hostPathDanger('/var/log'), null);
  assert.equal(hostPathDanger('/var/running'), null);
});

test('dropping every capability containerd grants by default passes as ALL does; one left out fails', () => {
  const withDrop = (name: string, drop: string[]) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'apps' },
    spec: { containers: [{ name: 'app', image: 'app:1', securityContext: { capabilities: { drop } } }] },
  });
  const every = [...RUNTIME_DEFAULT_CAPABILITIES];
  const pass = check('pod-capabilities-not-dropped').evaluate(
    snapshotOf([
      withDrop(
        'listed',
        every.map((c) => c.toLowerCase()),
      ),
    ]),
  );
  assert.equal(pass.status, 'pass');
  const fail = check('pod-capabilities-not-dropped').evaluate(
    snapshotOf([
      withDrop(
        'one-short',
        every.filter((c) => c !== 'AUDIT_WRITE'),
      ),
    ]),
  );
  assert.deepEqual(
    fail.failing.map((f) => f.name),
    ['one-short'],
  );
});
