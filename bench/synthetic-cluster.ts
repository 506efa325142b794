/**
 * A synthetic EKS cluster for benchmarks and scale tests: raw Kubernetes objects in API shape (as a list call
 * returns them, managedFields and last-applied annotations included), deterministic from a seed.
 *
 * It is a generator so a 200,000-object cluster streams through normalisation without the raw objects being held
 * next to the compact ones. Shapes follow what real clusters contain: controllers own ReplicaSets/Jobs which own
 * pods (ownerReferences with controller: true, pod-template-hash labels), kube-system DaemonSets put one pod on every
 * node, namespaces carry RBAC, network policies, config maps, secrets (metadata only) and services, and a share
 * of workloads break pod-security rules so checks have something to find.
 */

import { normalizeObject } from '../functions/kube/normalize.js';
import { snapshotFromObjects } from '../functions/model/build-snapshot.js';
import type { KubeObject, Snapshot } from '../functions/model/snapshot.js';
import { createRng, type Rng } from './prng.js';

// biome-ignore lint/suspicious/noExplicitAny: raw API-shaped objects, as a list call returns them
export type RawObject = Record<string, any>;

export interface SyntheticClusterOptions {
  seed: number;
  /** Exact number of Pod objects to generate. */
  pods: number;
  /** Application namespaces; default one per ~200 pods (at least 2). */
  namespaces?: number;
  /** Nodes; default one per ~50 pods (at least 1). Each runs one pod of every kube-system DaemonSet. */
  nodes?: number;
  /** Share of workloads with an explicit pod-security violation (privileged, hostPID, hostPath…); default 0.1. */
  violationRate?: number;
  /** Share of workloads without any securityContext (the common unhardened case); default 0.3. */
  unhardenedRate?: number;
  clusterName?: string;
}

/** Objects per pod for the default shape (measured: 2.4–2.5); lets callers aim at a total object count. */
export const OBJECTS_PER_POD = 2.5;

/** Every timestamp is relative to this instant, so output never depends on the clock. */
const EPOCH = Date.UTC(2026, 0, 5, 9, 0, 0);
const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const K8S_VERSION = 'v1.31.4-eks-2d5f260';
const HASH_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

const APP_WORDS = [
  'api',
  'web',
  'worker',
  'cache',
  'auth',
  'billing',
  'search',
  'gateway',
  'ingest',
  'report',
  'notify',
  'orders',
  'cart',
  'catalog',
  'ledger',
  'metrics',
  'scheduler',
  'frontend',
  'backend',
  'sync',
];
const TEAM_WORDS = ['payments', 'platform', 'data', 'ml', 'web', 'mobile', 'identity', 'search', 'ops', 'analytics'];

type Violation =
  | 'privileged'
  | 'hostPID'
  | 'hostIPC'
  | 'hostNetwork'
  | 'runAsRoot'
  | 'privilegeEscalation'
  | 'sysAdmin'
  | 'dockerSocket'
  | 'noResources'
  | 'latestTag'
  | 'credentialLiteral';
const VIOLATIONS: readonly Violation[] = [
  'privileged',
  'hostPID',
  'hostIPC',
  'hostNetwork',
  'runAsRoot',
  'privilegeEscalation',
  'sysAdmin',
  'dockerSocket',
  'noResources',
  'latestTag',
  'credentialLiteral',
];

/** Everything drawn once per workload, so every pod of it has the same template. */
interface WorkloadProfile {
  app: string;
  namespace: string;
  serviceAccount: string;
  hardened: boolean;
  violations: Set<Violation>;
  images: string[];
  configMap: string;
  secret: string;
  port: number;
}

interface Budget {
  pods: number;
}

function timestamp(rng: Rng, maxAgeDays: number): string {
  return new Date(EPOCH - rng.int(60, maxAgeDays * 86_400) * 1000).toISOString();
}

function managedFields(rng: Rng, managers: string[], time: string): RawObject[] {
  return managers.map((manager) => ({
    manager,
    operation: manager === 'kubectl-client-side-apply' ? 'Update' : rng.pick(['Update', 'Apply']),
    apiVersion: 'v1',
    time,
    fieldsType: 'FieldsV1',
    fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': { 'f:replicas': {} } },
  }));
}

function meta(rng: Rng, name: string, namespace: string | undefined, extra: RawObject = {}): RawObject {
  const creationTimestamp = timestamp(rng, 400);
  const m: RawObject = {
    name,
    uid: rng.uuid(),
    resourceVersion: String(rng.int(1_000, 90_000_000)),
    creationTimestamp,
    ...extra,
  };
  if (namespace !== undefined) m.namespace = namespace;
  if (!m.managedFields) m.managedFields = managedFields(rng, ['kubectl-client-side-apply'], creationTimestamp);
  return m;
}

function ownerRef(apiVersion: string, kind: string, owner: RawObject): RawObject {
  return {
    apiVersion,
    kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

function image(rng: Rng, app: string, latest: boolean): string {
  const repo = rng.pick([
    `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${app}`,
    `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/shared/${app}`,
    `public.ecr.aws/acme/${app}`,
    `docker.io/library/${rng.pick(['nginx', 'redis', 'busybox', 'postgres'])}`,
    `quay.io/acme/${app}`,
    `k8s.gcr.io/${rng.pick(['pause', 'echoserver'])}`,
  ]);
  if (latest) return rng.chance(0.5) ? `${repo}:latest` : repo;
  if (rng.chance(0.2)) return `${repo}@sha256:${rng.chars(64, '0123456789abcdef')}`;
  return `${repo}:${rng.int(1, 4)}.${rng.int(0, 30)}.${rng.int(0, 9)}`;
}

function drawProfile(rng: Rng, namespace: string, app: string, opts: Required<GenerationRates>): WorkloadProfile {
  const violations = new Set<Violation>();
  if (rng.chance(opts.violationRate)) {
    violations.add(rng.pick(VIOLATIONS));
    if (rng.chance(0.3)) violations.add(rng.pick(VIOLATIONS));
  }
  const containers = rng.chance(0.25) ? 2 : 1;
  const images: string[] = [];
  for (let i = 0; i < containers; i++) images.push(image(rng, app, i === 0 && violations.has('latestTag')));
  return {
    app,
    namespace,
    serviceAccount: rng.chance(0.2) ? 'default' : app,
    hardened: !rng.chance(opts.unhardenedRate),
    violations,
    images,
    configMap: `${app}-config`,
    secret: `${app}-credentials`,
    port: rng.pick([8080, 8443, 3000, 9090]),
  };
}

/** A fresh pod spec for a profile; called once per template and once per pod so no object is shared. */
function podSpec(p: WorkloadProfile): RawObject {
  const v = p.violations;
  const containers = p.images.map((img, i) => {
    const c: RawObject = {
      name: i === 0 ? p.app : 'sidecar',
      image: img,
      imagePullPolicy: 'IfNotPresent',
      ports: i === 0 ? [{ name: 'http', containerPort: p.port, protocol: 'TCP' }] : undefined,
      env: [
        { name: 'LOG_LEVEL', value: 'info' },
        { name: 'APP_NAME', value: p.app },
        { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: p.secret, key: 'password' } } },
      ],
      envFrom: [{ configMapRef: { name: p.configMap } }],
      volumeMounts: [{ name: 'config', mountPath: '/etc/app', readOnly: true }],
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
    };
    if (!v.has('noResources')) {
      c.resources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } };
    }
    if (v.has('credentialLiteral') && i === 0) {
      c.env.push({ name: 'AWS_ACCESS_KEY_ID', value: 'AKIAIOSFODNN7EXAMPLE' });
    }
    const sc: RawObject = {};
    if (p.hardened) {
      sc.allowPrivilegeEscalation = false;
      sc.readOnlyRootFilesystem = true;
      sc.capabilities = { drop: ['ALL'] };
    }
    if (v.has('privileged')) sc.privileged = true;
    if (v.has('privilegeEscalation')) sc.allowPrivilegeEscalation = true;
    if (v.has('sysAdmin')) sc.capabilities = { add: ['SYS_ADMIN', 'NET_ADMIN'] };
    if (Object.keys(sc).length > 0) c.securityContext = sc;
    if (c.ports === undefined) delete c.ports;
    return c;
  });
  const spec: RawObject = {
    containers,
    volumes: [{ name: 'config', configMap: { name: p.configMap, defaultMode: 420 } }],
    serviceAccountName: p.serviceAccount,
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: 'ClusterFirst',
    schedulerName: 'default-scheduler',
  };
  if (p.hardened && !v.has('runAsRoot')) {
    spec.securityContext = {
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    };
  }
  if (v.has('runAsRoot')) spec.securityContext = { runAsUser: 0 };
  if (v.has('hostPID')) spec.hostPID = true;
  if (v.has('hostIPC')) spec.hostIPC = true;
  if (v.has('hostNetwork')) spec.hostNetwork = true;
  if (v.has('dockerSocket')) {
    spec.volumes.push({ name: 'docker', hostPath: { path: '/var/run/docker.sock', type: 'Socket' } });
    containers[0].volumeMounts.push({ name: 'docker', mountPath: '/var/run/docker.sock' });
  }
  return spec;
}

function templateLabels(p: WorkloadProfile): Record<string, string> {
  return { app: p.app, 'app.kubernetes.io/name': p.app, 'app.kubernetes.io/part-of': p.namespace };
}

function pod(
  rng: Rng,
  name: string,
  p: WorkloadProfile,
  labels: Record<string, string>,
  owner: RawObject | undefined,
  nodes: number,
  phase: 'Running' | 'Succeeded',
): RawObject {
  const spec = podSpec(p);
  spec.nodeName = nodeName(rng.int(0, nodes - 1));
  spec.volumes.push({
    name: `kube-api-access-${rng.chars(5, HASH_ALPHABET)}`,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      ],
    },
  });
  spec.tolerations = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ];
  const created = timestamp(rng, 30);
  const podIP = `10.0.${rng.int(0, 255)}.${rng.int(1, 254)}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(rng, name, p.namespace, {
      labels,
      ownerReferences: owner ? [owner] : undefined,
      creationTimestamp: created,
      managedFields: managedFields(rng, ['kube-controller-manager', 'kubelet'], created),
    }),
    spec,
    status: {
      phase,
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
        type,
        status: phase === 'Running' ? 'True' : 'False',
        lastTransitionTime: created,
      })),
      hostIP: `10.0.${rng.int(0, 255)}.${rng.int(1, 254)}`,
      podIP,
      podIPs: [{ ip: podIP }],
      startTime: created,
      qosClass: p.violations.has('noResources') ? 'BestEffort' : 'Burstable',
      containerStatuses: spec.containers.map((c: RawObject) => ({
        name: c.name,
        image: c.image,
        imageID: `${String(c.image).split(/[:@]/)[0]}@sha256:${rng.chars(64, '0123456789abcdef')}`,
        ready: phase === 'Running',
        restartCount: rng.int(0, 3),
        started: phase === 'Running',
        state: phase === 'Running' ? { running: { startedAt: created } } : { terminated: { exitCode: 0 } },
      })),
    },
  };
}

function take(budget: Budget, wanted: number): number {
  const n = Math.max(0, Math.min(wanted, budget.pods));
  budget.pods -= n;
  return n;
}

interface GenerationRates {
  violationRate?: number;
  unhardenedRate?: number;
}

interface Ctx {
  rng: Rng;
  budget: Budget;
  nodes: number;
  rates: Required<GenerationRates>;
}

function lastApplied(obj: RawObject): string {
  return JSON.stringify({ apiVersion: obj.apiVersion, kind: obj.kind, spec: obj.spec });
}

function* deployment(ctx: Ctx, p: WorkloadProfile, replicasWanted: number): Generator<RawObject> {
  const { rng } = ctx;
  const replicas = take(ctx.budget, replicasWanted);
  const labels = templateLabels(p);
  const deploy: RawObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(rng, p.app, p.namespace, {
      labels,
      annotations: { 'deployment.kubernetes.io/revision': String(rng.int(1, 12)) },
      generation: rng.int(1, 20),
    }),
    spec: {
      replicas,
      selector: { matchLabels: { app: p.app } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: { metadata: { labels }, spec: podSpec(p) },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: { replicas, readyReplicas: replicas, updatedReplicas: replicas, observedGeneration: 1 },
  };
  if (rng.chance(0.5))
    deploy.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'] = lastApplied(deploy);
  yield deploy;

  // The current ReplicaSet owns the pods; older revisions are kept scaled to zero, as Deployments do.
  const revisions = 1 + rng.int(0, 2);
  let current: RawObject | undefined;
  let currentHash = '';
  for (let r = 0; r < revisions; r++) {
    const hash = rng.chars(10, HASH_ALPHABET);
    const rsLabels = { ...labels, 'pod-template-hash': hash };
    const n = r === 0 ? replicas : 0;
    const rs: RawObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: meta(rng, `${p.app}-${hash}`, p.namespace, {
        labels: rsLabels,
        annotations: { 'deployment.kubernetes.io/revision': String(revisions - r) },
        ownerReferences: [ownerRef('apps/v1', 'Deployment', deploy)],
      }),
      spec: {
        replicas: n,
        selector: { matchLabels: { app: p.app, 'pod-template-hash': hash } },
        template: { metadata: { labels: rsLabels }, spec: podSpec(p) },
      },
      status: { replicas: n, readyReplicas: n, availableReplicas: n, fullyLabeledReplicas: n },
    };
    if (r === 0) {
      current = rs;
      currentHash = hash;
    }
    yield rs;
  }
  if (!current) return;
  const owner = ownerRef('apps/v1', 'ReplicaSet', current);
  const podLabels = { ...labels, 'pod-template-hash': currentHash };
  for (let i = 0; i < replicas; i++) {
    yield pod(
      ctx.rng,
      `${current.metadata.name}-${rng.chars(5, HASH_ALPHABET)}`,
      p,
      podLabels,
      owner,
      ctx.nodes,
      'Running',
    );
  }
}

function* statefulSet(ctx: Ctx, p: WorkloadProfile, replicasWanted: number): Generator<RawObject> {
  const { rng } = ctx;
  const replicas = take(ctx.budget, replicasWanted);
  const labels = templateLabels(p);
  const revision = `${p.app}-${rng.chars(10, HASH_ALPHABET)}`;
  const sts: RawObject = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta(rng, p.app, p.namespace, { labels }),
    spec: {
      replicas,
      serviceName: p.app,
      selector: { matchLabels: { app: p.app } },
      template: { metadata: { labels }, spec: podSpec(p) },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: {
            accessModes: ['ReadWriteOnce'],
            storageClassName: 'gp3',
            resources: { requests: { storage: '20Gi' } },
          },
        },
      ],
      updateStrategy: { type: 'RollingUpdate' },
      podManagementPolicy: 'OrderedReady',
    },
    status: { replicas, readyReplicas: replicas, currentRevision: revision, updateRevision: revision },
  };
  yield sts;
  const owner = ownerRef('apps/v1', 'StatefulSet', sts);
  for (let i = 0; i < replicas; i++) {
    const podLabels = {
      ...labels,
      'controller-revision-hash': revision,
      'statefulset.kubernetes.io/pod-name': `${p.app}-${i}`,
    };
    yield pod(rng, `${p.app}-${i}`, p, podLabels, owner, ctx.nodes, 'Running');
    yield {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta(rng, `data-${p.app}-${i}`, p.namespace, { labels: { app: p.app } }),
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: 'gp3',
        resources: { requests: { storage: '20Gi' } },
        volumeName: `pvc-${rng.uuid()}`,
      },
      status: { phase: 'Bound' },
    };
  }
}

function jobObject(rng: Rng, name: string, p: WorkloadProfile, owner: RawObject | undefined): RawObject {
  const controllerUid = rng.uuid();
  const labels = { 'batch.kubernetes.io/controller-uid': controllerUid, 'batch.kubernetes.io/job-name': name };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta(rng, name, p.namespace, {
      labels: { ...labels, app: p.app },
      ownerReferences: owner ? [owner] : undefined,
    }),
    spec: {
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': controllerUid } },
      template: { metadata: { labels: { ...labels, app: p.app } }, spec: { ...podSpec(p), restartPolicy: 'Never' } },
    },
    status: { succeeded: 1, startTime: timestamp(rng, 2), completionTime: timestamp(rng, 1) },
  };
}

function* jobWithPod(ctx: Ctx, name: string, p: WorkloadProfile, owner: RawObject | undefined): Generator<RawObject> {
  if (take(ctx.budget, 1) === 0) return;
  const job = jobObject(ctx.rng, name, p, owner);
  yield job;
  yield pod(
    ctx.rng,
    `${name}-${ctx.rng.chars(5, HASH_ALPHABET)}`,
    p,
    job.spec.template.metadata.labels,
    ownerRef('batch/v1', 'Job', job),
    ctx.nodes,
    'Succeeded',
  );
}

function* cronJob(ctx: Ctx, p: WorkloadProfile): Generator<RawObject> {
  const { rng } = ctx;
  const cron: RawObject = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: meta(rng, p.app, p.namespace, { labels: templateLabels(p) }),
    spec: {
      schedule: `${rng.int(0, 59)} ${rng.int(0, 23)} * * *`,
      concurrencyPolicy: 'Forbid',
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: {
        spec: {
          backoffLimit: 2,
          template: { metadata: { labels: templateLabels(p) }, spec: { ...podSpec(p), restartPolicy: 'OnFailure' } },
        },
      },
    },
    status: { lastScheduleTime: timestamp(rng, 1) },
  };
  yield cron;
  const owner = ownerRef('batch/v1', 'CronJob', cron);
  const runs = rng.int(1, 3);
  for (let i = 0; i < runs; i++) yield* jobWithPod(ctx, `${p.app}-${29_000_000 + rng.int(0, 999_999)}`, p, owner);
}

function service(rng: Rng, p: WorkloadProfile, headless: boolean): RawObject {
  const roll = rng.next();
  const type = headless ? 'ClusterIP' : roll < 0.03 ? 'LoadBalancer' : roll < 0.08 ? 'NodePort' : 'ClusterIP';
  const spec: RawObject = {
    type,
    selector: { app: p.app },
    ports: [
      {
        name: 'http',
        port: 80,
        targetPort: p.port,
        protocol: 'TCP',
        ...(type !== 'ClusterIP' ? { nodePort: rng.int(30000, 32767) } : {}),
      },
    ],
    clusterIP: headless ? 'None' : `172.20.${rng.int(0, 255)}.${rng.int(1, 254)}`,
    sessionAffinity: 'None',
  };
  const annotations: Record<string, string> = {};
  if (type === 'LoadBalancer') {
    annotations['service.beta.kubernetes.io/aws-load-balancer-type'] = 'nlb';
    if (rng.chance(0.5)) spec.loadBalancerSourceRanges = ['10.0.0.0/8'];
  }
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(rng, p.app, p.namespace, { labels: { app: p.app }, annotations }),
    spec,
    status:
      type === 'LoadBalancer'
        ? { loadBalancer: { ingress: [{ hostname: `${rng.chars(32, HASH_ALPHABET)}.elb.amazonaws.com` }] } }
        : {},
  };
}

/**
 * `index` 0 always has every optional object and index 1 none, so even the smallest cluster has a namespace that
 * passes and one that fails the per-namespace checks; the rest are drawn.
 */
function* namespaceSupport(rng: Rng, ns: string, index: number, apps: number): Generator<RawObject> {
  const has = (p: number) => (index === 0 ? true : index === 1 ? false : rng.chance(p));
  yield { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(rng, 'default', ns) };
  if (has(0.5)) {
    yield {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta(rng, 'app-reader', ns),
      rules: [
        { apiGroups: [''], resources: ['configmaps', 'pods', 'services'], verbs: ['get', 'list', 'watch'] },
        ...(rng.chance(0.2) ? [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }] : []),
      ],
    };
  }
  const wildcard = rng.chance(0.1);
  yield {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: meta(rng, 'deployer', ns),
    rules: wildcard
      ? [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]
      : [
          {
            apiGroups: ['apps'],
            resources: ['deployments', 'statefulsets'],
            verbs: ['get', 'list', 'patch', 'update'],
          },
        ],
  };
  yield {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: meta(rng, 'deployer', ns),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'deployer' },
    subjects: [
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: `${ns}:deployers` },
      ...(rng.chance(0.1) ? [{ kind: 'ServiceAccount', name: 'default', namespace: ns }] : []),
    ],
  };
  if (rng.chance(0.05)) {
    yield {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(rng, 'ops-admin', ns),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'ops@example.com' }],
    };
  }
  if (has(0.7)) {
    yield {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(rng, 'default-deny', ns),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    };
    yield {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(rng, 'allow-same-namespace', ns),
      spec: {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: {} }] }],
      },
    };
  }
  if (has(0.5)) {
    yield {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: meta(rng, 'defaults', ns),
      spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '512Mi' } }] },
    };
    yield {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: meta(rng, 'quota', ns),
      spec: { hard: { 'requests.cpu': `${apps * 2}`, 'requests.memory': `${apps * 4}Gi`, pods: `${apps * 20}` } },
    };
  }
  yield {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(rng, 'kube-root-ca.crt', ns),
    data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\nMIIC...\n-----END CERTIFICATE-----\n' },
  };
}

/** ConfigMap and Secret (metadata only, as the collector lists them) for one app. */
function* appConfig(rng: Rng, p: WorkloadProfile): Generator<RawObject> {
  const data: Record<string, string> = {
    LOG_FORMAT: 'json',
    FEATURE_FLAGS: 'search,checkout',
    'application.yaml': `server:\n  port: ${p.port}\n`,
  };
  if (p.violations.has('credentialLiteral')) data.DB_PASSWORD = 'hunter2';
  yield { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(rng, p.configMap, p.namespace), data };
  yield {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta(rng, p.secret, p.namespace, { labels: { app: p.app } }),
    type: 'Opaque',
  };
  if (p.serviceAccount !== 'default') {
    yield {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta(rng, p.serviceAccount, p.namespace, {
        annotations: { 'eks.amazonaws.com/role-arn': `arn:aws:iam::${ACCOUNT}:role/${p.namespace}-${p.app}` },
      }),
      ...(rng.chance(0.5) ? { automountServiceAccountToken: false } : {}),
    };
  }
}

function namespaceObject(rng: Rng, name: string, psa: boolean): RawObject {
  const labels: Record<string, string> = { 'kubernetes.io/metadata.name': name };
  if (psa) {
    labels['pod-security.kubernetes.io/enforce'] = rng.chance(0.5) ? 'restricted' : 'baseline';
    labels['pod-security.kubernetes.io/warn'] = 'restricted';
  }
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: meta(rng, name, undefined, { labels }),
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

function nodeName(index: number): string {
  return `ip-10-0-${Math.floor(index / 250)}-${(index % 250) + 1}.${REGION}.compute.internal`;
}

function* clusterScoped(rng: Rng, nodes: number): Generator<RawObject> {
  for (let i = 0; i < nodes; i++) {
    const name = nodeName(i);
    const group = `ng-${i % 3}`;
    yield {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: meta(rng, name, undefined, {
        labels: {
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'arm64',
          'node.kubernetes.io/instance-type': rng.pick(['m7g.xlarge', 'm7g.2xlarge', 'c7g.2xlarge']),
          'eks.amazonaws.com/nodegroup': group,
          'eks.amazonaws.com/capacityType': rng.chance(0.3) ? 'SPOT' : 'ON_DEMAND',
          'topology.kubernetes.io/zone': `${REGION}${rng.pick(['a', 'b', 'c'])}`,
        },
      }),
      spec: { providerID: `aws:///${REGION}a/i-${rng.chars(17, '0123456789abcdef')}` },
      status: {
        addresses: [
          { type: 'InternalIP', address: `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}` },
          { type: 'Hostname', address: name },
        ],
        allocatable: { cpu: '3920m', memory: '15147236Ki', pods: '58' },
        nodeInfo: {
          kubeletVersion: rng.chance(0.9) ? K8S_VERSION : 'v1.29.10-eks-59bf375',
          osImage: 'Amazon Linux 2023.6.20241212',
          containerRuntimeVersion: 'containerd://1.7.23',
          kernelVersion: '6.1.119-129.201.amzn2023.aarch64',
          architecture: 'arm64',
          operatingSystem: 'linux',
        },
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    };
  }
  const clusterRole = (name: string, rules: RawObject[], labels?: Record<string, string>) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: meta(rng, name, undefined, labels ? { labels } : {}),
    rules,
  });
  const bootstrap = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
  yield clusterRole(
    'cluster-admin',
    [
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] },
    ],
    bootstrap,
  );
  yield clusterRole(
    'admin',
    [{ apiGroups: ['', 'apps'], resources: ['pods', 'deployments', 'secrets'], verbs: ['*'] }],
    bootstrap,
  );
  yield clusterRole(
    'edit',
    [{ apiGroups: ['', 'apps'], resources: ['pods', 'deployments'], verbs: ['create', 'update', 'delete'] }],
    bootstrap,
  );
  yield clusterRole(
    'view',
    [{ apiGroups: ['', 'apps'], resources: ['pods', 'deployments'], verbs: ['get', 'list', 'watch'] }],
    bootstrap,
  );
  yield clusterRole(
    'system:node-proxier',
    [{ apiGroups: [''], resources: ['endpoints', 'services'], verbs: ['list', 'watch'] }],
    bootstrap,
  );
  yield clusterRole('aws-node', [
    { apiGroups: [''], resources: ['pods', 'namespaces', 'nodes'], verbs: ['list', 'watch', 'get'] },
  ]);
  yield clusterRole('monitoring-reader', [
    { apiGroups: [''], resources: ['nodes', 'nodes/proxy', 'nodes/metrics', 'pods'], verbs: ['get', 'list', 'watch'] },
  ]);
  yield clusterRole('ci-deployer', [
    {
      apiGroups: ['', 'apps'],
      resources: ['pods', 'deployments', 'secrets'],
      verbs: ['get', 'list', 'create', 'update'],
    },
    { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'], verbs: ['create', 'bind'] },
  ]);
  const binding = (name: string, role: string, subjects: RawObject[]) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: meta(rng, name, undefined),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects,
  });
  yield binding('cluster-admin', 'cluster-admin', [
    { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:masters' },
  ]);
  yield binding('aws-node', 'aws-node', [{ kind: 'ServiceAccount', name: 'aws-node', namespace: 'kube-system' }]);
  yield binding('monitoring', 'monitoring-reader', [
    { kind: 'ServiceAccount', name: 'prometheus', namespace: 'monitoring' },
  ]);
  yield binding('ci-admin', 'cluster-admin', [{ kind: 'ServiceAccount', name: 'ci', namespace: 'default' }]);
  yield {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: meta(rng, 'gp2', undefined),
    provisioner: 'kubernetes.io/aws-ebs',
    parameters: { type: 'gp2', fsType: 'ext4' },
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  };
  yield {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: meta(rng, 'gp3', undefined, { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }),
    provisioner: 'ebs.csi.aws.com',
    parameters: { type: 'gp3', encrypted: 'true' },
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  };
  yield {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'CSIDriver',
    metadata: meta(rng, 'ebs.csi.aws.com', undefined),
    spec: { attachRequired: true, podInfoOnMount: false },
  };
  yield {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: meta(rng, 'policy-engine', undefined),
    webhooks: [
      {
        name: 'validate.policy.example.com',
        clientConfig: { service: { name: 'policy-engine', namespace: 'policy', path: '/validate' } },
        rules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: ['pods'] }],
        failurePolicy: 'Ignore',
        sideEffects: 'None',
        admissionReviewVersions: ['v1'],
      },
    ],
  };
}

/** kube-system: the EKS add-on DaemonSets with one pod per node, CoreDNS, and the aws-auth / VPC CNI config maps. */
function* kubeSystem(ctx: Ctx): Generator<RawObject> {
  const { rng } = ctx;
  const ns = 'kube-system';
  yield { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(rng, 'default', ns) };
  yield {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(rng, 'amazon-vpc-cni', ns),
    data: { 'enable-network-policy-controller': 'true', 'enable-windows-ipam': 'false' },
  };
  yield {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(rng, 'aws-auth', ns),
    data: {
      mapRoles: `- rolearn: arn:aws:iam::${ACCOUNT}:role/eks-node\n  username: system:node:{{EC2PrivateDNSName}}\n  groups: [system:bootstrappers, system:nodes]\n`,
    },
  };
  const addons: { app: string; privileged: boolean; hostNetwork: boolean }[] = [
    { app: 'aws-node', privileged: true, hostNetwork: true },
    { app: 'kube-proxy', privileged: true, hostNetwork: true },
    { app: 'ebs-csi-node', privileged: true, hostNetwork: false },
  ];
  for (const addon of addons) {
    const p: WorkloadProfile = {
      app: addon.app,
      namespace: ns,
      serviceAccount: addon.app,
      hardened: false,
      violations: new Set<Violation>([
        ...(addon.privileged ? (['privileged'] as const) : []),
        ...(addon.hostNetwork ? (['hostNetwork'] as const) : []),
      ]),
      images: [`602401143452.dkr.ecr.${REGION}.amazonaws.com/eks/${addon.app}:v1.19.0-eksbuild.1`],
      configMap: `${addon.app}-config`,
      secret: `${addon.app}-token`,
      port: 61678,
    };
    yield { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(rng, addon.app, ns) };
    const labels = { 'k8s-app': addon.app, app: addon.app };
    const hash = rng.chars(10, HASH_ALPHABET);
    const ds: RawObject = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: meta(rng, addon.app, ns, { labels }),
      spec: {
        selector: { matchLabels: { 'k8s-app': addon.app } },
        template: { metadata: { labels }, spec: podSpec(p) },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } },
      },
      status: { desiredNumberScheduled: ctx.nodes, numberReady: ctx.nodes },
    };
    yield ds;
    const owner = ownerRef('apps/v1', 'DaemonSet', ds);
    const count = take(ctx.budget, ctx.nodes);
    for (let i = 0; i < count; i++) {
      const podObj = pod(
        rng,
        `${addon.app}-${rng.chars(5, HASH_ALPHABET)}`,
        p,
        { ...labels, 'controller-revision-hash': hash },
        owner,
        ctx.nodes,
        'Running',
      );
      podObj.spec.nodeName = nodeName(i);
      yield podObj;
    }
  }
  const coredns: WorkloadProfile = {
    app: 'coredns',
    namespace: ns,
    serviceAccount: 'coredns',
    hardened: true,
    violations: new Set(),
    images: [`602401143452.dkr.ecr.${REGION}.amazonaws.com/eks/coredns:v1.11.3-eksbuild.2`],
    configMap: 'coredns',
    secret: 'coredns-token',
    port: 53,
  };
  yield* appConfig(rng, coredns);
  yield* deployment(ctx, coredns, 2);
  yield service(rng, coredns, false);
}

function* appNamespace(ctx: Ctx, ns: string, index: number): Generator<RawObject> {
  const { rng } = ctx;
  const used = new Map<string, number>();
  const appName = () => {
    const word = rng.pick(APP_WORDS);
    const n = (used.get(word) ?? 0) + 1;
    used.set(word, n);
    return n === 1 ? word : `${word}-${n}`;
  };
  yield* namespaceSupport(rng, ns, index, Math.max(1, Math.round(ctx.budget.pods / 5)));
  while (ctx.budget.pods > 0) {
    const p = drawProfile(rng, ns, appName(), ctx.rates);
    yield* appConfig(rng, p);
    const roll = rng.next();
    if (roll < 0.62) {
      const replicas = rng.chance(0.05) ? rng.int(10, 40) : rng.int(1, 8);
      yield* deployment(ctx, p, replicas);
      yield service(rng, p, false);
    } else if (roll < 0.75) {
      yield* statefulSet(ctx, p, rng.int(1, 5));
      yield service(rng, p, true);
    } else if (roll < 0.87) {
      yield* cronJob(ctx, p);
    } else if (roll < 0.93) {
      yield* jobWithPod(ctx, `${p.app}-migrate-${rng.chars(5, HASH_ALPHABET)}`, p, undefined);
    } else if (take(ctx.budget, 1) === 1) {
      // A bare pod: someone ran `kubectl run`, so nothing owns it.
      yield pod(rng, p.app, p, templateLabels(p), undefined, ctx.nodes, 'Running');
    }
  }
}

/**
 * Streams a synthetic cluster with exactly `opts.pods` Pod objects (about OBJECTS_PER_POD × pods objects in all, so 400 to 80,000 pods give 1,000 to 200,000 objects).
 * Same options → identical objects, in the same order.
 */
export function* generateCluster(opts: SyntheticClusterOptions): Generator<RawObject> {
  if (!Number.isInteger(opts.pods) || opts.pods < 0) throw new RangeError(`pods must be a non-negative integer`);
  const rng = createRng(opts.seed);
  const nodes = opts.nodes ?? Math.max(1, Math.round(opts.pods / 50));
  const namespaceCount = opts.namespaces ?? Math.max(2, Math.round(opts.pods / 200));
  const rates = { violationRate: opts.violationRate ?? 0.1, unhardenedRate: opts.unhardenedRate ?? 0.3 };
  const budget: Budget = { pods: opts.pods };

  const systemNamespaces = ['kube-system', 'kube-public', 'kube-node-lease', 'default'];
  const appNamespaces: string[] = [];
  for (let i = 0; i < namespaceCount; i++)
    appNamespaces.push(`${TEAM_WORDS[i % TEAM_WORDS.length]}-${String(i).padStart(3, '0')}`);
  for (const ns of systemNamespaces) yield namespaceObject(rng, ns, false);
  for (const ns of appNamespaces) yield namespaceObject(rng, ns, rng.chance(0.4));
  yield* clusterScoped(rng, nodes);

  // System pods come first out of the budget; the rest is shared evenly between application namespaces.
  yield* kubeSystem({ rng, budget, nodes, rates });
  const appPods = budget.pods;
  for (let i = 0; i < appNamespaces.length; i++) {
    const share = Math.floor(appPods / appNamespaces.length) + (i < appPods % appNamespaces.length ? 1 : 0);
    const nsBudget: Budget = { pods: share };
    yield* appNamespace({ rng, budget: nsBudget, nodes, rates }, appNamespaces[i], i);
    budget.pods -= share;
  }
}

/** The cluster identity synthetic snapshots carry (fixed, so results are comparable run to run). */
export function syntheticClusterIdentity(opts: SyntheticClusterOptions): Snapshot['cluster'] {
  return {
    name: opts.clusterName ?? `synthetic-${opts.pods}-pods`,
    arn: `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${opts.clusterName ?? 'synthetic'}`,
    region: REGION,
    accountId: ACCOUNT,
    kubernetesVersion: '1.31',
    source: 'snapshot',
  };
}

/** Normalises the generated objects one at a time into a Snapshot (raw objects are dropped as they go). */
export function syntheticSnapshot(opts: SyntheticClusterOptions): Snapshot {
  const objects: KubeObject[] = [];
  let n = 0;
  for (const raw of generateCluster(opts)) objects.push(normalizeObject(raw, `synthetic object ${n++}`));
  return snapshotFromObjects({
    cluster: syntheticClusterIdentity(opts),
    collectedAt: new Date(EPOCH).toISOString(),
    objects,
  }).snapshot;
}
