import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL_CHECKS, configuredChecks } from '../../functions/checks/registry.js';
import { normalizeObject } from '../../functions/kube/normalize.js';
import { snapshotFromObjects } from '../../functions/model/build-snapshot.js';

const pod = normalizeObject(
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { containers: [{ name: 'web', image: 'ghcr.io/acme/web:1.2.3' }] },
  },
  'test',
);
const { snapshot } = snapshotFromObjects({
  cluster: { name: 't', arn: null, region: null, accountId: null, kubernetesVersion: null, source: 'manifests' },
  objects: [pod],
});

test('check ids are unique across every family', () => {
  const ids = ALL_CHECKS.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length);
});

test('approved registries from the config replace the default allow-list of CIS 5.1.4', () => {
  const byDefault = configuredChecks({}).find((c) => c.id === 'images-allowed-registries');
  assert.equal(byDefault?.evaluate(snapshot).status, 'fail', 'ghcr.io is not approved by default');
  const configured = configuredChecks({ approvedRegistries: ['ghcr.io'] }).find(
    (c) => c.id === 'images-allowed-registries',
  );
  assert.equal(configured?.evaluate(snapshot).status, 'pass');
  assert.equal(configuredChecks({}).length, ALL_CHECKS.length);
  assert.equal(configuredChecks({ approvedRegistries: ['ghcr.io'] }).length, ALL_CHECKS.length);
});
