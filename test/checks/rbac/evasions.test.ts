/**
 * Issue 13 item 2: RBAC exemptions are by subject (and, for a platform service account, by the role the platform
 * binds it to), never by the binding's name. Each evasion below is a binding a cluster owner could create.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rbacChecks } from '../../../functions/checks/rbac/index.js';
import { rbacClusterAdminBindings } from '../../../functions/checks/rbac/rbac-cluster-admin-bindings.js';
import { rbacDefaultSaBindings } from '../../../functions/checks/rbac/rbac-default-sa-bindings.js';
import { rbacSecretsAccess } from '../../../functions/checks/rbac/rbac-secrets-access.js';
import { rbacWildcards } from '../../../functions/checks/rbac/rbac-wildcards.js';
import type { CheckDefinition } from '../../../functions/checks/types.js';
import { snapshotFromYaml } from '../kube-checks-support.js';

const binding = (kind: string, name: string, roleKind: string, role: string, subjects: string, ns?: string) => `
apiVersion: rbac.authorization.k8s.io/v1
kind: ${kind}
metadata: { name: "${name}"${ns ? `, namespace: ${ns}` : ''} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ${roleKind}, name: "${role}" }
subjects: ${subjects}
---`;

const CLUSTER_ADMIN = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: cluster-admin }
rules:
  - { apiGroups: ["*"], resources: ["*"], verbs: ["*"] }
---`;

const SECRET_READER = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: secret-reader }
rules:
  - { apiGroups: [""], resources: ["secrets"], verbs: ["get", "list"] }
---`;

/** Stock bindings as Kubernetes and EKS create them: none is reported by any rbac check. */
const STOCK = `${CLUSTER_ADMIN}
${binding('ClusterRoleBinding', 'cluster-admin', 'ClusterRole', 'cluster-admin', '[{ kind: Group, name: "system:masters" }]')}
${binding('ClusterRoleBinding', 'eks:addon-cluster-admin', 'ClusterRole', 'cluster-admin', '[{ kind: User, name: "eks:addon-manager" }]')}
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: "system:controller:namespace-controller" }
rules:
  - { apiGroups: ["*"], resources: ["*"], verbs: ["delete", "deletecollection", "get", "list"] }
---
${binding('ClusterRoleBinding', 'system:controller:namespace-controller', 'ClusterRole', 'system:controller:namespace-controller', '[{ kind: ServiceAccount, name: namespace-controller, namespace: kube-system }]')}
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: "system:kube-controller-manager" }
rules:
  - { apiGroups: [""], resources: ["secrets", "serviceaccounts"], verbs: ["create", "get", "list", "watch"] }
---
${binding('ClusterRoleBinding', 'system:kube-controller-manager', 'ClusterRole', 'system:kube-controller-manager', '[{ apiGroup: rbac.authorization.k8s.io, kind: User, name: "system:kube-controller-manager" }]')}
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: aws-node }
rules:
  - { apiGroups: [""], resources: ["pods", "nodes", "namespaces"], verbs: ["list", "watch", "get"] }
  - { apiGroups: ["crd.k8s.amazonaws.com"], resources: ["*"], verbs: ["list", "watch"] }
---
${binding('ClusterRoleBinding', 'aws-node', 'ClusterRole', 'aws-node', '[{ kind: ServiceAccount, name: aws-node, namespace: kube-system }]')}
`;

function failingOf(check: CheckDefinition, yaml: string): string[] {
  const out = check.evaluate(snapshotFromYaml(yaml));
  return out.failing.map((f) => `${f.kind} ${f.namespace ? `${f.namespace}/` : ''}${f.name}: ${f.message}`);
}

describe('rbac: stock EKS bindings', () => {
  for (const check of rbacChecks.filter((c) => c.inputs.some((i) => i.kind === 'kubernetes'))) {
    test(`${check.id} reports none of them`, () => {
      const out = check.evaluate(snapshotFromYaml(STOCK));
      assert.deepEqual(out.failing, [], `${check.id}: ${JSON.stringify(out.failing)}`);
    });
  }
});

describe('rbac evasions: a binding name exempts nothing', () => {
  for (const name of ['system:sneaky', 'eks:ops', 'aws-node', 'ebs-csi-attacher-binding', 'cluster-admin']) {
    test(`a ClusterRoleBinding named ${name} giving cluster-admin to a person is reported`, () => {
      const yaml = `${CLUSTER_ADMIN}\n${binding('ClusterRoleBinding', name, 'ClusterRole', 'cluster-admin', '[{ kind: User, name: mallory }]')}`;
      const failing = failingOf(rbacClusterAdminBindings, yaml);
      assert.equal(failing.length, 1, failing.join('\n'));
      assert.match(failing[0], /User mallory/);
    });
  }

  test('a RoleBinding named aws-node granting secrets to a group is reported by the secrets check', () => {
    const yaml = `${SECRET_READER}\n${binding('RoleBinding', 'aws-node', 'ClusterRole', 'secret-reader', '[{ kind: Group, name: devs }]', 'team-a')}`;
    assert.match(failingOf(rbacSecretsAccess, yaml).join('\n'), /Group devs via RoleBinding team-a\/aws-node/);
  });

  test('a binding named eks:* granting wildcards to an application service account is reported', () => {
    const yaml = `${CLUSTER_ADMIN}\n${binding('ClusterRoleBinding', 'eks:fake', 'ClusterRole', 'cluster-admin', '[{ kind: ServiceAccount, name: app, namespace: team-a }]')}`;
    assert.match(
      failingOf(rbacWildcards, yaml).join('\n'),
      /ServiceAccount team-a\/app via ClusterRoleBinding eks:fake/,
    );
  });

  test('a platform service account bound to a role that is not its own is reported', () => {
    const yaml = `${CLUSTER_ADMIN}\n${binding('ClusterRoleBinding', 'aws-node', 'ClusterRole', 'cluster-admin', '[{ kind: ServiceAccount, name: aws-node, namespace: kube-system }]')}`;
    assert.match(failingOf(rbacClusterAdminBindings, yaml).join('\n'), /ServiceAccount kube-system\/aws-node/);
  });

  test('a lookalike platform service account in another namespace is reported', () => {
    const yaml = `${SECRET_READER}\n${binding('ClusterRoleBinding', 'aws-node', 'ClusterRole', 'secret-reader', '[{ kind: ServiceAccount, name: aws-node, namespace: team-a }]')}`;
    assert.match(failingOf(rbacSecretsAccess, yaml).join('\n'), /ServiceAccount team-a\/aws-node/);
  });
});

describe('rbac: a User named system:serviceaccount:NS:NAME is that service account', () => {
  test('it is reported as the service account, not exempted as a system: user', () => {
    const yaml = `${CLUSTER_ADMIN}\n${binding('ClusterRoleBinding', 'ci', 'ClusterRole', 'cluster-admin', '[{ kind: User, name: "system:serviceaccount:kube-system:ci-bot" }]')}`;
    const failing = failingOf(rbacClusterAdminBindings, yaml);
    assert.equal(failing.length, 1, failing.join('\n'));
    assert.match(failing[0], /ServiceAccount kube-system\/ci-bot/);
  });

  test('the default service account named as a User is a default service account binding', () => {
    const yaml = `${SECRET_READER}\n${binding('RoleBinding', 'view', 'ClusterRole', 'secret-reader', '[{ kind: User, name: "system:serviceaccount:team-a:default" }]', 'team-a')}`;
    assert.match(failingOf(rbacDefaultSaBindings, yaml).join('\n'), /ServiceAccount team-a\/default/);
  });

  test('the platform service account named as a User keeps its exemption for its own role only', () => {
    const own = `${STOCK}\n${binding('ClusterRoleBinding', 'cni', 'ClusterRole', 'aws-node', '[{ kind: User, name: "system:serviceaccount:kube-system:aws-node" }]')}`;
    assert.deepEqual(failingOf(rbacWildcards, own), []);
    const foreign = `${CLUSTER_ADMIN}\n${binding('ClusterRoleBinding', 'cni', 'ClusterRole', 'cluster-admin', '[{ kind: User, name: "system:serviceaccount:kube-system:aws-node" }]')}`;
    assert.match(failingOf(rbacClusterAdminBindings, foreign).join('\n'), /ServiceAccount kube-system\/aws-node/);
  });
});

describe('rbac: reserved names mapped to IAM principals in aws-auth are not the platform', () => {
  test('a User eks:* that aws-auth gives to an IAM role is judged', () => {
    const yaml = `${CLUSTER_ADMIN}
${binding('ClusterRoleBinding', 'ops', 'ClusterRole', 'cluster-admin', '[{ kind: User, name: "eks:ops" }, { kind: Group, name: "system:platform-team" }]')}
apiVersion: v1
kind: ConfigMap
metadata: { name: aws-auth, namespace: kube-system }
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/ops
      username: "eks:ops"
      groups: ["system:platform-team"]
    - rolearn: arn:aws:iam::111122223333:role/node
      username: "system:node:{{EC2PrivateDNSName}}"
      groups: ["system:bootstrappers", "system:nodes"]
`;
    const failing = failingOf(rbacClusterAdminBindings, yaml);
    assert.equal(failing.length, 1, failing.join('\n'));
    assert.match(failing[0], /User eks:ops, Group system:platform-team/);
  });
});

describe('rbac: aws-auth that could not be read', () => {
  test('the checks still run; reserved names are then taken as the platform', async () => {
    const { runCheck } = await import('../../../functions/scoring/run-check.js');
    const snapshot = snapshotFromYaml(STOCK);
    snapshot.kubernetes.awsAuth = { status: 'not-collected', reason: 'get configmaps: 403 Forbidden' };
    const run = runCheck(rbacClusterAdminBindings, snapshot);
    assert.equal(run.result.status, 'pass');
  });
});
