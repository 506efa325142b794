import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rbacChecks } from '../../../functions/checks/rbac/index.js';
import { grantedOn, type PolicyRule, resourceMatches } from '../../../functions/checks/rbac/model.js';
import { rbacAwsAuthSystemMasters } from '../../../functions/checks/rbac/rbac-aws-auth-system-masters.js';
import { rbacBindEscalateImpersonate } from '../../../functions/checks/rbac/rbac-bind-escalate-impersonate.js';
import { rbacClusterAdminBindings } from '../../../functions/checks/rbac/rbac-cluster-admin-bindings.js';
import { rbacCreatePersistentVolumes } from '../../../functions/checks/rbac/rbac-create-persistentvolumes.js';
import { rbacCreatePods } from '../../../functions/checks/rbac/rbac-create-pods.js';
import { rbacDefaultSaAutomount } from '../../../functions/checks/rbac/rbac-default-sa-automount.js';
import { rbacDefaultSaBindings } from '../../../functions/checks/rbac/rbac-default-sa-bindings.js';
import { rbacDefaultSaWorkloads } from '../../../functions/checks/rbac/rbac-default-sa-workloads.js';
import { rbacNodesProxy } from '../../../functions/checks/rbac/rbac-nodes-proxy.js';
import { rbacSecretsAccess } from '../../../functions/checks/rbac/rbac-secrets-access.js';
import { rbacServiceAccountTokenCreate } from '../../../functions/checks/rbac/rbac-serviceaccount-token-create.js';
import { rbacTokenAutomount } from '../../../functions/checks/rbac/rbac-token-automount.js';
import { rbacWebhookConfigWrite } from '../../../functions/checks/rbac/rbac-webhook-config-write.js';
import { rbacWildcards } from '../../../functions/checks/rbac/rbac-wildcards.js';
import { fixtureTests, snapshotFromYaml } from '../kube-checks-support.js';

const GRANT_FAILING = ['ClusterRole risky-cluster', 'Role team-a/risky'];

describe('rbac fixtures', () => {
  fixtureTests('rbac', {
    check: rbacClusterAdminBindings,
    failing: ['ClusterRoleBinding ops-admins', 'RoleBinding team-a/deployer-admin', 'ClusterRoleBinding oops'],
    messageIncludes: ['Group ops, User alice', 'ServiceAccount team-a/deployer', 'system:authenticated'],
  });
  fixtureTests('rbac', {
    check: rbacAwsAuthSystemMasters,
    failing: ['ConfigMap kube-system/aws-auth', 'ConfigMap kube-system/aws-auth'],
    messageIncludes: ['role/platform-admin', 'user/carol'],
  });
  fixtureTests('rbac', {
    check: rbacSecretsAccess,
    failing: [...GRANT_FAILING, 'ClusterRole edit'],
    messageIncludes: [
      'get, list on secrets',
      'User alice via ClusterRoleBinding risky-cluster',
      'User bob via RoleBinding team-b/bob-edit',
    ],
  });
  fixtureTests('rbac', { check: rbacWildcards, failing: GRANT_FAILING, messageIncludes: ['"*" in resources'] });
  fixtureTests('rbac', {
    check: rbacCreatePods,
    failing: GRANT_FAILING,
    messageIncludes: ['create on apps/deployments'],
  });
  fixtureTests('rbac', {
    check: rbacBindEscalateImpersonate,
    failing: GRANT_FAILING,
    messageIncludes: ['impersonate on serviceaccounts', 'ServiceAccount team-a/deployer'],
  });
  fixtureTests('rbac', {
    check: rbacCreatePersistentVolumes,
    failing: GRANT_FAILING,
    messageIncludes: ['create on persistentvolumes'],
  });
  fixtureTests('rbac', { check: rbacNodesProxy, failing: GRANT_FAILING, messageIncludes: ['get on nodes/proxy'] });
  fixtureTests('rbac', {
    check: rbacWebhookConfigWrite,
    failing: GRANT_FAILING,
    messageIncludes: ['patch on admissionregistration.k8s.io/mutatingwebhookconfigurations'],
  });
  fixtureTests('rbac', {
    check: rbacServiceAccountTokenCreate,
    failing: GRANT_FAILING,
    messageIncludes: ['create on serviceaccounts/token'],
  });
  fixtureTests('rbac', {
    check: rbacDefaultSaAutomount,
    failing: ['ServiceAccount team-a/default', 'ServiceAccount team-b/default'],
    messageIncludes: ['not set (defaults to true)', 'automountServiceAccountToken is true'],
  });
  fixtureTests('rbac', {
    check: rbacDefaultSaBindings,
    failing: [
      'RoleBinding team-a/default-view',
      'ClusterRoleBinding monitoring-default',
      'ClusterRoleBinding system:controller:some-default',
      'RoleBinding team-b/default-as-user',
    ],
    messageIncludes: [
      'ServiceAccount team-a/default',
      'ServiceAccount monitoring/default',
      'ServiceAccount kube-system/default',
      'ServiceAccount team-b/default (named as User system:serviceaccount:team-b:default)',
    ],
  });
  fixtureTests('rbac', {
    check: rbacDefaultSaWorkloads,
    failing: ['Deployment team-a/web', 'CronJob team-a/report'],
    messageIncludes: ['not set (runs as default)', 'serviceAccountName is "default"'],
  });
  fixtureTests('rbac', {
    check: rbacTokenAutomount,
    failing: ['Deployment team-a/api', 'Deployment team-a/forced'],
    messageIncludes: ['ServiceAccount api does not set it to false', 'automountServiceAccountToken is true'],
  });
});

describe('rbac rule matching', () => {
  const rule = (r: Partial<PolicyRule>): PolicyRule => ({
    apiGroups: [],
    resources: [],
    verbs: [],
    resourceNames: [],
    nonResourceURLs: [],
    ...r,
  });

  test('subresources match exactly, through "*" or "*/sub", never through the parent resource', () => {
    assert.equal(resourceMatches(['nodes'], 'nodes/proxy'), false);
    assert.equal(resourceMatches(['nodes/proxy'], 'nodes/proxy'), true);
    assert.equal(resourceMatches(['*/proxy'], 'nodes/proxy'), true);
    assert.equal(resourceMatches(['*'], 'nodes/proxy'), true);
    assert.equal(resourceMatches(['nodes/*'], 'nodes/proxy'), false);
  });

  test('a wildcard verb and group grant the named verbs on the core group', () => {
    assert.deepEqual(
      grantedOn(
        rule({ apiGroups: ['*'], resources: ['secrets'], verbs: ['*'] }),
        [{ group: '', resource: 'secrets' }],
        ['get', 'list'],
      ),
      ['get, list on secrets'],
    );
    assert.deepEqual(
      grantedOn(
        rule({ apiGroups: ['apps'], resources: ['secrets'], verbs: ['*'] }),
        [{ group: '', resource: 'secrets' }],
        ['get'],
      ),
      [],
    );
  });

  test('impersonation of userextras/<key> is reported', () => {
    const yaml = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: extras }
rules: [{ apiGroups: ["authentication.k8s.io"], resources: ["userextras/scopes"], verbs: ["impersonate"] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: extras }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: extras }
subjects: [{ kind: User, name: dave }]
`;
    const out = rbacBindEscalateImpersonate.evaluate(snapshotFromYaml(yaml));
    assert.equal(out.status, 'fail');
    assert.match(out.failing[0].message, /userextras/);
  });

  test('aws-auth that was not read is not-assessed, not pass', () => {
    const snapshot = snapshotFromYaml('');
    snapshot.kubernetes.awsAuth = { status: 'not-collected', reason: 'get configmaps: 403 Forbidden' };
    const out = rbacAwsAuthSystemMasters.evaluate(snapshot);
    assert.equal(out.status, 'not-assessed');
    assert.equal(out.reason, 'get configmaps: 403 Forbidden');
  });

  test('every rbac check is in the family index with the rbac family and an rbac- id', () => {
    for (const c of rbacChecks) {
      assert.equal(c.family, 'rbac');
      assert.match(c.id, /^rbac-[a-z0-9-]+$/);
    }
  });
});
