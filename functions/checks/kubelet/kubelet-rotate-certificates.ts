import { kubeletCheck, showSetting, WHERE_TO_SET } from './shared.js';

/** Follows the benchmark and kube-bench: only an explicit false fails. */
export const kubeletRotateCertificates = kubeletCheck(
  {
    id: 'kubelet-rotate-certificates',
    title: 'The kubelet rotates its client certificate',
    severity: 'medium',
    rationale:
      'Rotation replaces the kubelet client certificate before it expires, so a leaked certificate is useful only ' +
      'for a limited time and nodes do not lose contact with the API server at expiry.',
    remediation: `Set \`rotateCertificates: true\` in the kubelet configuration. ${WHERE_TO_SET}`,
    references: { kubescape: ['C-0181'] },
  },
  (config) => {
    const value = config.rotateCertificates;
    return value === undefined || value === true
      ? null
      : { message: `rotateCertificates is ${showSetting(value)}`, field: 'rotateCertificates' };
  },
);
