import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { secretsChecks } from '../../../functions/checks/secrets/index.js';
import { secretsConfigMapCredentials } from '../../../functions/checks/secrets/secrets-configmap-credentials.js';
import { secretsEnvCredentialLiterals } from '../../../functions/checks/secrets/secrets-env-credential-literals.js';
import { secretsEnvSecretRefs } from '../../../functions/checks/secrets/secrets-env-secret-refs.js';
import { secretsExternalStore } from '../../../functions/checks/secrets/secrets-external-store.js';
import { secretsLegacySaTokens } from '../../../functions/checks/secrets/secrets-legacy-sa-tokens.js';
import { secretsUnusedConfigMaps } from '../../../functions/checks/secrets/secrets-unused-configmaps.js';
import { secretsUnusedSecrets } from '../../../functions/checks/secrets/secrets-unused-secrets.js';
import { fixtureTests, loadFixture, snapshotFromYaml } from '../kube-checks-support.js';

describe('secrets fixtures', () => {
  fixtureTests('secrets', {
    check: secretsEnvSecretRefs,
    failing: ['Deployment team-a/api', 'Deployment team-a/api'],
    messageIncludes: [
      'env DB_PASSWORD in container api reads Secret db key password',
      'envFrom in init container migrate',
    ],
  });
  fixtureTests('secrets', {
    check: secretsEnvCredentialLiterals,
    failing: [
      'Deployment team-a/api',
      'Deployment team-a/api',
      'Deployment team-a/api',
      'Deployment team-a/api',
      'Deployment team-a/api',
      'Pod team-a/report-once',
    ],
    messageIncludes: [
      'AWS_ACCESS_KEY_ID',
      '(aws-access-key)',
      'DB_PASSWORD',
      '(password-like)',
      'UPSTREAM_AUTH',
      'GITHUB_TOKEN',
      'DATABASE_URL',
      'env API_TOKEN in container report',
    ],
  });
  fixtureTests('secrets', {
    check: secretsConfigMapCredentials,
    failing: ['ConfigMap team-a/app-config', 'ConfigMap team-a/app-config'],
    messageIncludes: ['key api_key', 'key tls.key', '(private-key)'],
  });
  fixtureTests('secrets', {
    check: secretsLegacySaTokens,
    failing: ['Secret team-a/ci-token', 'Secret team-b/old-token'],
    messageIncludes: ['ServiceAccount ci', 'ServiceAccount deployer'],
  });
  fixtureTests('secrets', { check: secretsExternalStore, failing: ['CSIDriver secrets-store.csi.k8s.io'] });
  fixtureTests('secrets', {
    check: secretsUnusedSecrets,
    failing: ['Secret team-a/legacy-api-key', 'Secret team-a/pod-only-volume-old', 'Secret team-b/db'],
    messageIncludes: ['referenced by no pod spec, ServiceAccount or Ingress TLS entry'],
  });
  fixtureTests('secrets', {
    check: secretsUnusedConfigMaps,
    failing: ['ConfigMap team-a/old-config', 'ConfigMap team-a/pod-only-settings-v0'],
    messageIncludes: ['referenced by no pod spec'],
  });
});

describe('unused Secrets and ConfigMaps', () => {
  test('a namespace with only system Secrets and ConfigMaps is not-applicable', () => {
    const snapshot = snapshotFromYaml(`
apiVersion: v1
kind: ConfigMap
metadata: { name: kube-root-ca.crt, namespace: team-a }
---
apiVersion: v1
kind: Secret
metadata: { name: sh.helm.release.v1.app.v1, namespace: team-a, labels: { owner: helm } }
`);
    assert.equal(secretsUnusedSecrets.evaluate(snapshot).status, 'not-applicable');
    assert.equal(secretsUnusedConfigMaps.evaluate(snapshot).status, 'not-applicable');
  });

  test('a reference counts only in its own namespace', () => {
    const snapshot = snapshotFromYaml(`
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: team-a }
spec: { containers: [{ name: c, image: i:1, envFrom: [{ configMapRef: { name: shared } }] }] }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: shared, namespace: team-b }
`);
    const out = secretsUnusedConfigMaps.evaluate(snapshot);
    assert.equal(out.status, 'fail');
    assert.equal(out.failing[0].namespace, 'team-b');
  });

  test('a reference only a controlled Pod or an older ReplicaSet makes counts as the collector keeps them', () => {
    // The collector keeps controlled Pods and ReplicaSets compact: the verdict must not change with it.
    for (const [check, id] of [
      [secretsUnusedSecrets, 'secrets-unused-secrets'],
      [secretsUnusedConfigMaps, 'secrets-unused-configmaps'],
    ] as const) {
      const compact = loadFixture('secrets', id, 'fail', {}, true);
      const trimmed = Object.values(compact.kubernetes.inventories).flatMap((inv) =>
        inv?.status === 'collected' ? inv.items.filter((o) => o.podSpecTrimmed === true) : [],
      );
      assert.ok(trimmed.length > 0, `${id}: the fixture has controlled objects`);
      assert.deepEqual(check.evaluate(compact), check.evaluate(loadFixture('secrets', id, 'fail')), id);
    }
  });

  test('the rationale says it is a heuristic', () => {
    for (const c of [secretsUnusedSecrets, secretsUnusedConfigMaps]) assert.match(c.rationale, /heuristic/);
  });
});

describe('secrets behaviour', () => {
  test('findings never carry the literal values', () => {
    for (const [check, id] of [
      [secretsEnvCredentialLiterals, 'secrets-env-credential-literals'],
      [secretsConfigMapCredentials, 'secrets-configmap-credentials'],
    ] as const) {
      const out = check.evaluate(loadFixture('secrets', id, 'fail'));
      const text = JSON.stringify(out);
      for (const secret of ['AKIAABCDEFGHIJKLMNOP', 'hunter2', 'sk-live', 'MIIE', 'ghp_', 'abc123longrandom'])
        assert.ok(!text.includes(secret), secret);
    }
  });

  test('external store evidence is named in the reason', () => {
    const out = secretsExternalStore.evaluate(loadFixture('secrets', 'secrets-external-store', 'pass'));
    assert.match(out.reason ?? '', /CSIDriver secrets-store\.csi\.k8s\.io/);
    assert.match(out.reason ?? '', /External Secrets Operator/);
  });

  test('every secrets check carries the secrets family and id prefix', () => {
    for (const c of secretsChecks) {
      assert.equal(c.family, 'secrets');
      assert.match(c.id, /^secrets-/);
    }
  });
});
