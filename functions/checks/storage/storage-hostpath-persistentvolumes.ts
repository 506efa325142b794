import { isRecord, itemsOf, kubeInputs } from '../../model/namespace-scope.js';
import { show, showWhole } from '../../model/untrusted.js';
import { outcome, seen } from '../outcome.js';
import type { CheckDefinition, Finding } from '../types.js';

/** Risk area 10: PersistentVolumes backed by a directory on the node. */
/** PersistentVolume sources other than hostPath, to say what a volume uses instead. */
const VOLUME_SOURCES = new Set([
  'csi',
  'awsElasticBlockStore',
  'nfs',
  'local',
  'iscsi',
  'fc',
  'cephfs',
  'rbd',
  'glusterfs',
  'flexVolume',
]);

export const storageHostPathPersistentVolumes: CheckDefinition = {
  id: 'storage-hostpath-persistentvolumes',
  title: 'No PersistentVolumes use hostPath',
  severity: 'high',
  family: 'storage',
  rationale:
    "A hostPath PersistentVolume gives any pod that claims it the node's filesystem at that path, sidestepping pod " +
    'security checks on hostPath volumes; the data is also lost with the node.',
  remediation:
    'Replace it with a CSI-provisioned volume (EBS, EFS) through a StorageClass and a PersistentVolumeClaim, then ' +
    'delete the PersistentVolume: `kubectl delete pv NAME`.',
  references: {},
  inputs: kubeInputs('persistentvolumes'),
  evaluate(snapshot) {
    const volumes = itemsOf(snapshot, 'persistentvolumes');
    const failing: Finding[] = [];
    for (const pv of volumes) {
      const hp = isRecord(pv.spec) && isRecord(pv.spec.hostPath) ? pv.spec.hostPath : undefined;
      if (!hp) continue;
      failing.push({
        kind: 'PersistentVolume',
        namespace: null,
        name: pv.metadata.name,
        message: `spec.hostPath.path is ${show(hp.path)}`,
        path: 'spec.hostPath',
      });
    }
    return outcome({
      evaluated: volumes.map((pv) => {
        const spec = isRecord(pv.spec) ? pv.spec : {};
        const hp = isRecord(spec.hostPath) ? spec.hostPath : undefined;
        const kind = Object.keys(spec).find((k) => VOLUME_SOURCES.has(k));
        const driver = kind === 'csi' && isRecord(spec.csi) ? ` (driver ${showWhole(spec.csi.driver)})` : '';
        const source = hp
          ? `spec.hostPath.path ${showWhole(hp.path)}`
          : `no spec.hostPath; volume source ${kind ?? 'not recognised'}${driver}`;
        return seen(pv, source);
      }),
      failing,
      ifNoneEvaluated: 'no PersistentVolumes',
    });
  },
};
