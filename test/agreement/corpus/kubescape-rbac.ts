/**
 * Kubescape, RBAC rules: regolibrary evaluates each subject with the roles bound to it (its "subject vector") and
 * reports the subject when a bound rule matches the rule's verbs, resources and apiGroups. Cases in the shape of
 * rules/<rule>/test/{clusterrole-clusterrolebinding, clusterrole-rolebinding, role-rolebinding}, written here.
 * For C-0278, C-0279, C-0281 and C-0282 the rules were not in the index read; their cases follow the controls'
 * texts with the same verb × resource × apiGroup matching.
 */
import {
  clusterRole,
  clusterRoleBinding,
  namespace,
  type Obj,
  type RuleSpec,
  role,
  roleBinding,
  serviceAccount,
  serviceAccountSubject,
  user,
} from '../objects.js';
import type { AgreementCase } from '../types.js';

type KsCase = Omit<AgreementCase, 'peer'>;

/** The three binding shapes of the rules' test folders, each granting `rules` to one subject. */
function bound(
  shape: 'clusterrole-clusterrolebinding' | 'clusterrole-rolebinding' | 'role-rolebinding',
  rules: RuleSpec[],
): Obj[] {
  if (shape === 'clusterrole-clusterrolebinding') {
    return [clusterRole('granted', rules), clusterRoleBinding('granted', 'granted', [user('jane@example.com')])];
  }
  if (shape === 'clusterrole-rolebinding') {
    return [
      clusterRole('granted', rules),
      roleBinding('granted', { kind: 'ClusterRole', name: 'granted' }, [serviceAccountSubject('deployer')]),
    ];
  }
  return [
    role('granted', rules),
    roleBinding('granted', { kind: 'Role', name: 'granted' }, [user('jane@example.com')]),
  ];
}

interface Grants {
  control: string;
  rule: string;
  check: string;
  /** Rules the peer reports, one per binding shape (cycled), and rules it does not. */
  reported: RuleSpec[];
  notReported: { scenario: string; rules: RuleSpec[] }[];
}

const SHAPES = ['clusterrole-clusterrolebinding', 'clusterrole-rolebinding', 'role-rolebinding'] as const;

function grants(g: Grants): KsCase[] {
  const base = { control: g.control, check: g.check };
  const out: KsCase[] = g.reported.map((r, i) => {
    const shape = SHAPES[i % SHAPES.length];
    return {
      ...base,
      source: `${g.rule} (${shape})`,
      scenario: `${r.verbs.join(',')} on ${(r.resources ?? []).join(',')} (${(r.apiGroups ?? []).map((a) => a || '""').join(',')})`,
      objects: bound(shape, [r]),
      expected: 'fail' as const,
    };
  });
  for (const n of g.notReported) {
    out.push({
      ...base,
      source: `${g.rule}/raw.rego`,
      scenario: n.scenario,
      objects: bound('role-rolebinding', n.rules),
      expected: 'pass',
    });
  }
  out.push({
    ...base,
    source: `${g.rule}/raw.rego (subjects only)`,
    scenario: 'the first reported rule in a role nobody is bound to',
    objects: [clusterRole('unused', [g.reported[0]])],
    expected: 'pass',
  });
  return out;
}

const CORE = [''];

const cases: KsCase[] = [
  // C-0185 cluster-admin-role: a subject bound to ClusterRole cluster-admin by a ClusterRoleBinding.
  {
    control: 'C-0185',
    source: 'cluster-admin-role (clusterrolebinding)',
    scenario: 'a User bound to cluster-admin',
    check: 'rbac-cluster-admin-bindings',
    objects: [
      clusterRole('cluster-admin', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]),
      clusterRoleBinding('ops-admin', 'cluster-admin', [user('ops@example.com')]),
    ],
    expected: 'fail',
  },
  {
    control: 'C-0185',
    source: 'cluster-admin-role (clusterrolebinding)',
    scenario: 'a ServiceAccount bound to cluster-admin',
    check: 'rbac-cluster-admin-bindings',
    objects: [
      clusterRole('cluster-admin', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]),
      clusterRoleBinding('ci', 'cluster-admin', [serviceAccountSubject('ci-runner', 'ci')]),
    ],
    expected: 'fail',
  },
  {
    control: 'C-0185',
    source: 'cluster-admin-role/raw.rego (role name)',
    scenario: 'a User bound to the view ClusterRole',
    check: 'rbac-cluster-admin-bindings',
    objects: [
      clusterRole('view', [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]),
      clusterRoleBinding('readers', 'view', [user('ops@example.com')]),
    ],
    expected: 'pass',
  },
  {
    control: 'C-0185',
    source: 'cluster-admin-role/raw.rego (ClusterRoleBinding only)',
    scenario: 'cluster-admin granted in one namespace by a RoleBinding',
    check: 'rbac-cluster-admin-bindings',
    objects: [
      clusterRole('cluster-admin', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]),
      roleBinding('team-admin', { kind: 'ClusterRole', name: 'cluster-admin' }, [user('lead@example.com')]),
    ],
    expected: 'pass',
    difference: 'Kubescape C-0185, which reports only ClusterRoleBindings',
  },
  // C-0186 rule-can-list-get-secrets-v1
  ...grants({
    control: 'C-0186',
    rule: 'rule-can-list-get-secrets-v1',
    check: 'rbac-secrets-access',
    reported: [
      { apiGroups: CORE, resources: ['secrets'], verbs: ['list'] },
      { apiGroups: CORE, resources: ['secrets'], verbs: ['get'] },
      { apiGroups: ['*'], resources: ['*'], verbs: ['watch'] },
    ],
    notReported: [
      {
        scenario: 'create and delete on secrets only',
        rules: [{ apiGroups: CORE, resources: ['secrets'], verbs: ['create', 'delete'] }],
      },
      {
        scenario: 'get on configmaps',
        rules: [{ apiGroups: CORE, resources: ['configmaps'], verbs: ['get', 'list'] }],
      },
      {
        scenario: 'secrets named in another API group',
        rules: [{ apiGroups: ['apps'], resources: ['secrets'], verbs: ['get'] }],
      },
    ],
  }),
  // C-0187 rule-list-all-cluster-admins-v1: verbs, resources and apiGroups all wildcards.
  ...grants({
    control: 'C-0187',
    rule: 'rule-list-all-cluster-admins-v1',
    check: 'rbac-wildcards',
    reported: [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { apiGroups: CORE, resources: ['*'], verbs: ['*'] },
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'], nonResourceURLs: [] },
    ],
    notReported: [
      {
        scenario: 'explicit verbs, resources and groups',
        rules: [{ apiGroups: CORE, resources: ['pods'], verbs: ['get', 'list'] }],
      },
    ],
  }),
  {
    control: 'C-0187',
    source: 'rule-list-all-cluster-admins-v1/raw.rego (all three wildcards)',
    scenario: 'a wildcard in resources only',
    check: 'rbac-wildcards',
    objects: bound('role-rolebinding', [{ apiGroups: CORE, resources: ['*'], verbs: ['get', 'list'] }]),
    expected: 'pass',
    difference:
      'Kubescape C-0187, which reports only a rule that is a wildcard in verbs, resources and apiGroups at once',
  },
  // C-0188 rule-can-create-pod: create (or *) on pods (or *) in the core group.
  ...grants({
    control: 'C-0188',
    rule: 'rule-can-create-pod',
    check: 'rbac-create-pods',
    reported: [
      { apiGroups: CORE, resources: ['pods'], verbs: ['create'] },
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { apiGroups: CORE, resources: ['pods', 'services'], verbs: ['*'] },
    ],
    notReported: [
      { scenario: 'get and list pods', rules: [{ apiGroups: CORE, resources: ['pods'], verbs: ['get', 'list'] }] },
      {
        scenario: 'create on pods/exec only',
        rules: [{ apiGroups: CORE, resources: ['pods/exec'], verbs: ['create'] }],
      },
    ],
  }),
  {
    control: 'C-0188',
    source: 'rule-can-create-pod/raw.rego (pods only)',
    scenario: 'create on Deployments',
    check: 'rbac-create-pods',
    objects: bound('role-rolebinding', [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['create'] }]),
    expected: 'pass',
    difference: 'Kubescape C-0188, which count only create on pods',
  },
  // C-0191 rule-can-bind-escalate and rule-can-impersonate-users-groups-v1.
  ...grants({
    control: 'C-0191',
    rule: 'rule-can-bind-escalate',
    check: 'rbac-bind-escalate-impersonate',
    reported: [
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['bind'] },
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['escalate'] },
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
    ],
    notReported: [
      {
        scenario: 'get, list and create on roles',
        rules: [
          {
            apiGroups: ['rbac.authorization.k8s.io'],
            resources: ['roles', 'rolebindings'],
            verbs: ['get', 'list', 'create'],
          },
        ],
      },
    ],
  }),
  ...grants({
    control: 'C-0191',
    rule: 'rule-can-impersonate-users-groups-v1',
    check: 'rbac-bind-escalate-impersonate',
    reported: [
      { apiGroups: CORE, resources: ['users'], verbs: ['impersonate'] },
      { apiGroups: CORE, resources: ['groups'], verbs: ['impersonate'] },
      { apiGroups: CORE, resources: ['serviceaccounts'], verbs: ['impersonate'] },
    ],
    notReported: [
      {
        scenario: 'get on serviceaccounts',
        rules: [{ apiGroups: CORE, resources: ['serviceaccounts'], verbs: ['get', 'list'] }],
      },
    ],
  }),
  // C-0278, C-0279, C-0281, C-0282 (CIS 4.1.9–4.1.12).
  ...grants({
    control: 'C-0278',
    rule: 'C-0278 (create persistentvolumes)',
    check: 'rbac-create-persistentvolumes',
    reported: [
      { apiGroups: CORE, resources: ['persistentvolumes'], verbs: ['create'] },
      { apiGroups: ['*'], resources: ['persistentvolumes'], verbs: ['*'] },
    ],
    notReported: [
      {
        scenario: 'create on persistentvolumeclaims',
        rules: [{ apiGroups: CORE, resources: ['persistentvolumeclaims'], verbs: ['create'] }],
      },
      {
        scenario: 'get and list persistentvolumes',
        rules: [{ apiGroups: CORE, resources: ['persistentvolumes'], verbs: ['get', 'list'] }],
      },
    ],
  }),
  ...grants({
    control: 'C-0279',
    rule: 'C-0279 (nodes/proxy)',
    check: 'rbac-nodes-proxy',
    reported: [
      { apiGroups: CORE, resources: ['nodes/proxy'], verbs: ['get'] },
      { apiGroups: CORE, resources: ['nodes/proxy'], verbs: ['create'] },
    ],
    notReported: [
      { scenario: 'get and list nodes', rules: [{ apiGroups: CORE, resources: ['nodes'], verbs: ['get', 'list'] }] },
    ],
  }),
  ...grants({
    control: 'C-0281',
    rule: 'C-0281 (webhook configurations)',
    check: 'rbac-webhook-config-write',
    reported: [
      {
        apiGroups: ['admissionregistration.k8s.io'],
        resources: ['validatingwebhookconfigurations'],
        verbs: ['create'],
      },
      { apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations'], verbs: ['patch'] },
      { apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations'], verbs: ['delete'] },
    ],
    notReported: [
      {
        scenario: 'get and list on webhook configurations',
        rules: [
          {
            apiGroups: ['admissionregistration.k8s.io'],
            resources: ['validatingwebhookconfigurations'],
            verbs: ['get', 'list', 'watch'],
          },
        ],
      },
    ],
  }),
  ...grants({
    control: 'C-0282',
    rule: 'C-0282 (serviceaccounts/token)',
    check: 'rbac-serviceaccount-token-create',
    reported: [{ apiGroups: CORE, resources: ['serviceaccounts/token'], verbs: ['create'] }],
    notReported: [
      {
        scenario: 'create on serviceaccounts',
        rules: [{ apiGroups: CORE, resources: ['serviceaccounts'], verbs: ['create'] }],
      },
    ],
  }),
  // C-0189 automount-default-service-account and namespace-without-service-account.
  {
    control: 'C-0189',
    source: 'automount-default-service-account',
    scenario: 'a default ServiceAccount that does not set automountServiceAccountToken',
    check: 'rbac-default-sa-automount',
    objects: [namespace('team-a'), serviceAccount('default'), serviceAccount('api')],
    expected: 'fail',
  },
  {
    control: 'C-0189',
    source: 'automount-default-service-account',
    scenario: 'a default ServiceAccount that sets it to true',
    check: 'rbac-default-sa-automount',
    objects: [
      namespace('team-a'),
      serviceAccount('default', { automountServiceAccountToken: true }),
      serviceAccount('api'),
    ],
    expected: 'fail',
  },
  {
    control: 'C-0189',
    source: 'automount-default-service-account',
    scenario: "a default ServiceAccount with false, beside the namespace's own ServiceAccount",
    check: 'rbac-default-sa-automount',
    objects: [
      namespace('team-a'),
      serviceAccount('default', { automountServiceAccountToken: false }),
      serviceAccount('api'),
    ],
    expected: 'pass',
  },
  {
    control: 'C-0189',
    source: 'namespace-without-service-account',
    scenario: 'a namespace whose only ServiceAccount is default (false)',
    check: 'rbac-default-sa-automount',
    objects: [namespace('team-a'), serviceAccount('default', { automountServiceAccountToken: false })],
    expected: 'fail',
    difference: 'does not require each namespace to have a ServiceAccount of its own',
  },
];

export const kubescapeRbacCases: AgreementCase[] = cases.map((c) => ({ ...c, peer: 'kubescape' }));
