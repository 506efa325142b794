import { describeContainer } from '../../model/workloads.js';
import { containerSecurityContext, definePodCheck, perContainer, show } from './shared.js';

export const podWritableRootFilesystem = definePodCheck(
  {
    id: 'pod-writable-root-filesystem',
    title: 'Containers use a read-only root filesystem',
    severity: 'low',
    rationale:
      "A writable root filesystem lets an attacker who gets code execution download tools, alter the application's " +
      'binaries or configuration and persist until the container restarts. A read-only root makes the image ' +
      'immutable at run time and confines writes to volumes you chose.',
    remediation:
      'Set securityContext.readOnlyRootFilesystem: true on every container, and mount emptyDir volumes at the ' +
      'paths the application must write to (for example /tmp).',
    references: { kubescape: ['C-0017'], polaris: ['notReadOnlyRootFilesystem'] },
  },
  perContainer((_template, ref) => {
    const value = containerSecurityContext(ref).readOnlyRootFilesystem;
    if (value === true) return null;
    const observed = value === undefined || value === null ? 'is not set' : `is ${show(value)}`;
    return {
      message: `securityContext.readOnlyRootFilesystem ${observed} in ${describeContainer(ref)}`,
      path: `${ref.path}.securityContext.readOnlyRootFilesystem`,
    };
  }),
);
