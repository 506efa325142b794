import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { networkChecks } from '../../../functions/checks/network/index.js';
import { networkAlbInboundCidrs } from '../../../functions/checks/network/network-alb-inbound-cidrs.js';
import { networkCniNetworkPolicySupport } from '../../../functions/checks/network/network-cni-network-policy-support.js';
import { networkDefaultDeny } from '../../../functions/checks/network/network-default-deny.js';
import { networkIngressTls } from '../../../functions/checks/network/network-ingress-tls.js';
import { networkLbSourceRanges } from '../../../functions/checks/network/network-lb-source-ranges.js';
import { networkLoadBalancerTls } from '../../../functions/checks/network/network-load-balancer-tls.js';
import { networkNamespaceNetworkPolicy } from '../../../functions/checks/network/network-namespace-network-policy.js';
import { networkNodePortServices } from '../../../functions/checks/network/network-nodeport-services.js';
import { normalizeObject } from '../../../functions/kube/normalize.js';
import { fixtureTests, loadFixture, snapshotFromYaml } from '../kube-checks-support.js';

describe('network fixtures', () => {
  fixtureTests('network', {
    check: networkCniNetworkPolicySupport,
    failing: ['DaemonSet kube-system/aws-node'],
    messageIncludes: ['--enable-network-policy=false', 'enable-network-policy-controller is "false"'],
  });
  fixtureTests('network', {
    check: networkNamespaceNetworkPolicy,
    failing: ['Namespace team-b'],
    messageIncludes: ['no NetworkPolicy'],
  });
  fixtureTests('network', {
    check: networkDefaultDeny,
    failing: ['Namespace team-a', 'Namespace team-b'],
    messageIncludes: ['for egress', 'for ingress and egress'],
  });
  fixtureTests('network', {
    check: networkLbSourceRanges,
    failing: ['Service team-a/legacy-elb', 'Service team-a/public-nlb'],
    messageIncludes: ['no loadBalancerSourceRanges', 'loadBalancerSourceRanges 0.0.0.0/0'],
  });
  fixtureTests('network', {
    check: networkAlbInboundCidrs,
    failing: ['Ingress team-a/admin'],
    messageIncludes: ['no inbound-cidrs'],
  });
  fixtureTests('network', {
    check: networkNodePortServices,
    failing: ['Service team-a/debug'],
    messageIncludes: ['30080'],
  });
  fixtureTests('network', {
    check: networkIngressTls,
    failing: ['Ingress team-a/shop', 'Ingress team-a/plain-alb'],
    messageIncludes: ['spec.tls is not set', 'no HTTPS listen-ports'],
  });
  fixtureTests('network', {
    check: networkLoadBalancerTls,
    failing: ['Service team-a/https-no-cert', 'Ingress team-a/plain-alb'],
    messageIncludes: ['exposes port 443 without annotation service.beta.kubernetes.io/aws-load-balancer-ssl-cert'],
  });
});

describe('network behaviour', () => {
  test('the pass reason names the evidence of network policy enforcement', () => {
    const out = networkCniNetworkPolicySupport.evaluate(
      loadFixture('network', 'network-cni-network-policy-support', 'pass'),
    );
    assert.match(out.reason ?? '', /--enable-network-policy=true/);
    assert.match(out.reason ?? '', /enable-network-policy-controller is "true"/);
  });

  test('Calico or Cilium alone is enough', () => {
    const calico = snapshotFromYaml(`
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: calico-node, namespace: calico-system }
spec: { template: { spec: { containers: [{ name: calico-node, image: quay.io/calico/node:v3.28.0 }] } } }
`);
    assert.equal(networkCniNetworkPolicySupport.evaluate(calico).status, 'pass');
    const cilium = snapshotFromYaml(`
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: ciliumnetworkpolicies.cilium.io }
`);
    assert.equal(networkCniNetworkPolicySupport.evaluate(cilium).status, 'pass');
  });

  test('normalizeObject keeps only the allow-listed amazon-vpc-cni settings and no other ConfigMap value', () => {
    const cni = normalizeObject(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'amazon-vpc-cni', namespace: 'kube-system' },
        data: { 'enable-network-policy-controller': 'true', 'some-other-key': 'hunter2' },
      },
      'test',
    );
    assert.deepEqual(cni.settings, { 'enable-network-policy-controller': 'true' });
    assert.equal(cni.data, undefined);
    assert.ok(!JSON.stringify(cni).includes('hunter2'));
    const elsewhere = normalizeObject(
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'amazon-vpc-cni', namespace: 'team-a' },
        data: { 'enable-network-policy-controller': 'true' },
      },
      'test',
    );
    assert.equal(elsewhere.settings, undefined);
  });

  test('no load balancers or ingresses: the exposure checks are not-applicable', () => {
    const empty = snapshotFromYaml('');
    for (const c of [networkLbSourceRanges, networkAlbInboundCidrs, networkIngressTls, networkLoadBalancerTls]) {
      assert.equal(c.evaluate(empty).status, 'not-applicable', c.id);
    }
  });

  test('every network check carries the network family and id prefix', () => {
    for (const c of networkChecks) {
      assert.equal(c.family, 'network');
      assert.match(c.id, /^network-/);
    }
  });
});
