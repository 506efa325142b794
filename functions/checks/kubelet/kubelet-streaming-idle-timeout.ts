import { kubeletCheck, showSetting, WHERE_TO_SET } from './shared.js';

const ZERO = new Set(['0', '0s', '0m', '0h', '0m0s', '0h0m0s']);

export const kubeletStreamingIdleTimeout = kubeletCheck(
  {
    id: 'kubelet-streaming-idle-timeout',
    title: 'Idle streaming connections to the kubelet time out',
    severity: 'low',
    rationale:
      'With a zero timeout exec, attach and port-forward sessions stay open forever, holding resources and leaving ' +
      'forgotten interactive sessions into pods.',
    remediation: `Leave \`streamingConnectionIdleTimeout\` at its default (4h0m0s) or set a shorter duration such as 5m. ${WHERE_TO_SET}`,
    references: { kubescape: ['C-0176'] },
  },
  ['streamingConnectionIdleTimeout'],
  (config) => {
    const value = config.streamingConnectionIdleTimeout;
    const zero = value === 0 || (typeof value === 'string' && ZERO.has(value.trim()));
    return zero
      ? { message: `streamingConnectionIdleTimeout is ${showSetting(value)}`, field: 'streamingConnectionIdleTimeout' }
      : null;
  },
);
