import { at, kubeletCheck, showSetting, WHERE_TO_SET } from './shared.js';

export const kubeletAuthorizationWebhook = kubeletCheck(
  {
    id: 'kubelet-authorization-webhook',
    title: 'The kubelet authorizes requests through the API server (not AlwaysAllow)',
    severity: 'high',
    rationale:
      'With authorization mode AlwaysAllow every authenticated caller may use every kubelet endpoint, including exec ' +
      'and logs of every pod. Webhook mode asks the API server (SubjectAccessReview), so RBAC applies; it needs ' +
      'webhook authentication to know who is calling.',
    remediation:
      'Set `authorization.mode: Webhook` and `authentication.webhook.enabled: true` in the kubelet configuration. ' +
      WHERE_TO_SET,
    references: { kubescape: ['C-0173'] },
  },
  ['authorization.mode', 'authentication.webhook.enabled'],
  (config) => {
    const mode = at(config, 'authorization.mode');
    if (typeof mode !== 'string' || mode === 'AlwaysAllow') {
      return { message: `authorization.mode is ${showSetting(mode)}`, field: 'authorization.mode' };
    }
    const webhook = at(config, 'authentication.webhook.enabled');
    return webhook === true
      ? null
      : {
          message: `authentication.webhook.enabled is ${showSetting(webhook)}`,
          field: 'authentication.webhook.enabled',
        };
  },
);
