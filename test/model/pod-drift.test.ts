/** The comparison of a Pod with its controller's template (functions/model/pod-drift.ts), field by field. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compactControlledWorkload, normalizeObject } from '../../functions/kube/normalize.js';
import { judgedPodSpec, plainlySame, podDrift } from '../../functions/model/pod-drift.js';
import { SHOWN_VALUE_MAX } from '../../functions/model/untrusted.js';

// biome-ignore lint/suspicious/noExplicitAny: test data in API shape
type Spec = Record<string, any>;

const TEMPLATE: Spec = {
  serviceAccountName: 'web',
  securityContext: { runAsNonRoot: true },
  containers: [
    {
      name: 'app',
      image: 'registry.example/web:1.0',
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      resources: { requests: { cpu: '100m' }, limits: { memory: '128Mi' } },
      env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
      volumeMounts: [{ name: 'logs', mountPath: '/var/log/app' }],
    },
  ],
  volumes: [{ name: 'logs', hostPath: { path: '/var/log' } }],
};

const clone = (s: Spec): Spec => structuredClone(s);
const withPod = (change: (pod: Spec) => void): Spec => {
  const pod = clone(TEMPLATE);
  change(pod);
  return pod;
};

describe('what defaulting and admission set on every Pod is no difference', () => {
  const nearMisses: [string, (pod: Spec) => void][] = [
    ['imagePullPolicy', (p) => (p.containers[0].imagePullPolicy = 'IfNotPresent')],
    [
      'terminationMessagePath and Policy',
      (p) =>
        Object.assign(p.containers[0], {
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        }),
    ],
    ['port protocol', (p) => (p.containers[0].ports = [{ containerPort: 8080, protocol: 'TCP' }])],
    [
      'the kube-api-access projected volume and its mount',
      (p) => {
        p.volumes.push({
          name: 'kube-api-access-x1y2z',
          projected: { sources: [{ serviceAccountToken: { path: 'token' } }] },
        });
        p.containers[0].volumeMounts.push({
          name: 'kube-api-access-x1y2z',
          mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
          readOnly: true,
        });
      },
    ],
    [
      'default tolerations',
      (p) =>
        (p.tolerations = [
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        ]),
    ],
    [
      'nodeName, priority, schedulerName, enableServiceLinks',
      (p) =>
        Object.assign(p, {
          nodeName: 'ip-10-0-0-1',
          priority: 0,
          schedulerName: 'default-scheduler',
          enableServiceLinks: true,
        }),
    ],
    ['serviceAccount, the deprecated copy of serviceAccountName', (p) => (p.serviceAccount = 'web')],
    [
      'LimitRange or VPA resources on top of the template',
      (p) =>
        (p.containers[0].resources = {
          requests: { cpu: '250m', memory: '64Mi' },
          limits: { cpu: '1', memory: '256Mi' },
        }),
    ],
    [
      'extended resources (Security Groups for Pods)',
      (p) => (p.containers[0].resources.limits['vpc.amazonaws.com/pod-eni'] = '1'),
    ],
    [
      'IRSA env vars',
      (p) =>
        p.containers[0].env.push(
          { name: 'AWS_WEB_IDENTITY_TOKEN_FILE', value: '/var/run/secrets/eks.amazonaws.com/serviceaccount/token' },
          { name: 'AWS_ROLE_ARN', value: 'arn:aws:iam::111122223333:role/web' },
        ),
    ],
    [
      'EKS Pod Identity env vars',
      (p) =>
        p.containers[0].env.push({
          name: 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
          value: '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token',
        }),
    ],
    ['a literal env var that is no credential', (p) => p.containers[0].env.push({ name: 'LOG_LEVEL', value: 'debug' })],
    [
      'the image pinned to its digest by admission',
      (p) => (p.containers[0].image = `registry.example/web:1.0@sha256:${'a'.repeat(64)}`),
    ],
    ['hostNetwork: false and hostPID: false', (p) => Object.assign(p, { hostNetwork: false, hostPID: false })],
    [
      'the order of securityContext keys',
      (p) => (p.containers[0].securityContext = { capabilities: { drop: ['ALL'] }, allowPrivilegeEscalation: false }),
    ],
  ];
  for (const [what, change] of nearMisses) {
    test(what, () => assert.equal(podDrift(withPod(change), TEMPLATE), undefined));
  }

  test('an empty pod securityContext where the template has none', () => {
    const template = clone(TEMPLATE);
    delete template.securityContext;
    assert.equal(
      podDrift(
        withPod((p) => (p.securityContext = {})),
        template,
      ),
      undefined,
    );
  });

  test('serviceAccountName default on the Pod where the template leaves it unset', () => {
    const template = clone(TEMPLATE);
    delete template.serviceAccountName;
    assert.equal(
      podDrift(
        withPod((p) => (p.serviceAccountName = 'default')),
        template,
      ),
      undefined,
    );
  });

  test('hostPorts that hostNetwork defaults to their containerPort', () => {
    const template: Spec = { ...clone(TEMPLATE), hostNetwork: true };
    template.containers[0].ports = [{ containerPort: 9100 }];
    const pod = withPod((p) => {
      p.hostNetwork = true;
      p.containers[0].ports = [{ containerPort: 9100, hostPort: 9100, protocol: 'TCP' }];
    });
    assert.equal(podDrift(pod, template), undefined);
  });
});

describe('what the checks judge makes a Pod differ', () => {
  const differences: [string, (pod: Spec) => void, string][] = [
    [
      'an injected sidecar',
      (p) => p.containers.push({ name: 'proxy', image: 'mesh/proxy:1' }),
      'container proxy added',
    ],
    [
      'an injected init container',
      (p) => (p.initContainers = [{ name: 'init', image: 'mesh/proxy:1' }]),
      'init container init added',
    ],
    [
      'an ephemeral container',
      (p) => (p.ephemeralContainers = [{ name: 'dbg', image: 'busybox', targetContainerName: 'app' }]),
      'ephemeral container dbg added (targets container app)',
    ],
    [
      'the image',
      (p) => (p.containers[0].image = 'registry.example/web:2.0'),
      'container app image registry.example/web:1.0 → registry.example/web:2.0',
    ],
    [
      'a digest of another image',
      (p) => (p.containers[0].image = `registry.example/other:1.0@sha256:${'a'.repeat(64)}`),
      `container app image registry.example/web:1.0 → registry.example/other:1.0@sha256:${'a'.repeat(64)}`,
    ],
    [
      'an image reference longer than any message shows whole (hostile)',
      (p) => (p.containers[0].image = `registry.example/${'x'.repeat(SHOWN_VALUE_MAX)}:1.0`),
      `container app image registry.example/web:1.0 → registry.example/${'x'.repeat(SHOWN_VALUE_MAX - 'registry.example/'.length)}… (${'registry.example/'.length + ':1.0'.length} more characters; the whole value is in snapshot.json.gz)`,
    ],
    [
      'a hostPath volume with a long path, whole',
      (p) => p.volumes.push({ name: 'deep', hostPath: { path: `/var/lib/${'segment/'.repeat(20)}data` } }),
      `hostPath volume deep added: /var/lib/${'segment/'.repeat(20)}data`,
    ],
    [
      'the container securityContext',
      (p) => (p.containers[0].securityContext.privileged = true),
      'container app securityContext',
    ],
    [
      'a hostPort of its own',
      (p) => (p.containers[0].ports = [{ containerPort: 8080, hostPort: 8080 }]),
      'container app ports',
    ],
    ['a resource limit the Pod lacks', (p) => delete p.containers[0].resources.limits, 'container app resources'],
    [
      'a credential literal in env',
      (p) => p.containers[0].env.push({ name: 'API_TOKEN', value: 'abc' }),
      'container app env',
    ],
    [
      'another Secret in env',
      (p) => (p.containers[0].env[0].valueFrom.secretKeyRef.name = 'other'),
      'container app env',
    ],
    [
      'a Secret loaded with envFrom',
      (p) => (p.containers[0].envFrom = [{ secretRef: { name: 'all' } }]),
      'container app envFrom',
    ],
    [
      'a hostPath mounted read-only where the template mounts it read-write',
      (p) => (p.containers[0].volumeMounts[0].readOnly = true),
      'container app volumeMounts',
    ],
    [
      'a hostPath volume added',
      (p) => p.volumes.push({ name: 'sock', hostPath: { path: '/var/run/docker.sock' } }),
      'hostPath volume sock added: /var/run/docker.sock',
    ],
    ['a hostPath volume with another path', (p) => (p.volumes[0].hostPath.path = '/'), 'hostPath volume logs path: /'],
    ['hostNetwork', (p) => (p.hostNetwork = true), 'spec.hostNetwork true'],
    ['hostPID', (p) => (p.hostPID = true), 'spec.hostPID true'],
    ['hostIPC', (p) => (p.hostIPC = true), 'spec.hostIPC true'],
    ['the pod securityContext', (p) => (p.securityContext = { runAsUser: 0 }), 'pod securityContext'],
    ['the service account', (p) => (p.serviceAccountName = 'admin'), 'serviceAccountName web → admin'],
    [
      'automountServiceAccountToken',
      (p) => (p.automountServiceAccountToken = true),
      'automountServiceAccountToken true',
    ],
    ['the OS', (p) => (p.os = { name: 'windows' }), 'pod os'],
  ];
  for (const [what, change, words] of differences) {
    test(what, () => {
      assert.deepEqual(podDrift(withPod(change), TEMPLATE)?.differences, [words]);
      // The fast path for unchanged replicas never vouches for a Pod that differs.
      assert.equal(plainlySame(withPod(change), judgedPodSpec(TEMPLATE)), false);
    });
  }

  test('the fast path vouches for an unchanged replica', () => {
    assert.equal(
      plainlySame(clone(TEMPLATE), judgedPodSpec({ ...TEMPLATE, volumes: [] })),
      false,
      'hostPath: compared in full',
    );
    const plain = clone(TEMPLATE);
    delete plain.volumes;
    delete plain.containers[0].volumeMounts;
    assert.equal(
      plainlySame({ ...clone(plain), nodeName: 'n', imagePullPolicy: 'IfNotPresent' }, judgedPodSpec(plain)),
      true,
    );
  });

  test("the judged spec is the template's wherever the two agree, the Pod's where they differ", () => {
    const pod = withPod((p) => {
      p.containers.unshift({ name: 'proxy', image: 'mesh/proxy:1', imagePullPolicy: 'Always' });
      p.containers[1].imagePullPolicy = 'IfNotPresent';
      p.serviceAccountName = 'web';
    });
    const drift = podDrift(pod, TEMPLATE);
    assert.ok(drift);
    assert.deepEqual(drift.spec.containers, [
      { name: 'proxy', image: 'mesh/proxy:1' },
      (judgedPodSpec(TEMPLATE) as Spec).containers[0],
    ]);
    assert.equal(drift.spec.serviceAccountName, 'web');
  });
});

describe('the form the collector keeps', () => {
  const raw = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web-1',
      namespace: 'shop',
      ownerReferences: [{ kind: 'ReplicaSet', name: 'web-x', controller: true }],
    },
    spec: withPod((p) => {
      p.nodeName = 'ip-10-0-0-1';
      p.containers[0].env.push({ name: 'API_TOKEN', value: 'hunter2-not-kept' });
      p.containers[0].command = ['run', '--password=hunter2-not-kept'];
    }),
  };

  test('is the judged spec, the same whether compacted before or after normalising', () => {
    const before = normalizeObject(compactControlledWorkload(raw as never), 'raw');
    const after = compactControlledWorkload(normalizeObject(raw, 'raw'));
    assert.deepEqual(before.spec, after.spec);
    assert.deepEqual(before.spec, judgedPodSpec(normalizeObject(raw, 'raw').spec));
    assert.ok(!JSON.stringify(before).includes('hunter2'), 'no env literal and no command line is kept');
  });

  test('compares exactly as the whole Pod does', () => {
    const compact = normalizeObject(compactControlledWorkload(raw as never), 'raw');
    assert.deepEqual(podDrift(compact.spec, TEMPLATE), podDrift(normalizeObject(raw, 'raw').spec, TEMPLATE));
    assert.deepEqual(judgedPodSpec(compact.spec), judgedPodSpec(judgedPodSpec(compact.spec)));
  });

  test('tolerates anything', () => {
    for (const bad of [
      null,
      1,
      'x',
      [],
      { containers: 'x', volumes: [null], env: 5 },
      { containers: [null, { env: [{ toString: null }] }] },
    ]) {
      assert.doesNotThrow(() => podDrift(bad, TEMPLATE));
      assert.doesNotThrow(() => podDrift(TEMPLATE, bad));
    }
  });
});
