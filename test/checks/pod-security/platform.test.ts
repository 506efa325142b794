/**
 * Issue 13 item 5: EKS's own add-ons need privileges by design. A workload whose namespace, name and images all match
 * an AWS-published add-on is a platform component: exempt from the pod-security requirements and listed as such.
 * A lookalike is judged like any workload.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { podAllowPrivilegeEscalation } from '../../../functions/checks/pod-security/pod-allow-privilege-escalation.js';
import { podHostIpc } from '../../../functions/checks/pod-security/pod-host-ipc.js';
import { podHostNetwork } from '../../../functions/checks/pod-security/pod-host-network.js';
import { podHostPid } from '../../../functions/checks/pod-security/pod-host-pid.js';
import { podPrivilegedContainer } from '../../../functions/checks/pod-security/pod-privileged-container.js';
import { platformComponentOf } from '../../../functions/model/platform-components.js';
import { podTemplates } from '../../../functions/model/workloads.js';
import { snapshotFromYaml } from '../kube-checks-support.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/platform/', import.meta.url));
const load = (name: string) => snapshotFromYaml(readFileSync(`${FIXTURES}${name}`, 'utf8'), name);

/** The pod-state checks CIS 4.2.1–4.2.5 map to (functions/frameworks/cis-eks-1.8.0.ts). */
const CIS_42 = [podPrivilegedContainer, podHostPid, podHostIpc, podHostNetwork, podAllowPrivilegeEscalation];

describe('EKS add-ons as AWS ships them', () => {
  test('every add-on workload of a stock kube-system is a platform component', () => {
    const templates = podTemplates(load('stock-kube-system.yaml'));
    assert.ok(templates.length >= 4);
    for (const t of templates) assert.ok(platformComponentOf(t), `${t.kind} ${t.namespace}/${t.name}`);
  });

  for (const check of CIS_42) {
    test(`${check.id}: a stock kube-system fails nothing, and its exemptions are listed`, () => {
      const out = check.evaluate(load('stock-kube-system.yaml'));
      assert.deepEqual(out.failing, []);
      assert.notEqual(out.status, 'fail');
      if (check.id !== 'pod-host-pid' && check.id !== 'pod-host-ipc') {
        const exempt = (out.platformExemptions ?? []).map((e) => `${e.kind} ${e.namespace}/${e.name} ${e.addon}`);
        assert.ok(exempt.includes('DaemonSet kube-system/kube-proxy kube-proxy'), exempt.join('\n'));
        for (const e of out.platformExemptions ?? []) {
          assert.ok(e.reason.length > 20);
          assert.match(e.images.join(' '), /\.dkr\.ecr\./);
        }
      }
    });

    test(`${check.id}: every privileged lookalike fails it`, () => {
      const out = check.evaluate(load('lookalikes.yaml'));
      assert.equal(out.status, 'fail');
      assert.deepEqual([...new Set(out.failing.map((f) => `${f.namespace}/${f.name}`))].sort(), [
        'default/kube-proxy',
        'kube-system/aws-node',
        'kube-system/ebs-csi-node',
        'kube-system/ebs-csi-node-extra',
        'kube-system/eks-pod-identity-agent',
      ]);
      assert.deepEqual(out.platformExemptions ?? [], []);
    });
  }

  test('a debug container with a foreign image makes an add-on a workload like any other', () => {
    const text = readFileSync(`${FIXTURES}stock-kube-system.yaml`, 'utf8');
    const snapshot = snapshotFromYaml(`${text}
---
apiVersion: v1
kind: Pod
metadata:
  name: kube-proxy-abcde
  namespace: kube-system
  ownerReferences: [{ apiVersion: apps/v1, kind: DaemonSet, name: kube-proxy, controller: true }]
spec:
  hostNetwork: true
  containers:
    - name: kube-proxy
      image: 602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/kube-proxy:v1.31.10-minimal-eksbuild.8
      securityContext: { privileged: true }
  ephemeralContainers:
    - name: debugger
      image: docker.io/library/busybox:1.36
      securityContext: { privileged: true }
`);
    const pods = snapshot.kubernetes.inventories.pods;
    assert.ok(pods?.status === 'collected');
    const pod = pods.items[0];
    const asTemplate = (spec: Record<string, unknown>) => ({
      kind: 'Pod',
      namespace: 'kube-system',
      name: pod.metadata.name,
      spec,
      podMetadata: pod.metadata,
      specPath: 'spec',
      object: pod,
    });
    assert.equal(platformComponentOf(asTemplate(pod.spec)), undefined);
    // The same Pod without the debug container is the add-on, through its DaemonSet owner.
    const { ephemeralContainers: _, ...plain } = pod.spec;
    assert.equal(platformComponentOf(asTemplate(plain))?.addon, 'kube-proxy');
  });
});
