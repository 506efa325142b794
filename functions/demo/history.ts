/**
 * The demo cluster's past: each earlier weekly run is today's snapshot with a few named changes undone or
 * made. The story is a team that improves week by week, with one bad week in the middle, and something new
 * (and something fixed) since last week, so every trend and "since last week" view has data to show.
 */
import type { KubeObject, Snapshot } from '../model/snapshot.js';
import {
  addObject,
  awsFact,
  eachContainer,
  findObject,
  kubeletConfigOf,
  patchPodSpecs,
  removeObjects,
} from './mutate.js';

/** One difference between that week's cluster and today's. */
export interface DemoChange {
  describe: string;
  apply(snapshot: Snapshot): void;
}

export interface DemoWeek {
  weeksAgo: number;
  changes: DemoChange[];
}

const debugShellNotYetStarted: DemoChange = {
  describe: 'default/debug-shell (privileged) had not been started yet',
  apply: (s) => removeObjects(s, 'Pod', (o) => o.metadata.namespace === 'default' && o.metadata.name === 'debug-shell'),
};

const nodeExporterSharedHostIpc: DemoChange = {
  describe: 'monitoring/node-exporter also shared the host IPC namespace',
  apply: (s) =>
    patchPodSpecs(s, 'DaemonSet', 'monitoring', 'node-exporter', (spec) => {
      spec.hostIPC = true;
    }),
};

const bottlerocketAnonymousKubelet: DemoChange = {
  describe: 'kubelets of node group batch-bottlerocket accepted anonymous requests',
  apply: (s) => {
    const config = kubeletConfigOf(s, 'nodegroup/batch-bottlerocket');
    config.authentication.anonymous.enabled = true;
  },
};

const auditLogsOff: DemoChange = {
  describe: 'control-plane audit logging was switched off (only api logs were enabled)',
  apply: (s) => {
    awsFact(s, 'cluster').logging = {
      clusterLogging: [
        { types: ['api'], enabled: true },
        { types: ['audit', 'authenticator', 'controllerManager', 'scheduler'], enabled: false },
      ],
    };
  },
};

const storefrontWithoutNetworkPolicy: DemoChange = {
  describe: 'storefront had no NetworkPolicy',
  apply: (s) => removeObjects(s, 'NetworkPolicy', (o) => o.metadata.namespace === 'storefront'),
};

const ordersWithoutNetworkPolicy: DemoChange = {
  describe: 'orders had no NetworkPolicy',
  apply: (s) => removeObjects(s, 'NetworkPolicy', (o) => o.metadata.namespace === 'orders'),
};

const dataDefaultDenyDeleted: DemoChange = {
  describe: 'data lost its default-deny NetworkPolicy during the Redis migration',
  apply: (s) =>
    removeObjects(s, 'NetworkPolicy', (o) => o.metadata.namespace === 'data' && o.metadata.name === 'default-deny-all'),
};

const redisExposedPublicly: DemoChange = {
  describe: 'data/redis was reachable through an internet-facing LoadBalancer Service without TLS',
  apply: (s) => {
    const redis = findObject(s, 'Service', 'data', 'redis');
    const exposed: KubeObject = structuredClone(redis);
    exposed.metadata = {
      ...exposed.metadata,
      name: 'redis-migration',
      uid: '5d2e8f1a-3b4c-4d6e-9f70-1a2b3c4d5e6f',
      creationTimestamp: '2025-09-15T19:02:44Z',
      annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' },
      managers: [{ manager: 'kubectl-expose', operation: 'Update', time: '2025-09-15T19:02:44Z' }],
    };
    exposed.spec = { ...exposed.spec, type: 'LoadBalancer', clusterIP: '172.20.61.5' };
    addObject(s, exposed);
  },
};

const guardDutyAuditMonitoringPaused: DemoChange = {
  describe: 'GuardDuty EKS audit-log monitoring was paused',
  apply: (s) => {
    const feature = awsFact(s, 'guardDuty').features.find((f: { name: string }) => f.name === 'EKS_AUDIT_LOGS');
    feature.status = 'DISABLED';
  },
};

const paymentsRanPrivileged: DemoChange = {
  describe: 'payments/payments-api ran privileged, with privilege escalation allowed',
  apply: (s) =>
    patchPodSpecs(s, 'Deployment', 'payments', 'payments-api', (spec) =>
      eachContainer(spec, (c) => {
        c.securityContext = { ...c.securityContext, privileged: true, allowPrivilegeEscalation: true };
        delete c.securityContext.capabilities;
      }),
    ),
};

const paymentsEnforcedBaselineOnly: DemoChange = {
  describe: 'payments enforced Pod Security "baseline" instead of "restricted"',
  apply: (s) => {
    const labels = findObject(s, 'Namespace', null, 'payments').metadata.labels ?? {};
    labels['pod-security.kubernetes.io/enforce'] = 'baseline';
  },
};

const privateEndpointOff: DemoChange = {
  describe: 'the API server endpoint was public only (private access off)',
  apply: (s) => {
    awsFact(s, 'cluster').resourcesVpcConfig.endpointPrivateAccess = false;
  },
};

const secretsNotEnvelopeEncrypted: DemoChange = {
  describe: 'Kubernetes Secrets were not envelope-encrypted with KMS yet',
  apply: (s) => {
    const cluster = awsFact(s, 'cluster');
    if (!cluster.encryptionConfig) throw new Error('demo history: cluster has no encryptionConfig');
    delete cluster.encryptionConfig;
  },
};

const vpcCniNetworkPolicyOff: DemoChange = {
  describe: 'the vpc-cni add-on did not enforce NetworkPolicies (enableNetworkPolicy unset)',
  apply: (s) => {
    const cni = awsFact(s, 'addons').find((a: { addonName: string }) => a.addonName === 'vpc-cni');
    cni.configurationValues = '{}';
    const config = findObject(s, 'ConfigMap', 'kube-system', 'amazon-vpc-cni');
    if (config.settings) config.settings['enable-network-policy-controller'] = 'false';
    patchPodSpecs(s, 'DaemonSet', 'kube-system', 'aws-node', (spec) => {
      spec.containers = spec.containers.filter((c: { name: string }) => c.name !== 'aws-eks-nodeagent');
    });
  },
};

const metricsServerFromOldRegistry: DemoChange = {
  describe: 'kube-system/metrics-server still pulled its image from the frozen k8s.gcr.io registry',
  apply: (s) => {
    const coredns = findObject(s, 'Deployment', 'kube-system', 'coredns');
    const legacy: KubeObject = structuredClone(coredns);
    legacy.metadata = {
      name: 'metrics-server',
      namespace: 'kube-system',
      uid: '8b1f3d5a-7c9e-4a2b-8d4f-6a8c0e2b4d6f',
      creationTimestamp: '2023-05-02T08:11:19Z',
      labels: { 'k8s-app': 'metrics-server' },
      managers: [{ manager: 'kubectl-client-side-apply', operation: 'Update', time: '2023-05-02T08:11:19Z' }],
    };
    legacy.spec.replicas = 1;
    legacy.spec.selector = { matchLabels: { 'k8s-app': 'metrics-server' } };
    legacy.spec.template.metadata = { labels: { 'k8s-app': 'metrics-server' } };
    const podSpec = legacy.spec.template.spec;
    podSpec.serviceAccountName = 'metrics-server';
    podSpec.containers = [
      {
        name: 'metrics-server',
        image: 'k8s.gcr.io/metrics-server/metrics-server:v0.6.1',
        args: ['--secure-port=4443', '--kubelet-preferred-address-types=InternalIP'],
        resources: { requests: { cpu: '100m', memory: '200Mi' } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true },
      },
    ];
    delete podSpec.volumes;
    addObject(s, legacy);
  },
};

const argocdNodePort: DemoChange = {
  describe: 'argocd/argocd-server was opened as a NodePort Service while debugging SSO',
  apply: (s) => {
    const server = findObject(s, 'Service', 'argocd', 'argocd-server');
    server.spec = { ...server.spec, type: 'NodePort' };
    server.spec.ports = server.spec.ports.map((p: Record<string, unknown>) => ({ ...p, nodePort: 30443 }));
    server.metadata.managers = [
      ...(server.metadata.managers ?? []),
      { manager: 'kubectl-patch', operation: 'Update', time: '2025-09-19T15:27:03Z' },
    ];
  },
};

const kubeProxyLeftOnOldBuild: DemoChange = {
  describe: 'the kube-proxy add-on was still the 1.30 build after the control-plane upgrade to 1.31',
  apply: (s) => {
    const proxy = awsFact(s, 'addons').find((a: { addonName: string }) => a.addonName === 'kube-proxy');
    proxy.addonVersion = 'v1.30.6-eksbuild.3';
  },
};

const gpuNodeGroupOnCustomAmi: DemoChange = {
  describe: 'node group ml-gpu ran a custom AMI (amiType CUSTOM); it was retired since',
  apply: (s) => {
    const nodegroups = awsFact(s, 'nodegroups');
    nodegroups.push({
      ...structuredClone(nodegroups[0]),
      nodegroupName: 'ml-gpu',
      amiType: 'CUSTOM',
      releaseVersion: 'ami-0f4c2a9e7b1d36850',
      instanceTypes: ['g5.xlarge'],
    });
  },
};

/** Changes that held for every week before the last one. */
const olderStill: DemoChange[] = [debugShellNotYetStarted, nodeExporterSharedHostIpc, bottlerocketAnonymousKubelet];

/** Oldest first. Each week fails some checks that pass today, so the trend shows; week 2 is the dip. */
export const DEMO_HISTORY: readonly DemoWeek[] = [
  {
    weeksAgo: 4,
    changes: [
      ...olderStill,
      storefrontWithoutNetworkPolicy,
      paymentsRanPrivileged,
      paymentsEnforcedBaselineOnly,
      privateEndpointOff,
      secretsNotEnvelopeEncrypted,
      vpcCniNetworkPolicyOff,
      metricsServerFromOldRegistry,
      auditLogsOff,
      kubeProxyLeftOnOldBuild,
      gpuNodeGroupOnCustomAmi,
    ],
  },
  {
    weeksAgo: 3,
    changes: [
      ...olderStill,
      storefrontWithoutNetworkPolicy,
      ordersWithoutNetworkPolicy,
      secretsNotEnvelopeEncrypted,
      vpcCniNetworkPolicyOff,
    ],
  },
  {
    weeksAgo: 2,
    changes: [
      ...olderStill,
      dataDefaultDenyDeleted,
      redisExposedPublicly,
      guardDutyAuditMonitoringPaused,
      argocdNodePort,
      metricsServerFromOldRegistry,
      vpcCniNetworkPolicyOff,
    ],
  },
  { weeksAgo: 1, changes: [...olderStill, auditLogsOff] },
];

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** That week's snapshot: a deep copy of today's with the week's changes applied. */
export function snapshotForWeek(current: Snapshot, week: DemoWeek): Snapshot {
  const snapshot = structuredClone(current);
  snapshot.collectedAt = new Date(Date.parse(current.collectedAt) - week.weeksAgo * WEEK_MS).toISOString();
  for (const change of week.changes) change.apply(snapshot);
  return snapshot;
}
