import { describeContainer } from '../../model/workloads.js';
import { definePodCheck, droppedCapabilities, isWindowsPod, perContainer } from './shared.js';

/**
 * The capabilities containerd (the runtime of every EKS AMI and Bottlerocket) grants a container by default. A drop
 * list naming all of them leaves the container none, exactly as ALL does.
 */
export const RUNTIME_DEFAULT_CAPABILITIES: readonly string[] = [
  'CHOWN',
  'DAC_OVERRIDE',
  'FSETID',
  'FOWNER',
  'MKNOD',
  'NET_RAW',
  'SETGID',
  'SETUID',
  'SETFCAP',
  'SETPCAP',
  'NET_BIND_SERVICE',
  'SYS_CHROOT',
  'KILL',
  'AUDIT_WRITE',
];

export const podCapabilitiesNotDropped = definePodCheck(
  {
    id: 'pod-capabilities-not-dropped',
    title: 'Containers drop all Linux capabilities',
    severity: 'medium',
    rationale:
      'Container runtimes grant a default set of capabilities that most applications never use. It includes ' +
      'NET_RAW, which lets a compromised container craft raw packets to spoof ARP or DNS replies and attack other ' +
      'pods on the node, plus CHOWN, DAC_OVERRIDE, SETUID and others that help an attacker after a breach. The ' +
      'restricted Pod Security Standard requires capabilities.drop to include ALL.',
    deviation:
      'Looser than the restricted Pod Security Standard, which requires the literal ALL: a drop list naming every ' +
      'capability containerd grants by default (CHOWN, DAC_OVERRIDE, FSETID, FOWNER, MKNOD, NET_RAW, SETGID, SETUID, ' +
      'SETFCAP, SETPCAP, NET_BIND_SERVICE, SYS_CHROOT, KILL, AUDIT_WRITE) leaves the container none, as ALL does, ' +
      'and passes (Polaris insecureCapabilities also accepts a drop list naming each default capability).',
    remediation:
      'Set securityContext.capabilities.drop: ["ALL"] on every container, init container and ephemeral container, ' +
      'and add back only what is needed (normally nothing, or NET_BIND_SERVICE).',
    references: { kubescape: ['C-0201'], polaris: ['insecureCapabilities'], pss: ['restricted'] },
  },
  (template) =>
    isWindowsPod(template)
      ? []
      : perContainer((_t, ref) => {
          const dropped = droppedCapabilities(ref);
          if (dropped.includes('ALL')) return null;
          if (RUNTIME_DEFAULT_CAPABILITIES.every((c) => dropped.includes(c))) return null;
          const current = dropped.length === 0 ? 'drops nothing' : `drops only ${dropped.join(', ')}`;
          return {
            message: `securityContext.capabilities.drop does not include ALL (${current}) in ${describeContainer(ref)}`,
            path: `${ref.path}.securityContext.capabilities.drop`,
          };
        })(template),
);
