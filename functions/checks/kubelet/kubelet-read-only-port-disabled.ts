import { kubeletCheck, showSetting, WHERE_TO_SET } from './shared.js';

export const kubeletReadOnlyPortDisabled = kubeletCheck(
  {
    id: 'kubelet-read-only-port-disabled',
    title: 'The kubelet read-only port is disabled',
    severity: 'medium',
    rationale:
      'The read-only port (10255) serves pod specs, environment and node metrics without any authentication or ' +
      'authorization to anyone who can reach the node.',
    remediation: `Set \`readOnlyPort: 0\` in the kubelet configuration. ${WHERE_TO_SET}`,
    references: { kubescape: ['C-0175'] },
  },
  ['readOnlyPort'],
  (config) => {
    // omitempty: a disabled port (0) is simply absent from configz.
    const value = config.readOnlyPort;
    return value === undefined || value === 0
      ? null
      : { message: `readOnlyPort is ${showSetting(value)}`, field: 'readOnlyPort' };
  },
);
