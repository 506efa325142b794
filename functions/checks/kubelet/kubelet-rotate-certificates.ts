import { kubeletCheck, showSetting, WHERE_TO_SET } from './shared.js';

/**
 * CIS EKS 3.2.8 reads the `--rotate-certificates` flag and the config file: "not present or true". configz shows the
 * effective KubeletConfiguration, where `rotateCertificates` is a plain bool serialised with omitempty and defaults to
 * false: an absent key there means false, so only an explicit true passes.
 */
export const kubeletRotateCertificates = kubeletCheck(
  {
    id: 'kubelet-rotate-certificates',
    title: 'The kubelet rotates its client certificate',
    severity: 'medium',
    rationale:
      'Rotation replaces the kubelet client certificate before it expires, so a leaked certificate is useful only ' +
      'for a limited time and nodes do not lose contact with the API server at expiry. The effective configuration ' +
      '(configz) omits rotateCertificates when it is false, so an absent key is judged false.',
    deviation:
      'Stricter than kube-bench, which passes 3.2.8 when rotateCertificates is absent from the config file: in the ' +
      'effective configuration (configz) an absent key is the zero value false, so it fails here (the benchmark ' +
      'title\'s "not present" is about the command-line flag). Kubescape C-0181 reads the config file as kube-bench ' +
      'does, so an absent key passes there too.',
    remediation: `Set \`rotateCertificates: true\` in the kubelet configuration. ${WHERE_TO_SET}`,
    references: { kubescape: ['C-0181'] },
  },
  ['rotateCertificates'],
  (config) => {
    const value = config.rotateCertificates;
    if (value === true) return null;
    const message =
      value === undefined
        ? 'rotateCertificates is not set, which configz shows for false'
        : `rotateCertificates is ${showSetting(value)}`;
    return { message, field: 'rotateCertificates' };
  },
);
