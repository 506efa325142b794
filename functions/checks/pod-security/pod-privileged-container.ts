import { describeContainer } from '../../model/workloads.js';
import { containerSecurityContext, definePodCheck, perContainer } from './shared.js';

export const podPrivilegedContainer = definePodCheck(
  {
    id: 'pod-privileged-container',
    title: 'Containers do not run privileged',
    severity: 'critical',
    rationale:
      'A privileged container gets every Linux capability, all host devices and no seccomp or AppArmor confinement: ' +
      'root in it is root on the node, and from the node an attacker can reach every pod scheduled there and the ' +
      "node's IAM role.",
    remediation:
      'Remove securityContext.privileged (or set it to false). Grant only the specific capabilities the process ' +
      'needs in securityContext.capabilities.add, and enforce the baseline Pod Security Standard on the namespace ' +
      '(label pod-security.kubernetes.io/enforce=baseline) so privileged pods are rejected at admission.',
    references: {
      kubescape: ['C-0057', 'C-0193'],
      polaris: ['runAsPrivileged'],
      pss: ['baseline'],
    },
  },
  perContainer((_template, ref) =>
    containerSecurityContext(ref).privileged === true
      ? {
          message: `securityContext.privileged is true in ${describeContainer(ref)}`,
          path: `${ref.path}.securityContext.privileged`,
        }
      : null,
  ),
);
