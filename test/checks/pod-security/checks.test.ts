/** Every pod-security check against its own failing and passing fixture. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { podSecurityChecks } from '../../../functions/checks/pod-security/index.js';
import type { CheckDefinition } from '../../../functions/checks/types.js';
import { loadSnapshot } from './load-fixture.js';

interface Expectation {
  /** Number of findings in fail.yaml. */
  failures: number;
  /** Each string must appear in some finding's message. */
  messages: string[];
  /** Each string must appear in some finding's path. */
  paths?: string[];
}

const EXPECTED: Record<string, Expectation> = {
  'pod-privileged-container': {
    failures: 3,
    messages: [
      'securityContext.privileged is true in container app',
      'capabilities.add grants SYS_ADMIN (privileged in effect) in container mounter',
      'capabilities.add grants ALL, which includes SYS_ADMIN (privileged in effect) in container everything',
    ],
    paths: [
      'spec.template.spec.containers[0].securityContext.privileged',
      'spec.template.spec.containers[0].securityContext.capabilities.add',
    ],
  },
  'pod-host-pid': { failures: 1, messages: ['spec.hostPID is true'], paths: ['spec.template.spec.hostPID'] },
  'pod-host-ipc': { failures: 1, messages: ['spec.hostIPC is true'], paths: ['spec.template.spec.hostIPC'] },
  'pod-host-network': { failures: 1, messages: ['spec.hostNetwork is true'], paths: ['spec.hostNetwork'] },
  'pod-host-port': {
    failures: 2,
    messages: ['hostPort 9000 in init container probe', 'hostPort 9100 in container exporter'],
    paths: [
      'spec.template.spec.initContainers[0].ports[0].hostPort',
      'spec.template.spec.containers[0].ports[1].hostPort',
    ],
  },
  'pod-allow-privilege-escalation': {
    failures: 4,
    messages: [
      'allowPrivilegeEscalation is not set (defaults to true) in container unset',
      'allowPrivilegeEscalation is true in container explicit',
      'implied by securityContext.privileged: true in container priv',
      'implied by capability SYS_ADMIN in capabilities.add in container sysadmin',
    ],
  },
  'pod-run-as-root': {
    failures: 3,
    messages: [
      'runAsUser is 0 (pod securityContext) in container plain',
      'runAsUser is 0 (pod securityContext) in container claims-nonroot',
      'runAsNonRoot is false (container securityContext) and runAsUser is not set in container app',
    ],
    paths: ['spec.securityContext.runAsUser'],
  },
  'pod-insecure-capabilities': {
    failures: 2,
    messages: ['grants capability SYS_ADMIN in container tunnel', 'grants capability NET_RAW in container pinger'],
  },
  'pod-capabilities-not-dropped': {
    failures: 2,
    messages: ['does not include ALL (drops only NET_RAW) in container app', '(drops nothing) in container sidecar'],
  },
  'pod-host-path-volume': {
    failures: 2,
    messages: [
      'hostPath volume runtime exposes host path /var/run/docker.sock (a container runtime socket), mounted read-only in container agent',
      'hostPath volume logs exposes host path /var/log, mounted read-write in container agent',
    ],
    paths: ['spec.template.spec.volumes[0].hostPath.path'],
  },
  'pod-seccomp-profile': {
    failures: 3,
    messages: [
      'seccompProfile.type is not set at pod or container level for container app',
      'pod securityContext.seccompProfile.type is Unconfined',
      'securityContext.seccompProfile.type is Unconfined in container app',
    ],
  },
  'pod-writable-root-filesystem': {
    failures: 2,
    messages: [
      'readOnlyRootFilesystem is not set in container unset',
      'readOnlyRootFilesystem is false in container explicit',
    ],
  },
  'pod-cpu-requests': {
    failures: 2,
    messages: [
      'resources.requests.cpu is not set in container app',
      'resources.requests.cpu is not set in init container init',
    ],
  },
  'pod-memory-requests': {
    failures: 2,
    messages: ['resources.requests.memory is not set in container app', 'in init container init'],
  },
  'pod-cpu-limits': {
    failures: 2,
    messages: ['resources.limits.cpu is not set in container app', 'in init container init'],
  },
  'pod-memory-limits': {
    failures: 2,
    messages: ['resources.limits.memory is not set in container app', 'in init container init'],
    paths: ['spec.template.spec.initContainers[0].resources.limits.memory'],
  },
};

function byId(id: string): CheckDefinition {
  const check = podSecurityChecks.find((c) => c.id === id);
  assert.ok(check, `check ${id} is registered`);
  return check;
}

test('every registered check has an expectation here, and the other way round', () => {
  assert.deepEqual(podSecurityChecks.map((c) => c.id).sort(), Object.keys(EXPECTED).sort());
});

for (const [id, expected] of Object.entries(EXPECTED)) {
  describe(id, () => {
    test('fails its failing fixture and says what it saw', () => {
      const outcome = byId(id).evaluate(loadSnapshot(`${id}/fail.yaml`));
      assert.equal(outcome.status, 'fail');
      assert.equal(outcome.failing.length, expected.failures, JSON.stringify(outcome.failing, null, 2));
      for (const m of expected.messages) {
        assert.ok(
          outcome.failing.some((f) => f.message.includes(m)),
          `a message contains "${m}"; got ${JSON.stringify(outcome.failing.map((f) => f.message))}`,
        );
      }
      for (const p of expected.paths ?? []) {
        assert.ok(
          outcome.failing.some((f) => f.path === p),
          `a path is ${p}`,
        );
      }
      for (const f of outcome.failing) {
        assert.ok(f.kind && f.name, 'the finding names the object');
        assert.ok(f.path, 'the finding has a path');
      }
    });

    test('passes its passing fixture', () => {
      const outcome = byId(id).evaluate(loadSnapshot(`${id}/pass.yaml`));
      assert.deepEqual(outcome.failing, []);
      assert.equal(outcome.status, 'pass');
      assert.ok(outcome.evaluatedCount > 0);
    });
  });
}
