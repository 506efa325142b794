import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { storageChecks } from '../../../functions/checks/storage/index.js';
import { storageEbsEncryption } from '../../../functions/checks/storage/storage-ebs-encryption.js';
import { storageHostPathPersistentVolumes } from '../../../functions/checks/storage/storage-hostpath-persistentvolumes.js';
import { fixtureTests, snapshotFromYaml } from '../kube-checks-support.js';

describe('storage fixtures', () => {
  fixtureTests('storage', {
    check: storageEbsEncryption,
    failing: ['StorageClass gp2', 'StorageClass gp3'],
    messageIncludes: ['parameters.encrypted is not set', 'parameters.encrypted is "false"'],
  });
  fixtureTests('storage', {
    check: storageHostPathPersistentVolumes,
    failing: ['PersistentVolume node-logs'],
    messageIncludes: ['spec.hostPath.path is /var/log'],
  });
});

describe('storage behaviour', () => {
  test('no EBS StorageClasses or PersistentVolumes: not-applicable', () => {
    const empty = snapshotFromYaml('');
    for (const c of storageChecks) assert.equal(c.evaluate(empty).status, 'not-applicable', c.id);
  });
});
