import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseImage } from '../../../functions/checks/images/image-ref.js';
import {
  imagesAllowedRegistries,
  makeAllowedRegistriesCheck,
} from '../../../functions/checks/images/images-allowed-registries.js';
import { imagesDeprecatedRegistry } from '../../../functions/checks/images/images-deprecated-registry.js';
import { imagesDigestPinning } from '../../../functions/checks/images/images-digest-pinning.js';
import { imagesLatestTag } from '../../../functions/checks/images/images-latest-tag.js';
import { imageChecks } from '../../../functions/checks/images/index.js';
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
    failing: ['Deployment team-a/web', 'Deployment team-a/web', 'Pod team-a/fake'],
    messageIncludes: ['registry docker.io', 'registry quay.io', 'registry dkr.ecr.amazonaws.com.evil.example'],
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
    const out = strict.evaluate(loadFixture('images', 'images-allowed-registries', 'pass'));
    assert.equal(out.status, 'fail');
    assert.equal(out.failing.length, 2);
  });

  test('every images check carries the images family and id prefix', () => {
    for (const c of imageChecks) {
      assert.equal(c.family, 'images');
      assert.match(c.id, /^images-/);
    }
  });
});
