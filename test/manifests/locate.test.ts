import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { artifactLocation, manifestLocator, SRCROOT } from '../../functions/manifests/locate.js';
import { ManifestSources } from '../../functions/manifests/sources.js';

const CWD = '/repo';

describe('artifactLocation', () => {
  test('a path under the working directory is relative, with forward slashes, against %SRCROOT%', () => {
    assert.deepEqual(artifactLocation('k8s/apps/web.yaml', CWD), { file: 'k8s/apps/web.yaml', uriBaseId: SRCROOT });
    assert.deepEqual(artifactLocation('./k8s//web.yaml', CWD), { file: 'k8s/web.yaml', uriBaseId: SRCROOT });
    assert.deepEqual(artifactLocation(join(CWD, 'k8s', 'web.yaml'), CWD), { file: 'k8s/web.yaml', uriBaseId: SRCROOT });
    assert.equal(SRCROOT, '%SRCROOT%');
  });

  test('characters that would end a URI path are percent-encoded, ordinary ones are not', () => {
    assert.deepEqual(artifactLocation('k8s/my app#1/a%b?.yaml', CWD), {
      file: 'k8s/my%20app%231/a%25b%3F.yaml',
      uriBaseId: SRCROOT,
    });
    assert.equal(artifactLocation('k8s/a-b_c~d.e(f)@g+h.yaml', CWD).file, 'k8s/a-b_c~d.e(f)@g+h.yaml');
    assert.equal(artifactLocation('k8s/é.yaml', CWD).file, 'k8s/%C3%A9.yaml');
  });

  test('a path outside the working directory becomes an absolute file URI, without a base', () => {
    assert.deepEqual(artifactLocation('../shared/base.yaml', CWD), { file: 'file:///shared/base.yaml' });
    assert.deepEqual(artifactLocation('/etc/k8s/x.yaml', CWD), { file: 'file:///etc/k8s/x.yaml' });
    // A sibling whose name starts with the working directory's is outside it too.
    assert.deepEqual(artifactLocation('/repo-other/x.yaml', CWD), { file: 'file:///repo-other/x.yaml' });
  });

  test('a file whose name starts with two dots is still inside', () => {
    assert.deepEqual(artifactLocation('..hidden.yaml', CWD), { file: '..hidden.yaml', uriBaseId: SRCROOT });
  });
});

describe('manifestLocator', () => {
  const sources = new ManifestSources();
  sources.record({ kind: 'Deployment', namespace: 'shop', name: 'web' }, { file: 'k8s/web.yaml', line: 7 });
  sources.record({ kind: 'Namespace', namespace: null, name: 'shop' }, { file: 'k8s/ns.yaml', line: 1 });
  sources.record({ kind: 'Pod', namespace: null, name: 'piped' }, { file: '-', line: 3 });
  const locate = manifestLocator(sources, CWD);

  test('an object read from a file → its relative path and line', () => {
    assert.deepEqual(locate({ kind: 'Deployment', namespace: 'shop', name: 'web' }), {
      file: 'k8s/web.yaml',
      uriBaseId: SRCROOT,
      line: 7,
    });
    assert.deepEqual(locate({ kind: 'Namespace', namespace: null, name: 'shop' }), {
      file: 'k8s/ns.yaml',
      uriBaseId: SRCROOT,
      line: 1,
    });
  });

  test('kind, namespace and name must all match', () => {
    assert.equal(locate({ kind: 'Service', namespace: 'shop', name: 'web' }), undefined);
    assert.equal(locate({ kind: 'Deployment', namespace: 'other', name: 'web' }), undefined);
    assert.equal(locate({ kind: 'EKSCluster', namespace: null, name: 'prod' }), undefined);
  });

  test('objects from standard input have no file to point at', () => {
    assert.equal(sources.find({ kind: 'Pod', namespace: null, name: 'piped' })?.file, '-');
    assert.equal(locate({ kind: 'Pod', namespace: null, name: 'piped' }), undefined);
  });
});
