import { describeContainer } from '../../model/workloads.js';
import {
  addedCapabilities,
  containerSecurityContext,
  definePodCheck,
  isWindowsPod,
  perContainer,
  show,
} from './shared.js';

/** Capabilities with which the kernel lets a process gain privileges whatever no_new_privs says. */
const ESCALATING_CAPABILITIES = new Set(['SYS_ADMIN', 'ALL']);

export const podAllowPrivilegeEscalation = definePodCheck(
  {
    id: 'pod-allow-privilege-escalation',
    title: 'Containers set allowPrivilegeEscalation: false',
    severity: 'medium',
    rationale:
      'Unless allowPrivilegeEscalation is explicitly false the container process runs without no_new_privs, so a ' +
      'setuid binary or file capability in the image can raise a compromised process to root. Kubernetes defaults ' +
      'it to true, and always treats it as true for privileged containers and containers with CAP_SYS_ADMIN.',
    deviation:
      'Stricter than the CIS 4.2.5 audit as kube-bench runs it, which flags only an explicit true on ' +
      'spec.containers: an unset value fails here (Kubernetes defaults it to true, and the restricted Pod Security ' +
      'Standard and Kubescape C-0016 require an explicit false), and init and ephemeral containers are judged too. ' +
      'A pod-level allowPrivilegeEscalation is ignored: PodSecurityContext has no allowPrivilegeEscalation field, so ' +
      'the API server drops it and it protects nothing (Polaris privilegeEscalationAllowed accepts one).',
    remediation:
      'Set securityContext.allowPrivilegeEscalation: false on every container, init container and ephemeral ' +
      'container, remove privileged: true and CAP_SYS_ADMIN, and enforce the restricted Pod Security Standard.',
    references: {
      kubescape: ['C-0016', 'C-0197'],
      polaris: ['privilegeEscalationAllowed'],
      pss: ['restricted'],
    },
  },
  (template) =>
    isWindowsPod(template)
      ? []
      : perContainer((_t, ref) => {
          const sc = containerSecurityContext(ref);
          const where = describeContainer(ref);
          if (sc.privileged === true) {
            return {
              message: `privilege escalation is implied by securityContext.privileged: true in ${where}`,
              path: `${ref.path}.securityContext.privileged`,
            };
          }
          const escalating = addedCapabilities(ref).find((c) => ESCALATING_CAPABILITIES.has(c));
          if (escalating) {
            return {
              message: `privilege escalation is implied by capability ${escalating} in capabilities.add in ${where}`,
              path: `${ref.path}.securityContext.capabilities.add`,
            };
          }
          const ape = sc.allowPrivilegeEscalation;
          if (ape === false) return null;
          return {
            message:
              ape === undefined || ape === null
                ? `securityContext.allowPrivilegeEscalation is not set (defaults to true) in ${where}`
                : `securityContext.allowPrivilegeEscalation is ${show(ape)} in ${where}`,
            path: `${ref.path}.securityContext.allowPrivilegeEscalation`,
          };
        })(template),
);
