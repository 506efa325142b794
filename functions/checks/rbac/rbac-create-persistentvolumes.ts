import { defineRoleGrantCheck, grantedOn } from './model.js';

/** CIS EKS 4.1.9. A PersistentVolume can point at a hostPath on the node. */
export const rbacCreatePersistentVolumes = defineRoleGrantCheck(
  {
    id: 'rbac-create-persistentvolumes',
    title: 'Access to create PersistentVolumes is limited',
    severity: 'medium',
    rationale:
      'Creating a PersistentVolume lets a subject define a hostPath volume and then mount the node filesystem through ' +
      'a claim, which sidesteps pod security checks on hostPath.',
    remediation:
      'Remove create on persistentvolumes from roles held by people; let StorageClasses and the CSI provisioner ' +
      'create volumes dynamically from PersistentVolumeClaims.',
    references: { kubescape: ['C-0278'] },
  },
  (rule) => grantedOn(rule, [{ group: '', resource: 'persistentvolumes' }], ['create']),
);
