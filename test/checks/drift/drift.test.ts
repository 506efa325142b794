import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { driftHandEdits } from '../../../functions/checks/drift/drift-hand-edits.js';
import { driftChecks } from '../../../functions/checks/drift/index.js';
import { isGitOpsManager, isHandEditManager } from '../../../functions/checks/drift/managers.js';
import { fixtureTests, snapshotFromYaml } from '../kube-checks-support.js';

describe('drift fixtures', () => {
  fixtureTests('drift', {
    check: driftHandEdits,
    failing: ['Deployment storefront/web', 'Namespace payments', 'ConfigMap storefront/app-config'],
    messageIncludes: [
      'kubectl-scale Update at 2025-10-03T09:00:00Z after the last sync by argocd-controller Apply at 2025-10-01T08:30:12Z',
      'kubectl-label Update at 2025-09-20T12:00:00Z after the last sync by kustomize-controller Apply',
      'kubectl-patch Update at 2025-08-14T07:51:02Z after the last sync by helm Update at 2025-07-01T00:00:00Z',
    ],
  });
});

describe('drift behaviour', () => {
  test('an edit before the last sync is not reported, only the ones after it', () => {
    const out = driftHandEdits.evaluate(
      snapshotFromYaml(`
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
  namespace: a
  managedFields:
    - { manager: kubectl-edit, operation: Update, time: "2025-06-01T00:00:00Z" }
    - { manager: helm, operation: Update, time: "2025-07-01T00:00:00Z" }
    - { manager: kubectl-patch, operation: Update, time: "2025-08-01T00:00:00Z" }
`),
    );
    assert.equal(out.failing.length, 1);
    assert.doesNotMatch(out.failing[0].message, /kubectl-edit/);
  });

  test('no GitOps-managed object → not-applicable', () => {
    const out = driftHandEdits.evaluate(
      snapshotFromYaml(`
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
  namespace: a
  managedFields: [{ manager: kubectl-edit, operation: Update, time: "2025-06-01T00:00:00Z" }]
`),
    );
    assert.equal(out.status, 'not-applicable');
  });

  test('malformed or missing times are ignored, never thrown on', () => {
    const out = driftHandEdits.evaluate(
      snapshotFromYaml(`
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
  namespace: a
  managedFields:
    - { manager: argocd-controller, operation: Apply, time: "yesterday" }
    - { manager: kubectl-edit, operation: Update }
`),
    );
    assert.equal(out.status, 'not-applicable');
  });

  test('manager names: GitOps/IaC tools versus kubectl hand edits; status writers are neither', () => {
    for (const m of [
      'argocd-application-controller',
      'helm',
      'kustomize-controller',
      'Terraform',
      'pulumi-kubernetes-1a2b',
    ])
      assert.ok(isGitOpsManager(m), m);
    for (const m of ['kubectl-edit', 'kubectl-patch', 'kubectl-set', 'kubectl-annotate', 'kubectl-client-side-apply'])
      assert.ok(isHandEditManager(m), m);
    for (const m of ['kubelet', 'kube-controller-manager', 'kube-scheduler', 'kubectl-rollout', 'eksctl']) {
      assert.ok(!isGitOpsManager(m) && !isHandEditManager(m), m);
    }
  });

  test('the family has its id prefix', () => {
    for (const c of driftChecks) {
      assert.equal(c.family, 'drift');
      assert.match(c.id, /^drift-/);
    }
  });
});
