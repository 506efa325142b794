import { defineRoleGrantCheck, grantedOn } from './model.js';

const GROUP = 'admissionregistration.k8s.io';

/** CIS EKS 4.1.11. An admission webhook sees (and can rewrite) every object sent to the API. */
export const rbacWebhookConfigWrite = defineRoleGrantCheck(
  {
    id: 'rbac-webhook-config-write',
    title: 'Write access to admission webhook configurations is limited',
    severity: 'high',
    rationale:
      'Whoever can create or change a validating or mutating webhook configuration can read every object sent to the ' +
      'API (Secrets included), inject sidecars or privileges through mutation, or switch off admission controls.',
    remediation:
      'Remove create/update/patch/delete on validatingwebhookconfigurations, mutatingwebhookconfigurations and ' +
      'validatingadmissionpolicies(/bindings) from roles held by people; leave it to the operators that own them.',
    references: { kubescape: ['C-0281'] },
  },
  (rule) =>
    grantedOn(
      rule,
      [
        { group: GROUP, resource: 'validatingwebhookconfigurations' },
        { group: GROUP, resource: 'mutatingwebhookconfigurations' },
        { group: GROUP, resource: 'validatingadmissionpolicies' },
        { group: GROUP, resource: 'validatingadmissionpolicybindings' },
      ],
      ['create', 'update', 'patch', 'delete'],
    ),
);
