import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compactControlledWorkload } from '../../functions/kube/normalize.js';
import { keptReferences, podSpecReferences } from '../../functions/model/pod-references.js';
import type { KubeObject } from '../../functions/model/snapshot.js';

const spec = {
  imagePullSecrets: [{ name: 'pull' }, { name: '' }],
  volumes: [
    { name: 'a', secret: { secretName: 'mounted' } },
    { name: 'b', configMap: { name: 'settings' } },
    {
      name: 'c',
      projected: { sources: [{ secret: { name: 'projected' } }, { configMap: { name: 'kube-root-ca.crt' } }] },
    },
    { name: 'd', csi: { driver: 'x', nodePublishSecretRef: { name: 'csi' } } },
    { name: 'e', emptyDir: {} },
  ],
  initContainers: [{ name: 'i', envFrom: [{ configMapRef: { name: 'init-env' } }] }],
  containers: [{ name: 'c', env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'mounted', key: 'p' } } }] }],
  ephemeralContainers: [
    { name: 'dbg', env: [{ name: 'F', valueFrom: { configMapKeyRef: { name: 'flags', key: 'f' } } }] },
  ],
};

test('every place a pod spec names a Secret or a ConfigMap, each name once', () => {
  assert.deepEqual(podSpecReferences(spec), {
    secrets: ['csi', 'mounted', 'projected', 'pull'],
    configMaps: ['flags', 'init-env', 'kube-root-ca.crt', 'settings'],
  });
  assert.deepEqual(podSpecReferences({ containers: [{ name: 'c', image: 'i' }] }), { secrets: [], configMaps: [] });
  assert.deepEqual(podSpecReferences('not a spec'), { secrets: [], configMaps: [] });
});

test('a compact Pod keeps what its dropped spec named, and nothing when it named nothing', () => {
  const pod = (podSpec: object): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'team-a' },
    spec: podSpec,
  });
  const compact = compactControlledWorkload(pod(spec));
  assert.equal(compact.spec.volumes, undefined);
  assert.deepEqual(keptReferences(compact), podSpecReferences(spec));
  assert.equal('podSpecReferences' in compactControlledWorkload(pod({ containers: [{ name: 'c' }] })), false);
});

test('kept references from an untrusted snapshot file are read defensively', () => {
  assert.equal(keptReferences({}), undefined);
  assert.equal(keptReferences({ podSpecReferences: 'x' }), undefined);
  assert.deepEqual(keptReferences({ podSpecReferences: { secrets: ['s', 5, ''], configMaps: null } }), {
    secrets: ['s'],
    configMaps: [],
  });
});
