import { describeContainer } from '../../model/workloads.js';
import {
  containerSecurityContext,
  definePodCheck,
  isRecord,
  isWindowsPod,
  perContainer,
  podSecurityContext,
  show,
  type Violation,
} from './shared.js';

const CONFINING_TYPES = new Set(['RuntimeDefault', 'Localhost']);

/** The `type` of a seccompProfile value, or undefined when the profile (or its type) is absent. */
function profileType(profile: unknown): unknown {
  return isRecord(profile) ? profile.type : undefined;
}

const isSet = (v: unknown) => v !== undefined && v !== null;

export const podSeccompProfile = definePodCheck(
  {
    id: 'pod-seccomp-profile',
    title: 'Containers run with a seccomp profile',
    severity: 'medium',
    rationale:
      'Seccomp filters the system calls a container may make. Without a profile (the Kubernetes default unless ' +
      'the kubelet sets seccompDefault) or with Unconfined, a compromised process can call the whole kernel ' +
      'interface, including rarely used calls behind many container-escape vulnerabilities. The restricted Pod ' +
      'Security Standard requires RuntimeDefault or Localhost at pod or container level.',
    deviation:
      'Looser than Kubescape C-0210, which accepts only RuntimeDefault: a Localhost profile passes here, as the ' +
      'restricted Pod Security Standard allows it (a profile the operator wrote and loaded on the node).',
    remediation:
      'Set spec.securityContext.seccompProfile.type: RuntimeDefault on the pod (containers inherit it), or ' +
      'Localhost with a tested profile; remove any Unconfined profile.',
    references: { kubescape: ['C-0210'], pss: ['restricted'] },
  },
  (template) => {
    if (isWindowsPod(template)) return [];
    const out: Violation[] = [];
    const podType = profileType(podSecurityContext(template).seccompProfile);
    const podPath = `${template.specPath}.securityContext.seccompProfile.type`;
    const podBad = isSet(podType) && !CONFINING_TYPES.has(podType as string);
    // An explicit bad pod-level value is reported once, here; containers that merely inherit it are not repeated.
    if (podBad) out.push({ message: `pod securityContext.seccompProfile.type is ${show(podType)}`, path: podPath });
    const perContainerRule = perContainer((_t, ref) => {
      const ownType = profileType(containerSecurityContext(ref).seccompProfile);
      const path = `${ref.path}.securityContext.seccompProfile.type`;
      if (isSet(ownType)) {
        return CONFINING_TYPES.has(ownType as string)
          ? null
          : { message: `securityContext.seccompProfile.type is ${show(ownType)} in ${describeContainer(ref)}`, path };
      }
      if (isSet(podType)) return null;
      return {
        message: `seccompProfile.type is not set at pod or container level for ${describeContainer(ref)}`,
        path,
      };
    });
    return out.concat(perContainerRule(template));
  },
);
