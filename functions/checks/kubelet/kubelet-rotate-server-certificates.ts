import { at, kubeletCheck, showSetting, WHERE_TO_SET } from './shared.js';

/** The feature gate has defaulted to on for years; only an explicit false fails. */
export const kubeletRotateServerCertificates = kubeletCheck(
  {
    id: 'kubelet-rotate-server-certificates',
    title: 'The kubelet rotates its serving certificate',
    severity: 'medium',
    rationale:
      'With RotateKubeletServerCertificate the kubelet requests its serving certificate from the cluster CA and ' +
      'renews it, instead of keeping a long-lived self-signed one that clients cannot verify.',
    remediation:
      'Remove `featureGates.RotateKubeletServerCertificate: false` (or set it to true) and set ' +
      `\`serverTLSBootstrap: true\`. ${WHERE_TO_SET}`,
    references: { kubescape: ['C-0183'] },
  },
  ['featureGates.RotateKubeletServerCertificate'],
  (config) => {
    const value = at(config, 'featureGates.RotateKubeletServerCertificate');
    return value === undefined || value === true
      ? null
      : {
          message: `featureGates.RotateKubeletServerCertificate is ${showSetting(value)}`,
          field: 'featureGates.RotateKubeletServerCertificate',
        };
  },
);
