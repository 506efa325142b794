import { describeContainer } from '../../model/workloads.js';
import { addedCapabilities, definePodCheck, perContainer } from './shared.js';

/**
 * Capabilities that give a container a path to the node or to other workloads: container escape (SYS_ADMIN,
 * SYS_MODULE, SYS_PTRACE, DAC_READ_SEARCH, BPF), network takeover or spoofing (NET_ADMIN, NET_RAW), or tampering
 * with the host (SYS_RAWIO, SYS_BOOT, SYS_TIME, MAC_*). ALL includes every one of them.
 */
export const DANGEROUS_CAPABILITIES: ReadonlySet<string> = new Set([
  'ALL',
  'SYS_ADMIN',
  'NET_ADMIN',
  'NET_RAW',
  'SYS_PTRACE',
  'SYS_MODULE',
  'SYS_RAWIO',
  'SYS_BOOT',
  'SYS_TIME',
  'DAC_READ_SEARCH',
  'BPF',
  'PERFMON',
  'MAC_ADMIN',
  'MAC_OVERRIDE',
  'SETPCAP',
]);

export const podInsecureCapabilities = definePodCheck(
  {
    id: 'pod-insecure-capabilities',
    title: 'Containers do not add dangerous Linux capabilities',
    severity: 'high',
    rationale:
      'Capabilities such as SYS_ADMIN, SYS_MODULE, SYS_PTRACE, DAC_READ_SEARCH or BPF each give a known route out ' +
      'of the container; NET_ADMIN and NET_RAW let it reconfigure or spoof traffic on the pod network; ALL grants ' +
      'every one of them. The baseline Pod Security Standard allows none of these to be added.',
    deviation:
      'Broader than the lists of Kubescape C-0046 (whose default list lacks SYS_TIME and DAC_READ_SEARCH) and Polaris ' +
      'dangerousCapabilities (ALL, SYS_ADMIN and NET_ADMIN only): each capability listed here gives a known route ' +
      'out of the container or onto the pod network, and the baseline Pod Security Standard allows none of them.',
    remediation:
      'Remove these entries from securityContext.capabilities.add. Add back only what the process needs (for ' +
      'example NET_BIND_SERVICE to bind ports below 1024) after capabilities.drop: ["ALL"].',
    references: { kubescape: ['C-0046'], polaris: ['dangerousCapabilities'], pss: ['baseline'] },
  },
  perContainer((_template, ref) => {
    const dangerous = [...new Set(addedCapabilities(ref).filter((c) => DANGEROUS_CAPABILITIES.has(c)))];
    if (dangerous.length === 0) return null;
    const noun = dangerous.length === 1 ? 'capability' : 'capabilities';
    return {
      message: `securityContext.capabilities.add grants ${noun} ${dangerous.join(', ')} in ${describeContainer(ref)}`,
      path: `${ref.path}.securityContext.capabilities.add`,
    };
  }),
);
