import { at, kubeletCheck, showSetting, WHERE_TO_SET } from './shared.js';

export const kubeletClientCaFile = kubeletCheck(
  {
    id: 'kubelet-client-ca-file',
    title: 'The kubelet authenticates clients with certificates from a known CA',
    severity: 'high',
    rationale:
      'Without a client CA the kubelet cannot verify client certificates, so the API server cannot authenticate to it ' +
      'with its kubelet client certificate and other callers are not verified either.',
    remediation: `Set \`authentication.x509.clientCAFile\` to the cluster CA bundle (on EKS /etc/kubernetes/pki/ca.crt). ${WHERE_TO_SET}`,
    references: { kubescape: ['C-0174'] },
  },
  ['authentication.x509.clientCAFile'],
  (config) => {
    const value = at(config, 'authentication.x509.clientCAFile');
    return typeof value === 'string' && value.trim() !== ''
      ? null
      : {
          message: `authentication.x509.clientCAFile is ${showSetting(value)}`,
          field: 'authentication.x509.clientCAFile',
        };
  },
);
