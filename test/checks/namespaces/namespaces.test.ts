import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { namespaceChecks } from '../../../functions/checks/namespaces/index.js';
import { nsAdmissionHostIpc } from '../../../functions/checks/namespaces/namespaces-admission-host-ipc.js';
import { nsAdmissionHostNetwork } from '../../../functions/checks/namespaces/namespaces-admission-host-network.js';
import { nsAdmissionHostPid } from '../../../functions/checks/namespaces/namespaces-admission-host-pid.js';
import { nsAdmissionPrivilegeEscalation } from '../../../functions/checks/namespaces/namespaces-admission-privilege-escalation.js';
import { nsAdmissionPrivileged } from '../../../functions/checks/namespaces/namespaces-admission-privileged.js';
import { nsDefaultNamespaceUnused } from '../../../functions/checks/namespaces/namespaces-default-unused.js';
import { nsNamespacesInUse } from '../../../functions/checks/namespaces/namespaces-in-use.js';
import { nsLimitRange } from '../../../functions/checks/namespaces/namespaces-limitrange.js';
import { nsPsaBaseline } from '../../../functions/checks/namespaces/namespaces-psa-baseline.js';
import { nsPsaRestricted } from '../../../functions/checks/namespaces/namespaces-psa-restricted.js';
import { nsResourceQuota } from '../../../functions/checks/namespaces/namespaces-resourcequota.js';
import { fixtureTests, loadFixture, snapshotFromYaml } from '../kube-checks-support.js';

describe('namespaces fixtures', () => {
  fixtureTests('namespaces', {
    check: nsPsaBaseline,
    failing: ['Namespace team-b', 'Namespace team-c'],
    messageIncludes: ['is "privileged"', 'is not set'],
  });
  fixtureTests('namespaces', {
    check: nsPsaRestricted,
    failing: ['Namespace team-a'],
    messageIncludes: ['is "baseline" (needs restricted)'],
  });
  fixtureTests('namespaces', {
    check: nsDefaultNamespaceUnused,
    failing: ['Deployment default/hello', 'Service default/hello', 'Secret default/db-password'],
  });
  fixtureTests('namespaces', {
    check: nsNamespacesInUse,
    failing: ['Namespace default'],
    messageIncludes: ['all 2 application workloads'],
  });
  fixtureTests('namespaces', {
    check: nsLimitRange,
    failing: ['Namespace team-b'],
    messageIncludes: ['no LimitRange'],
  });
  fixtureTests('namespaces', {
    check: nsResourceQuota,
    failing: ['Namespace team-b'],
    messageIncludes: ['no ResourceQuota'],
  });
});

describe('namespaces behaviour', () => {
  test('PSA: a Kyverno podSecurity policy counts where it enforces the level; an installed engine does not', () => {
    const out = nsPsaRestricted.evaluate(loadFixture('namespaces', 'namespaces-psa-restricted', 'pass'));
    assert.equal(out.status, 'pass');
    assert.ok(
      out.observed?.some(
        (o) => o.name === 'team-b' && o.observed.includes('Kyverno ClusterPolicy pod-security-restricted'),
      ),
    );
    const engineOnly = snapshotFromYaml(`
apiVersion: v1
kind: Namespace
metadata: { name: team-b }
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: clusterpolicies.kyverno.io }
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: { name: pod-security-restricted }
spec: { validations: [{ expression: "true" }] }
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: { name: pod-security-restricted }
spec: { policyName: pod-security-restricted, validationActions: [Deny] }
`);
    assert.equal(
      nsPsaRestricted.evaluate(engineOnly).status,
      'fail',
      'a CRD and an unrelated bound VAP are no evidence',
    );
  });

  test('namespaces-in-use reports the namespaces in use as evidence', () => {
    const out = nsNamespacesInUse.evaluate(loadFixture('namespaces', 'namespaces-in-use', 'pass'));
    assert.match(out.reason ?? '', /billing, shop/);
  });

  test('checks with nothing to judge are not-applicable, not pass', () => {
    const empty = snapshotFromYaml('');
    for (const c of [nsPsaBaseline, nsLimitRange, nsResourceQuota, nsNamespacesInUse]) {
      assert.equal(c.evaluate(empty).status, 'not-applicable', c.id);
    }
  });

  test('every namespaces check carries the namespaces family and id prefix', () => {
    for (const c of namespaceChecks) {
      assert.equal(c.family, 'namespaces');
      assert.match(c.id, /^namespaces-/);
    }
  });
});

describe('namespaces-default-unused (CIS 4.5.2): an object with no namespace is in default', () => {
  const yaml = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: no-ns-app }
spec:
  selector: { matchLabels: { app: a } }
  template:
    metadata: { labels: { app: a } }
    spec: { containers: [{ name: a, image: registry.k8s.io/pause:3.10 }] }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: no-ns-config }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: no-ns-role }
rules: []
---
apiVersion: v1
kind: ConfigMap
metadata: { name: elsewhere, namespace: shop }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: default }
`;

  test('unnamespaced Deployment, ConfigMap and Role fail; the default ServiceAccount and other namespaces do not', () => {
    const outcome = nsDefaultNamespaceUnused.evaluate(snapshotFromYaml(yaml));
    assert.equal(outcome.status, 'fail');
    assert.deepEqual(outcome.failing.map((f) => `${f.kind} ${f.namespace}/${f.name}`).sort(), [
      'ConfigMap default/no-ns-config',
      'Deployment default/no-ns-app',
      'Role default/no-ns-role',
    ]);
  });

  test('the same objects in a namespace of their own pass (near miss)', () => {
    const placed = yaml.replace(/metadata: \{ name: (no-ns-[a-z]+) \}/g, 'metadata: { name: $1, namespace: shop }');
    assert.equal(nsDefaultNamespaceUnused.evaluate(snapshotFromYaml(placed)).status, 'pass');
  });
});

describe('admission policy half of CIS 4.2.x: fixtures', () => {
  fixtureTests('namespaces', {
    check: nsAdmissionPrivileged,
    failing: [
      'Namespace excluded',
      'Namespace team-audit',
      'Namespace team-lookalike',
      'Namespace team-crd-only',
      'Namespace team-dryrun',
      'Namespace team-psa',
    ],
    messageIncludes: [
      'nothing rejects privileged containers at admission',
      'disallow-privileged-containers-audit (rule privileged-containers) only audits here',
      'disallow-privileged-containers (rule privileged-containers) does not apply',
      'label pod-security.kubernetes.io/enforce is "privileged"',
      'psp-privileged-container does not deny (enforcementAction dryrun)',
    ],
  });
  for (const check of [nsAdmissionHostPid, nsAdmissionHostIpc]) {
    fixtureTests('namespaces', {
      check,
      failing: ['Namespace audited', 'Namespace ignored', 'Namespace other'],
      messageIncludes: ['only audits here', 'labelled admission.gatekeeper.sh/ignore'],
    });
  }
  fixtureTests('namespaces', {
    check: nsAdmissionHostNetwork,
    failing: ['Namespace gatekeeper', 'Namespace kyverno', 'Namespace kyverno-pss'],
    messageIncludes: ['host-network (rule no-host-network) has a pattern that does not reject it'],
  });
  fixtureTests('namespaces', {
    check: nsAdmissionPrivilegeEscalation,
    failing: ['Namespace psa-baseline', 'Namespace kyverno-baseline', 'Namespace overridden'],
    messageIncludes: ['is "baseline" (needs restricted)', 'only audits here'],
  });
});
