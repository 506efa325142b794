import { defineRoleGrantCheck, grantedOn } from './model.js';

/** CIS EKS 4.1.10. Any verb on nodes/proxy reaches the kubelet API. */
export const rbacNodesProxy = defineRoleGrantCheck(
  {
    id: 'rbac-nodes-proxy',
    title: 'Access to the nodes/proxy subresource is limited',
    severity: 'high',
    rationale:
      'nodes/proxy forwards requests to the kubelet API of any node. Even `get` is not read-only: through a ' +
      'WebSocket upgrade it reaches the kubelet exec endpoint of every pod on the node (kubernetes #119640, #136550), ' +
      'and kubelet requests are not recorded in the API audit log.',
    remediation:
      'Remove nodes/proxy (and "*" resources in the core group) from the role. For kubelet metrics or config, grant ' +
      'the narrower nodes/metrics, nodes/stats or nodes/configz subresources instead.',
    references: { kubescape: ['C-0279'] },
  },
  (rule) => grantedOn(rule, [{ group: '', resource: 'nodes/proxy' }], ['get', 'create', 'update', 'patch', 'delete']),
);
