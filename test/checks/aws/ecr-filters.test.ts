/**
 * ECR registry scanning filters follow ECR's own rule (Amazon ECR user guide, "Filters to choose which repositories
 * are scanned"): a filter without `*` matches every repository whose name contains it; `*` stands for zero or more
 * characters and the filter must then cover the whole name. The cases are the guide's example table.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { coveringRule, ecrFilterMatches } from '../../../functions/checks/aws/aws-ecr-image-scanning.js';

const NAMES = ['prod', 'repo-prod', 'prod-repo', 'repo-prod-repo', 'prodrepo'];
const TABLE: Record<string, boolean[]> = {
  prod: [true, true, true, true, true],
  '*prod': [true, true, false, false, false],
  'prod*': [true, false, true, false, true],
  '*prod*': [true, true, true, true, true],
  'prod*repo': [false, false, true, false, true],
};

describe('ECR scanning filters', () => {
  for (const [filter, expected] of Object.entries(TABLE)) {
    test(`filter "${filter}"`, () => {
      assert.deepEqual(
        NAMES.map((n) => ecrFilterMatches(filter, n)),
        expected,
      );
    });
  }

  test('a rule whose plain filter is contained in the repository name covers it (it used to need an exact name)', () => {
    const registry = {
      registryId: '111122223333',
      scanType: 'BASIC',
      rules: [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: [{ filter: 'payments', filterType: 'WILDCARD' }] }],
    };
    assert.deepEqual(coveringRule(registry, '111122223333', 'team/payments-api'), {
      scanType: 'BASIC',
      scanFrequency: 'SCAN_ON_PUSH',
    });
    assert.equal(coveringRule(registry, '111122223333', 'team/orders-api'), undefined);
  });
});

describe('approved registries use the catalog glob dialect', () => {
  test('hosts match case-insensitively, `?` is one character, and a plain pattern is exact', async () => {
    const { makeAllowedRegistriesCheck } = await import(
      '../../../functions/checks/images/images-allowed-registries.js'
    );
    const { snapshotFromObjects } = await import('../../../functions/model/build-snapshot.js');
    const pod = (image: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: image.replace(/[^a-z0-9]/gi, '-').toLowerCase(), namespace: 'shop', uid: image },
      spec: { containers: [{ name: 'c', image }] },
    });
    const images = ['Registry.K8s.io/pause:3.10', 'ghcr.io/a/b:1', 'ghcr.iox/a/b:1', 'quay1.example.com/x:1'];
    const { snapshot } = snapshotFromObjects({
      cluster: { name: 'c', arn: null, region: null, accountId: null, kubernetesVersion: '1.31', source: 'manifests' },
      objects: images.map(pod),
    });
    const check = makeAllowedRegistriesCheck(['registry.k8s.io', 'GHCR.io', 'quay?.example.com']);
    const outcome = check.evaluate(snapshot);
    assert.deepEqual(
      outcome.failing.map((f) => f.message.split(' ')[1]),
      ['ghcr.iox/a/b:1'],
    );
  });
});
