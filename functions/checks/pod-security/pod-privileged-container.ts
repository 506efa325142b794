import { describeContainer } from '../../model/workloads.js';
import { addedCapabilities, containerSecurityContext, definePodCheck, perContainer } from './shared.js';

/**
 * CIS EKS 4.2.1, Kubescape C-0057. A container is privileged when securityContext.privileged is true, and privileged
 * in effect when it adds CAP_SYS_ADMIN, which lets it mount file systems, load BPF programs and leave its
 * namespaces: Kubescape's C-0057 rule counts SYS_ADMIN in capabilities.add as privileged, and so does this check.
 * ALL is judged the same way because it includes SYS_ADMIN (Kubescape matches the literal SYS_ADMIN only; this is a
 * deliberate, stricter difference). kube-bench's 4.2.1 audit reads only `privileged == true`.
 */
export const podPrivilegedContainer = definePodCheck(
  {
    id: 'pod-privileged-container',
    title: 'Containers do not run privileged',
    severity: 'critical',
    rationale:
      'A privileged container gets every Linux capability, all host devices and no seccomp or AppArmor confinement: ' +
      'root in it is root on the node, and from the node an attacker can reach every pod scheduled there and the ' +
      "node's IAM role. Adding CAP_SYS_ADMIN (or ALL, which includes it) is privileged in effect: it allows mounts, " +
      'BPF and namespace escapes, so it is judged here as Kubescape C-0057 does (stricter than kube-bench, which ' +
      'reads only securityContext.privileged).',
    remediation:
      'Remove securityContext.privileged (or set it to false) and remove SYS_ADMIN and ALL from ' +
      'securityContext.capabilities.add. Grant only the specific capabilities the process needs, and enforce the ' +
      'baseline Pod Security Standard on the namespace (label pod-security.kubernetes.io/enforce=baseline) so ' +
      'privileged pods are rejected at admission.',
    references: {
      kubescape: ['C-0057', 'C-0193'],
      polaris: ['runAsPrivileged'],
      pss: ['baseline'],
    },
  },
  perContainer((_template, ref) => {
    if (containerSecurityContext(ref).privileged === true) {
      return {
        message: `securityContext.privileged is true in ${describeContainer(ref)}`,
        path: `${ref.path}.securityContext.privileged`,
      };
    }
    const added = addedCapabilities(ref);
    const effect = added.includes('SYS_ADMIN')
      ? 'SYS_ADMIN'
      : added.includes('ALL')
        ? 'ALL, which includes SYS_ADMIN'
        : '';
    if (effect === '') return null;
    return {
      message: `securityContext.capabilities.add grants ${effect} (privileged in effect) in ${describeContainer(ref)}`,
      path: `${ref.path}.securityContext.capabilities.add`,
    };
  }),
);
