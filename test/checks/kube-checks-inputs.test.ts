/**
 * The Kubernetes-object families (rbac, namespaces, network, secrets, images, storage, drift): a missing inventory makes
 * each check not-assessed through the engine, and each check declares exactly the inventories listed here.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { driftChecks } from '../../functions/checks/drift/index.js';
import { imageChecks } from '../../functions/checks/images/index.js';
import { namespaceChecks } from '../../functions/checks/namespaces/index.js';
import { networkChecks } from '../../functions/checks/network/index.js';
import { rbacChecks } from '../../functions/checks/rbac/index.js';
import { ALL_CHECKS } from '../../functions/checks/registry.js';
import { secretsChecks } from '../../functions/checks/secrets/index.js';
import { storageChecks } from '../../functions/checks/storage/index.js';
import { KUBE_INVENTORIES, type KubeInventory } from '../../functions/model/snapshot.js';
import { runCheck } from '../../functions/scoring/run-check.js';
import { declaredInputs, snapshotFromYaml, snapshotMissing } from './kube-checks-support.js';

const FAMILIES = [
  ...rbacChecks,
  ...namespaceChecks,
  ...networkChecks,
  ...secretsChecks,
  ...imageChecks,
  ...storageChecks,
  ...driftChecks,
];
const WORKLOADS = ['pods', 'deployments', 'replicasets', 'statefulsets', 'daemonsets', 'jobs', 'cronjobs'];
const RBAC = ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'];
/** aws-auth is read when collected (reserved names it gives to IAM principals are judged); optional. */
const RBAC_JOIN = [...RBAC, 'aws-auth'];
const BINDINGS = ['rolebindings', 'clusterrolebindings', 'aws-auth'];
const NETWORK_POLICIES = [
  'networkpolicies',
  'ciliumnetworkpolicies',
  'ciliumclusterwidenetworkpolicies',
  'caliconetworkpolicies',
  'calicoglobalnetworkpolicies',
];
const ADMISSION = [
  'kyvernoclusterpolicies',
  'kyvernopolicies',
  'gatekeeperconstrainttemplates',
  'gatekeeperprivilegedcontainers',
  'gatekeeperhostnamespaces',
  'gatekeeperhostnetworkingports',
  'gatekeeperallowprivilegeescalation',
  'validatingadmissionpolicies',
  'validatingadmissionpolicybindings',
];

const EXPECTED_INPUTS: Record<string, string[]> = {
  'rbac-cluster-admin-bindings': BINDINGS,
  'rbac-aws-auth-system-masters': ['aws-auth'],
  'rbac-secrets-access': RBAC_JOIN,
  'rbac-wildcards': RBAC_JOIN,
  'rbac-create-pods': RBAC_JOIN,
  'rbac-default-sa-automount': ['serviceaccounts'],
  'rbac-default-sa-bindings': BINDINGS,
  'rbac-default-sa-workloads': WORKLOADS,
  'rbac-token-automount': [...WORKLOADS, 'serviceaccounts'],
  'rbac-bind-escalate-impersonate': RBAC_JOIN,
  'rbac-create-persistentvolumes': RBAC_JOIN,
  'rbac-nodes-proxy': RBAC_JOIN,
  'rbac-webhook-config-write': RBAC_JOIN,
  'rbac-serviceaccount-token-create': RBAC_JOIN,
  'namespaces-psa-baseline': ['namespaces', ...ADMISSION],
  'namespaces-psa-restricted': ['namespaces', ...ADMISSION],
  'namespaces-admission-privileged': ['namespaces', ...ADMISSION],
  'namespaces-admission-host-pid': ['namespaces', ...ADMISSION],
  'namespaces-admission-host-ipc': ['namespaces', ...ADMISSION],
  'namespaces-admission-host-network': ['namespaces', ...ADMISSION],
  'namespaces-admission-privilege-escalation': ['namespaces', ...ADMISSION],
  'namespaces-default-unused': [
    ...WORKLOADS,
    'services',
    'ingresses',
    'serviceaccounts',
    'roles',
    'rolebindings',
    'configmaps',
    'secrets',
    'persistentvolumeclaims',
  ],
  'namespaces-in-use': WORKLOADS,
  'namespaces-limitrange': ['namespaces', 'limitranges'],
  'namespaces-resourcequota': ['namespaces', 'resourcequotas'],
  'network-cni-network-policy-support': ['daemonsets', 'configmaps', 'customresourcedefinitions'],
  'network-namespace-network-policy': ['namespaces', ...NETWORK_POLICIES],
  'network-default-deny': ['namespaces', ...NETWORK_POLICIES],
  'network-lb-source-ranges': ['services'],
  'network-alb-inbound-cidrs': ['ingresses'],
  'network-nodeport-services': ['services'],
  'network-ingress-tls': ['ingresses'],
  'network-load-balancer-tls': ['services', 'ingresses'],
  'secrets-env-secret-refs': WORKLOADS,
  'secrets-env-credential-literals': WORKLOADS,
  'secrets-configmap-credentials': ['configmaps'],
  'secrets-legacy-sa-tokens': ['secrets'],
  'secrets-external-store': ['csidrivers', 'customresourcedefinitions'],
  'secrets-unused-secrets': ['secrets', ...WORKLOADS, 'serviceaccounts', 'ingresses'],
  'secrets-unused-configmaps': ['configmaps', ...WORKLOADS],
  'images-latest-tag': WORKLOADS,
  'images-digest-pinning': WORKLOADS,
  'images-allowed-registries': WORKLOADS,
  'images-deprecated-registry': WORKLOADS,
  'storage-ebs-encryption': ['storageclasses'],
  'storage-hostpath-persistentvolumes': ['persistentvolumes'],
  'drift-hand-edits': [
    'namespaces',
    'deployments',
    'statefulsets',
    'daemonsets',
    'cronjobs',
    'services',
    'ingresses',
    'networkpolicies',
    'serviceaccounts',
    ...RBAC,
    'configmaps',
    'secrets',
    'persistentvolumeclaims',
    'storageclasses',
    'limitranges',
    'resourcequotas',
    'validatingwebhookconfigurations',
    'mutatingwebhookconfigurations',
  ],
};

describe('kubernetes-object checks: inputs', () => {
  test('every check has an expected input list, and declares exactly it', () => {
    assert.deepEqual(FAMILIES.map((c) => c.id).sort(), Object.keys(EXPECTED_INPUTS).sort());
    for (const c of FAMILIES) assert.deepEqual([...declaredInputs(c)].sort(), [...EXPECTED_INPUTS[c.id]].sort(), c.id);
  });

  test('every declared inventory is one the collector knows', () => {
    const known = new Set<string>(KUBE_INVENTORIES);
    for (const c of FAMILIES) {
      for (const i of c.inputs)
        if (i.kind === 'kubernetes') assert.ok(known.has(i.inventory), `${c.id}: ${i.inventory}`);
    }
  });

  test('each missing inventory makes each check that reads it not-assessed, naming it', () => {
    for (const c of FAMILIES) {
      for (const input of c.inputs) {
        // An optional input has a fallback in the check; its absence is not a reason to skip the check.
        if (input.kind === 'aws-auth' && input.optional === true) continue;
        let snapshot = snapshotFromYaml('');
        let name: string;
        if (input.kind === 'kubernetes') {
          snapshot = snapshotMissing([input.inventory as KubeInventory]);
          name = input.inventory;
        } else {
          snapshot.kubernetes.awsAuth = { status: 'not-collected', reason: 'get configmaps: 403 Forbidden' };
          name = 'aws-auth';
        }
        const run = runCheck(c, snapshot);
        if (input.kind === 'kubernetes' && input.optional) {
          // Judged without it, saying so.
          assert.notEqual(run.result.status, 'not-assessed', `${c.id} without ${name}`);
          assert.match(run.result.reason ?? '', /not looked at: .*403 Forbidden/, `${c.id} without ${name}`);
          continue;
        }
        assert.equal(run.result.status, 'not-assessed', `${c.id} without ${name}`);
        assert.match(run.result.reason ?? '', /403 Forbidden/, `${c.id} without ${name}`);
      }
    }
  });

  test('with everything collected but empty, no check throws and none is not-assessed', () => {
    const empty = snapshotFromYaml('');
    for (const c of FAMILIES) {
      const run = runCheck(c, empty);
      assert.equal(run.error, undefined, c.id);
      assert.notEqual(run.result.status, 'not-assessed', c.id);
    }
  });

  test('all families are registered, with unique ids and severities, references and risk areas', () => {
    const ids = ALL_CHECKS.map((c) => c.id);
    for (const c of FAMILIES) assert.ok(ids.includes(c.id), `${c.id} is not in ALL_CHECKS`);
    assert.equal(new Set(ids).size, ids.length, 'duplicate check ids');
    for (const c of FAMILIES) {
      assert.ok(c.rationale.length > 40 && c.remediation.length > 40, c.id);
      for (const id of c.references.kubescape ?? []) assert.match(id, /^C-\d{4}$/, c.id);
    }
  });
});
