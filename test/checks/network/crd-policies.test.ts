/**
 * Issue 13 item 1 (network policies): the policies clusters run on EKS count for 4.3.2, the NSA and the risk areas:
 * Kubernetes NetworkPolicy, CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy, Calico NetworkPolicy and
 * GlobalNetworkPolicy.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { networkDefaultDeny } from '../../../functions/checks/network/network-default-deny.js';
import { networkNamespaceNetworkPolicy } from '../../../functions/checks/network/network-namespace-network-policy.js';
import { snapshotFromYaml } from '../kube-checks-support.js';

const NAMESPACES = ['team-a', 'team-b', 'team-c', 'team-d']
  .map((n) => `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${n} }\n---`)
  .join('\n');

const failingNames = (yaml: string, check = networkNamespaceNetworkPolicy) =>
  check
    .evaluate(snapshotFromYaml(`${NAMESPACES}\n${yaml}`))
    .failing.map((f) => `${f.name}: ${f.message}`)
    .sort();

describe('network policies beyond networking.k8s.io', () => {
  test('a CiliumNetworkPolicy or a Calico NetworkPolicy in a namespace covers it', () => {
    const yaml = `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: allow-dns, namespace: team-a }
spec:
  endpointSelector: { matchLabels: { app: web } }
  egress: [{ toPorts: [{ ports: [{ port: "53", protocol: UDP }] }] }]
---
apiVersion: crd.projectcalico.org/v1
kind: NetworkPolicy
metadata: { name: web, namespace: team-b }
spec: { selector: "app == 'web'", types: [Ingress], ingress: [{ action: Allow }] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny, namespace: team-c }
spec: { podSelector: {}, policyTypes: [Ingress] }
`;
    assert.deepEqual(
      failingNames(yaml).map((f) => f.split(':')[0]),
      ['team-d'],
    );
  });

  test('a cluster-wide policy covers the namespaces it selects, and all of them when it selects every pod', () => {
    const one = `
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: { name: team-a-only }
spec:
  endpointSelector: { matchLabels: { "k8s:io.kubernetes.pod.namespace": team-a } }
  ingress: [{ fromEndpoints: [{}] }]
`;
    assert.deepEqual(
      failingNames(one).map((f) => f.split(':')[0]),
      ['team-b', 'team-c', 'team-d'],
    );
    const all = `
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: default-deny }
spec: { selector: all(), types: [Ingress, Egress] }
`;
    assert.deepEqual(failingNames(all), []);
    assert.deepEqual(failingNames(all, networkDefaultDeny), []);
  });

  test('a cluster-wide Cilium policy selecting every endpoint with both sections is a default deny', () => {
    const yaml = `
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: { name: baseline }
spec:
  endpointSelector: {}
  ingress: [{ fromEndpoints: [{ matchLabels: { "k8s:io.kubernetes.pod.namespace": ingress } }] }]
  egress: [{ toEndpoints: [{ matchLabels: { "k8s:io.kubernetes.pod.namespace": kube-system, "k8s:k8s-app": kube-dns } }] }]
`;
    assert.deepEqual(failingNames(yaml, networkDefaultDeny), []);
  });

  test('near misses: a policy that selects some pods is not a default deny; a Cilium policy can opt out', () => {
    const yaml = `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: web, namespace: team-a }
spec:
  endpointSelector: { matchLabels: { app: web } }
  ingress: [{}]
  egress: [{}]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: audit-only, namespace: team-b }
spec:
  endpointSelector: {}
  enableDefaultDeny: { ingress: false, egress: false }
  ingress: [{}]
  egress: [{}]
---
apiVersion: crd.projectcalico.org/v1
kind: NetworkPolicy
metadata: { name: ingress-only, namespace: team-c }
spec: { selector: all(), types: [Ingress] }
`;
    assert.deepEqual(failingNames(yaml, networkDefaultDeny), [
      'team-a: no default-deny network policy for ingress and egress',
      'team-b: no default-deny network policy for ingress and egress',
      'team-c: no default-deny network policy for egress',
      'team-d: no default-deny network policy for ingress and egress',
    ]);
  });

  test('Calico NetworkPolicy is its own inventory, not a Kubernetes NetworkPolicy', () => {
    const snapshot = snapshotFromYaml(`
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: { name: p, namespace: team-a }
spec: { selector: all() }
`);
    const inv = snapshot.kubernetes.inventories;
    assert.equal(inv.networkpolicies?.status === 'collected' && inv.networkpolicies.items.length, 0);
    assert.equal(inv.caliconetworkpolicies?.status === 'collected' && inv.caliconetworkpolicies.items.length, 1);
  });
});
