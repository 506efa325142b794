/** CIS EKS 3.2.x kubelet checks against sampled configz output. */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kubeletChecks } from '../../../functions/checks/kubelet/index.js';
import type { CheckOutcome } from '../../../functions/checks/types.js';
import { cisRequirementIdsOf } from '../../../functions/frameworks/index.js';
import { snapshotFromObjects } from '../../../functions/model/build-snapshot.js';
import type { KubeletConfigSample, KubeObject, Snapshot } from '../../../functions/model/snapshot.js';
import { runCheck } from '../../../functions/scoring/run-check.js';

/** The effective kubelet configuration of an EKS-optimized AL2023 node, trimmed. */
function goodConfig(): Record<string, unknown> {
  return {
    authentication: {
      anonymous: { enabled: false },
      webhook: { enabled: true, cacheTTL: '2m0s' },
      x509: { clientCAFile: '/etc/kubernetes/pki/ca.crt' },
    },
    authorization: { mode: 'Webhook', webhook: { cacheAuthorizedTTL: '5m0s' } },
    streamingConnectionIdleTimeout: '4h0m0s',
    makeIPTablesUtilChains: true,
    eventRecordQPS: 50,
    featureGates: { RotateKubeletServerCertificate: true },
    serverTLSBootstrap: true,
    rotateCertificates: true,
  };
}

function node(name: string, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels },
    status: { nodeInfo: { kubeletVersion: 'v1.31.4' } },
  };
}

function snapshot(samples: KubeletConfigSample[], nodes: KubeObject[] = samples.map((s) => node(s.node))): Snapshot {
  return snapshotFromObjects({
    cluster: { name: 'c', arn: null, region: null, accountId: null, kubernetesVersion: '1.31', source: 'demo' },
    objects: nodes,
    kubernetes: { kubeletConfigs: { status: 'collected', items: samples } },
  }).snapshot;
}

const sample = (config: Record<string, unknown>, name = 'ip-10-0-1-1'): KubeletConfigSample => ({
  node: name,
  group: 'nodegroup/general',
  config,
});

function mutate(edit: (c: Record<string, unknown>) => void): Record<string, unknown> {
  const c = goodConfig();
  edit(c);
  return c;
}

// biome-ignore lint/suspicious/noExplicitAny: editing nested untyped config in fixtures
type Cfg = Record<string, any>;

const FAILING: Record<string, { config: Record<string, unknown>; message: string; path: string }> = {
  'kubelet-anonymous-auth-disabled': {
    config: mutate((c: Cfg) => {
      c.authentication.anonymous.enabled = true;
    }),
    message: 'authentication.anonymous.enabled is true',
    path: 'kubeletconfig.authentication.anonymous.enabled',
  },
  'kubelet-authorization-webhook': {
    config: mutate((c: Cfg) => {
      c.authorization.mode = 'AlwaysAllow';
    }),
    message: 'authorization.mode is "AlwaysAllow"',
    path: 'kubeletconfig.authorization.mode',
  },
  'kubelet-client-ca-file': {
    config: mutate((c: Cfg) => {
      delete c.authentication.x509.clientCAFile;
    }),
    message: 'authentication.x509.clientCAFile is not set',
    path: 'kubeletconfig.authentication.x509.clientCAFile',
  },
  'kubelet-read-only-port-disabled': {
    config: mutate((c) => {
      c.readOnlyPort = 10255;
    }),
    message: 'readOnlyPort is 10255',
    path: 'kubeletconfig.readOnlyPort',
  },
  'kubelet-streaming-idle-timeout': {
    config: mutate((c) => {
      c.streamingConnectionIdleTimeout = '0s';
    }),
    message: 'streamingConnectionIdleTimeout is "0s"',
    path: 'kubeletconfig.streamingConnectionIdleTimeout',
  },
  'kubelet-iptables-util-chains': {
    config: mutate((c) => {
      c.makeIPTablesUtilChains = false;
    }),
    message: 'makeIPTablesUtilChains is false',
    path: 'kubeletconfig.makeIPTablesUtilChains',
  },
  'kubelet-event-record-qps': {
    config: mutate((c) => {
      c.eventRecordQPS = -1;
    }),
    message: 'eventRecordQPS is -1',
    path: 'kubeletconfig.eventRecordQPS',
  },
  'kubelet-rotate-certificates': {
    config: mutate((c) => {
      c.rotateCertificates = false;
    }),
    message: 'rotateCertificates is false',
    path: 'kubeletconfig.rotateCertificates',
  },
  'kubelet-rotate-server-certificates': {
    config: mutate((c: Cfg) => {
      c.featureGates.RotateKubeletServerCertificate = false;
    }),
    message: 'featureGates.RotateKubeletServerCertificate is false',
    path: 'kubeletconfig.featureGates.RotateKubeletServerCertificate',
  },
};

function evaluate(id: string, snap: Snapshot): CheckOutcome {
  const check = kubeletChecks.find((c) => c.id === id);
  assert.ok(check, id);
  return check.evaluate(snap);
}

describe('kubelet checks', () => {
  test('every check has a failing fixture', () => {
    assert.deepEqual(kubeletChecks.map((c) => c.id).sort(), Object.keys(FAILING).sort());
  });

  for (const [id, f] of Object.entries(FAILING)) {
    test(`${id} fails and names the node and the observed value`, () => {
      const outcome = evaluate(id, snapshot([sample(goodConfig(), 'good-node'), sample(f.config, 'bad-node')]));
      assert.equal(outcome.status, 'fail');
      assert.equal(outcome.evaluatedCount, 2);
      assert.equal(outcome.failing.length, 1);
      assert.equal(outcome.failing[0].name, 'bad-node');
      assert.equal(outcome.failing[0].kind, 'Node');
      assert.equal(outcome.failing[0].message, `${f.message} (sampled for nodegroup/general)`);
      assert.equal(outcome.failing[0].path, f.path);
    });
    test(`${id} passes on an EKS-optimized node configuration`, () => {
      const outcome = evaluate(id, snapshot([sample(goodConfig())]));
      assert.equal(outcome.status, 'pass');
      assert.equal(outcome.evaluatedCount, 1);
    });
  }
});

describe('kubelet checks: omitted zero values and node types', () => {
  test('absent readOnlyPort, eventRecordQPS and feature gate are the safe defaults', () => {
    const c = goodConfig();
    delete c.eventRecordQPS;
    delete c.featureGates;
    delete c.makeIPTablesUtilChains;
    delete c.streamingConnectionIdleTimeout;
    for (const check of kubeletChecks) assert.equal(check.evaluate(snapshot([sample(c)])).status, 'pass', check.id);
  });

  test('an absent rotateCertificates is false (a plain bool configz omits when false): 3.2.8 fails', () => {
    const c = goodConfig();
    delete c.rotateCertificates;
    const outcome = evaluate('kubelet-rotate-certificates', snapshot([sample(c)]));
    assert.equal(outcome.status, 'fail');
    assert.equal(
      outcome.failing[0].message,
      'rotateCertificates is not set, which configz shows for false (sampled for nodegroup/general)',
    );
  });

  test('webhook authorization without webhook authentication fails', () => {
    const c = mutate((x: Cfg) => {
      x.authentication.webhook.enabled = false;
    });
    const outcome = evaluate('kubelet-authorization-webhook', snapshot([sample(c)]));
    assert.equal(outcome.status, 'fail');
    assert.match(outcome.failing[0].message, /authentication\.webhook\.enabled is false/);
  });

  test('Fargate and Auto Mode nodes are skipped; only such nodes make the check not-applicable', () => {
    const bad = mutate((x: Cfg) => {
      x.authentication.anonymous.enabled = true;
    });
    const nodes = [
      node('fargate-ip-1', { 'eks.amazonaws.com/compute-type': 'fargate' }),
      node('auto-1', { 'eks.amazonaws.com/compute-type': 'auto' }),
    ];
    const onlyManaged = snapshot([sample(bad, 'auto-1')], nodes);
    const outcome = evaluate('kubelet-anonymous-auth-disabled', onlyManaged);
    assert.equal(outcome.status, 'not-applicable');
    assert.match(outcome.reason ?? '', /Fargate or EKS Auto Mode/);
    assert.equal(evaluate('kubelet-anonymous-auth-disabled', snapshot([], nodes)).status, 'not-applicable');

    const mixed = snapshot([sample(bad, 'auto-1'), sample(goodConfig(), 'ec2-1')], [...nodes, node('ec2-1')]);
    const m = evaluate('kubelet-anonymous-auth-disabled', mixed);
    assert.equal(m.status, 'pass');
    assert.equal(m.evaluatedCount, 1);
  });

  test('EC2 nodes with no sampled configuration are not-assessed', () => {
    const outcome = evaluate('kubelet-read-only-port-disabled', snapshot([], [node('ec2-1')]));
    assert.equal(outcome.status, 'not-assessed');
  });

  test('configz not collected: the engine reports not-assessed with the collector reason', () => {
    const snap = snapshot([sample(goodConfig())]);
    snap.kubernetes.kubeletConfigs = {
      status: 'not-collected',
      reason: 'GET configz: 403',
      permission: 'get nodes/proxy',
    };
    const run = runCheck(kubeletChecks[0], snap);
    assert.equal(run.result.status, 'not-assessed');
    assert.match(run.result.reason ?? '', /get nodes\/proxy/);
  });

  test('every check references its Kubescape control and the CIS framework maps it to a 3.2.x requirement', () => {
    const expected: Record<string, string> = {
      'kubelet-anonymous-auth-disabled': 'C-0172',
      'kubelet-authorization-webhook': 'C-0173',
      'kubelet-client-ca-file': 'C-0174',
      'kubelet-read-only-port-disabled': 'C-0175',
      'kubelet-streaming-idle-timeout': 'C-0176',
      'kubelet-iptables-util-chains': 'C-0178',
      'kubelet-event-record-qps': 'C-0180',
      'kubelet-rotate-certificates': 'C-0181',
      'kubelet-rotate-server-certificates': 'C-0183',
    };
    for (const check of kubeletChecks) {
      assert.deepEqual(check.references.kubescape, [expected[check.id]], check.id);
      assert.match(cisRequirementIdsOf(check.id)[0] ?? '', /^3\.2\.[1-9]$/);
    }
  });
});
