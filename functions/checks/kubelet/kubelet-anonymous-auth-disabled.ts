import { at, kubeletCheck, showSetting, WHERE_TO_SET } from './shared.js';

export const kubeletAnonymousAuthDisabled = kubeletCheck(
  {
    id: 'kubelet-anonymous-auth-disabled',
    title: 'The kubelet rejects anonymous requests',
    severity: 'high',
    rationale:
      'With anonymous authentication on, requests to the kubelet API (port 10250) without credentials are served as ' +
      'system:anonymous; combined with a permissive authorizer that means exec into any pod on the node.',
    remediation: `Set \`authentication.anonymous.enabled: false\` in the kubelet configuration. ${WHERE_TO_SET}`,
    references: { kubescape: ['C-0172'] },
  },
  ['authentication.anonymous.enabled'],
  (config) => {
    const value = at(config, 'authentication.anonymous.enabled');
    return value === false
      ? null
      : {
          message: `authentication.anonymous.enabled is ${showSetting(value)}`,
          field: 'authentication.anonymous.enabled',
        };
  },
);
