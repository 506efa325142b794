import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseImage } from '../../../functions/checks/images/image-ref.js';
import {
  defaultApproval,
  imagesAllowedRegistries,
  makeAllowedRegistriesCheck,
} from '../../../functions/checks/images/images-allowed-registries.js';
import { imagesDeprecatedRegistry } from '../../../functions/checks/images/images-deprecated-registry.js';
import { imagesDigestPinning } from '../../../functions/checks/images/images-digest-pinning.js';
import { imagesLatestTag } from '../../../functions/checks/images/images-latest-tag.js';
import { imageChecks } from '../../../functions/checks/images/index.js';
import { ADDON_REGISTRY_HOSTS } from '../../../functions/model/eks-addons.js';
import { fixtureTests, loadFixture } from '../kube-checks-support.js';

describe('images fixtures', () => {
  fixtureTests('images', {
    check: imagesLatestTag,
    failing: ['Deployment team-a/web', 'Deployment team-a/web', 'Deployment team-a/web'],
    messageIncludes: [
      'image busybox in init container setup has no tag',
      'nginx:latest in container web uses the latest tag',
      'localhost:5000/proxy',
    ],
  });
  fixtureTests('images', {
    check: imagesDigestPinning,
    failing: ['Pod team-a/tool'],
    messageIncludes: ['public.ecr.aws/x/tool:1.0'],
  });
  fixtureTests('images', {
    check: imagesAllowedRegistries,
    cluster: { accountId: '111122223333', region: 'eu-west-1' },
    failing: [
      'Deployment team-a/web',
      'Deployment team-a/web',
      'Pod team-a/foreign-ecr',
      'Pod team-a/public-ecr',
      'Pod team-a/fake',
      'Pod kube-system/addon-lookalike',
    ],
    messageIncludes: [
      'registry docker.io',
      'registry quay.io',
      "the ECR registry of account 999988887777, not of this cluster's account 111122223333",
      'registry public.ecr.aws',
      'registry dkr.ecr.amazonaws.com.evil.example',
      'registry 602401143452.dkr.ecr.us-west-2.amazonaws.com.evil.io',
    ],
  });
  fixtureTests('images', {
    check: imagesDeprecatedRegistry,
    failing: ['Deployment kube-system/autoscaler'],
    messageIncludes: ['k8s.gcr.io'],
  });
});

describe('image references', () => {
  test('parse registry, repository, tag and digest the way the runtime does', () => {
    assert.deepEqual(parseImage('nginx'), { raw: 'nginx', registry: 'docker.io', repository: 'nginx' });
    assert.deepEqual(parseImage('library/nginx:1.2'), {
      raw: 'library/nginx:1.2',
      registry: 'docker.io',
      repository: 'library/nginx',
      tag: '1.2',
    });
    assert.deepEqual(parseImage('localhost:5000/a/b'), {
      raw: 'localhost:5000/a/b',
      registry: 'localhost:5000',
      repository: 'a/b',
    });
    const full = parseImage('111122223333.dkr.ecr.eu-west-1.amazonaws.com/web:1.0@sha256:ab');
    assert.equal(full.registry, '111122223333.dkr.ecr.eu-west-1.amazonaws.com');
    assert.equal(full.tag, '1.0');
    assert.equal(full.digest, 'sha256:ab');
  });

  test('the allow-list is configurable', () => {
    const strict = makeAllowedRegistriesCheck(['registry.k8s.io']);
    const out = strict.evaluate(
      loadFixture('images', 'images-allowed-registries', 'pass', { accountId: '111122223333' }),
    );
    assert.equal(out.status, 'fail');
    assert.equal(out.failing.length, 5);
    const broad = makeAllowedRegistriesCheck(['*.dkr.ecr.*.amazonaws.com', 'public.ecr.aws']);
    const foreign = broad.evaluate(
      loadFixture('images', 'images-allowed-registries', 'fail', { accountId: '111122223333' }),
    );
    assert.deepEqual(
      foreign.failing.map((f) => f.name).sort(),
      ['addon-lookalike', 'fake', 'web', 'web'],
      "a configured list replaces the default: another account's ECR and ECR Public pass when listed",
    );
  });

  test("the default list is the cluster's account's ECR, the add-on registries and registry.k8s.io", () => {
    for (const host of ADDON_REGISTRY_HOSTS) {
      assert.deepEqual(defaultApproval(host, '111122223333'), { approved: true }, host);
      assert.deepEqual(defaultApproval(host, null), { approved: true }, `${host} needs no account to judge`);
    }
    assert.deepEqual(defaultApproval('111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn', '111122223333'), {
      approved: true,
    });
    assert.equal(defaultApproval('111122223333.dkr.ecr.eu-west-1.amazonaws.com', '444455556666').approved, false);
    assert.equal(defaultApproval('public.ecr.aws', '111122223333').approved, false);
    assert.equal(defaultApproval('602401143452.dkr.ecr.us-west-2.amazonaws.com.evil.io', null).approved, false);
  });

  test('without the cluster account, private ECR images are not judged: not assessed, naming the registries', () => {
    const out = imagesAllowedRegistries.evaluate(loadFixture('images', 'images-allowed-registries', 'pass'));
    assert.equal(out.status, 'not-assessed');
    assert.match(out.reason ?? '', /account is unknown.*111122223333\.dkr\.ecr\.eu-west-1\.amazonaws\.com/);
    assert.doesNotMatch(out.reason ?? '', /602401143452/, 'add-on registries are judged without the account');
    const failing = imagesAllowedRegistries.evaluate(loadFixture('images', 'images-allowed-registries', 'fail'));
    assert.equal(failing.status, 'fail', 'a definite failure still fails');
    assert.ok(!failing.failing.some((f) => f.name === 'foreign-ecr'));
    assert.match(failing.reason ?? '', /999988887777/);
  });

  test('every images check carries the images family and id prefix', () => {
    for (const c of imageChecks) {
      assert.equal(c.family, 'images');
      assert.match(c.id, /^images-/);
    }
  });
});
