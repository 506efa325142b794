/**
 * fast-check arbitraries for whole snapshots: Kubernetes objects of every kind the collector lists, the AWS facts
 * and kubelet configurations, and aws-auth mappings. Each field is drawn from values the checks care about
 * (so the interesting branches run) or from JSON junk of the wrong type (so the defensive branches run too).
 */
import fc from 'fast-check';
import type { AwsFactName } from '../../functions/model/aws-facts.js';
import type { KubeInventory } from '../../functions/model/snapshot.js';

// biome-ignore lint/suspicious/noExplicitAny: generated JSON in API shape
export type Json = any;

export const junk: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.string({ maxLength: 4 }),
  fc.integer({ min: -2, max: 70_000 }),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 2 }),
);

/** Mostly a plausible value, sometimes junk of any type. */
export const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | Json> =>
  fc.oneof({ arbitrary: arb, weight: 4 }, { arbitrary: junk, weight: 1 });
const list = <T>(arb: fc.Arbitrary<T>, maxLength = 3) => maybe(fc.array(maybe(arb), { maxLength }));
/** A list our own collector builds: always an array, of well-formed entries whose fields are untrusted. */
const factList = <T>(arb: fc.Arbitrary<T>, maxLength = 3) => fc.array(arb, { maxLength });
const pick = <T>(...values: T[]) => fc.constantFrom(...values);
/** A record whose keys may each be absent. */
const some = <T extends Record<string, fc.Arbitrary<unknown>>>(model: T) =>
  fc.record(model, { requiredKeys: [] }) as fc.Arbitrary<Record<string, Json>>;

const NAMES = pick('app', 'default', 'aws-node', 'cluster-admin', 'calico-node', 'amazon-vpc-cni', 'aws-auth', 'x');
const NAMESPACES = pick('default', 'kube-system', 'team-a', 'team-b');
const CIDRS = pick('0.0.0.0/0', '10.0.0.0/8', '203.0.113.7/32', '::/0', 'bad');
const NODE_NAMES = pick('node-a', 'node-b', 'fargate-ip-1');

const labels = maybe(
  fc.dictionary(
    pick(
      'app',
      'pod-security.kubernetes.io/enforce',
      'pod-security.kubernetes.io/warn',
      'eks.amazonaws.com/compute-type',
      'kubernetes.io/metadata.name',
      'eks.amazonaws.com/nodegroup',
    ),
    maybe(pick('restricted', 'baseline', 'privileged', 'fargate', 'auto', 'web', '')),
    { maxKeys: 3 },
  ),
);
const annotations = maybe(
  fc.dictionary(
    pick(
      'kubernetes.io/ingress.class',
      'alb.ingress.kubernetes.io/scheme',
      'alb.ingress.kubernetes.io/inbound-cidrs',
      'alb.ingress.kubernetes.io/certificate-arn',
      'alb.ingress.kubernetes.io/listen-ports',
      'service.beta.kubernetes.io/aws-load-balancer-scheme',
      'service.beta.kubernetes.io/aws-load-balancer-ssl-cert',
      'service.beta.kubernetes.io/aws-load-balancer-internal',
      'kubernetes.io/service-account.name',
    ),
    maybe(
      pick('internet-facing', 'internal', 'alb', '0.0.0.0/0,10.0.0.0/8', 'arn:aws:acm:x', '[{"HTTPS":443}]', 'default'),
    ),
    { maxKeys: 3 },
  ),
);

function metadata(names: fc.Arbitrary<string> = NAMES, namespaced = true) {
  return some({
    name: fc.oneof({ arbitrary: names, weight: 9 }, { arbitrary: junk, weight: 1 }),
    ...(namespaced ? { namespace: maybe(NAMESPACES) } : {}),
    labels,
    annotations,
    ownerReferences: list(
      some({
        kind: maybe(pick('ReplicaSet', 'Deployment', 'Job', 'CronJob')),
        name: NAMES,
        controller: maybe(fc.boolean()),
      }),
      2,
    ),
  });
}

// ----- pod templates

const env = some({
  name: maybe(pick('PASSWORD', 'AWS_ACCESS_KEY_ID', 'aws_secret_access_key', 'MODE', 'API_TOKEN')),
  value: maybe(
    pick('AKIAIOSFODNN7EXAMPLE', '-----BEGIN RSA PRIVATE KEY-----\nMIIB', 'eyJhbGciOi.eyJzdWIi.sig', 'production', ''),
  ),
  valueFrom: maybe(some({ secretKeyRef: maybe(some({ name: NAMES, key: pick('password', 'token') })) })),
});
const capabilities = some({
  add: list(pick('ALL', 'SYS_ADMIN', 'NET_RAW', 'NET_BIND_SERVICE', '')),
  drop: list(pick('ALL', 'all', 'NET_RAW')),
});
const securityContext = some({
  privileged: maybe(fc.boolean()),
  allowPrivilegeEscalation: maybe(fc.boolean()),
  readOnlyRootFilesystem: maybe(fc.boolean()),
  runAsNonRoot: maybe(fc.boolean()),
  runAsUser: maybe(pick(0, 1000, -1)),
  seccompProfile: maybe(some({ type: maybe(pick('RuntimeDefault', 'Localhost', 'Unconfined')) })),
  capabilities: maybe(capabilities),
});
const quantities = some({ cpu: maybe(pick('100m', '1', '')), memory: maybe(pick('64Mi', '1Gi', '')) });
const container = some({
  name: maybe(pick('app', 'sidecar', 'init')),
  image: maybe(
    pick(
      'nginx',
      'nginx:latest',
      'repo/app@sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9',
      '111122223333.dkr.ecr.eu-west-1.amazonaws.com/app:1.2',
      'k8s.gcr.io/pause:3.1',
      'registry.k8s.io/pause:3.9',
      'docker.io/library/redis:7',
      '',
    ),
  ),
  env: list(env),
  envFrom: list(some({ secretRef: maybe(some({ name: NAMES })), configMapRef: maybe(some({ name: NAMES })) }), 2),
  securityContext: maybe(securityContext),
  resources: maybe(some({ requests: maybe(quantities), limits: maybe(quantities) })),
  volumeMounts: list(some({ name: pick('host', 'scratch', 'token'), readOnly: maybe(fc.boolean()) }), 2),
});
const volume = some({
  name: pick('host', 'scratch', 'token'),
  hostPath: maybe(some({ path: maybe(pick('/', '/var/run/docker.sock', '/var/log', '/etc')) })),
  emptyDir: fc.constant({}),
  projected: maybe(some({ sources: list(some({ serviceAccountToken: maybe(some({ path: pick('token') })) }), 1) })),
});
const podSpec = maybe(
  some({
    hostPID: maybe(fc.boolean()),
    hostIPC: maybe(fc.boolean()),
    hostNetwork: maybe(fc.boolean()),
    serviceAccountName: maybe(NAMES),
    serviceAccount: maybe(NAMES),
    automountServiceAccountToken: maybe(fc.boolean()),
    securityContext: maybe(securityContext),
    nodeSelector: maybe(
      fc.dictionary(pick('kubernetes.io/os', 'eks.amazonaws.com/compute-type'), pick('linux', 'windows', 'fargate')),
    ),
    os: maybe(some({ name: pick('linux', 'windows') })),
    containers: list(container),
    initContainers: list(container, 2),
    ephemeralContainers: list(container, 1),
    volumes: list(volume),
  }),
);
const template = maybe(some({ metadata: maybe(some({ labels, annotations })), spec: podSpec }));

// ----- the other kinds

const policyRule = some({
  apiGroups: list(pick('', '*', 'apps', 'rbac.authorization.k8s.io', 'admissionregistration.k8s.io')),
  resources: list(
    pick(
      '*',
      'secrets',
      'pods',
      'nodes/proxy',
      'nodes',
      'persistentvolumes',
      'serviceaccounts/token',
      'validatingwebhookconfigurations',
      'mutatingwebhookconfigurations',
      'clusterroles',
      'deployments',
    ),
  ),
  verbs: list(pick('*', 'get', 'list', 'watch', 'create', 'update', 'patch', 'bind', 'escalate', 'impersonate')),
  resourceNames: list(NAMES, 1),
});
const binding = {
  roleRef: maybe(
    some({ kind: maybe(pick('ClusterRole', 'Role')), name: maybe(NAMES), apiGroup: pick('rbac.authorization.k8s.io') }),
  ),
  subjects: list(
    some({
      kind: maybe(pick('User', 'Group', 'ServiceAccount')),
      name: maybe(pick('default', 'system:masters', 'system:authenticated', 'system:anonymous', 'alice', 'app')),
      namespace: maybe(NAMESPACES),
    }),
  ),
};

/** The body (everything but apiVersion/kind/metadata) of each kind. */
const ciliumRule = some({
  endpointSelector: maybe(
    fc.oneof(
      fc.constant({}),
      some({ matchLabels: maybe(fc.dictionary(pick('app', 'k8s:io.kubernetes.pod.namespace'), NAMESPACES)) }),
      junk,
    ),
  ),
  enableDefaultDeny: maybe(some({ ingress: maybe(fc.boolean()), egress: maybe(fc.boolean()) })),
  ingress: list(fc.constant({}), 1),
  egress: list(fc.constant({}), 1),
});

const kyvernoBlock = some({
  resources: maybe(
    some({
      kinds: list(pick('Pod', 'Deployment', '*', 'v1/Pod')),
      namespaces: list(fc.oneof(NAMESPACES, pick('team-*'))),
      namespaceSelector: maybe(some({ matchLabels: maybe(fc.dictionary(pick('env'), pick('prod'))) })),
    }),
  ),
  subjects: maybe(junk),
});
const kyvernoPolicy = some({
  spec: maybe(
    some({
      validationFailureAction: maybe(pick('Enforce', 'Audit', 'enforce')),
      validationFailureActionOverrides: list(
        some({ action: maybe(pick('Audit', 'Enforce')), namespaces: list(NAMESPACES) }),
      ),
      admission: maybe(fc.boolean()),
      rules: list(
        some({
          name: maybe(NAMES),
          match: maybe(fc.oneof(some({ any: list(kyvernoBlock) }), some({ all: list(kyvernoBlock) }), kyvernoBlock)),
          exclude: maybe(some({ any: list(kyvernoBlock) })),
          validate: maybe(
            fc.oneof(
              some({
                podSecurity: maybe(
                  some({
                    level: maybe(pick('baseline', 'restricted', 'privileged')),
                    exclude: list(some({ controlName: maybe(pick('Host Namespaces', 'Privileged Containers')) })),
                  }),
                ),
              }),
              some({
                pattern: maybe(
                  some({
                    spec: maybe(
                      some({
                        '=(hostPID)': maybe(fc.oneof(pick('false', '!true'), fc.boolean())),
                        containers: list(
                          some({
                            '=(securityContext)': maybe(some({ '=(privileged)': maybe(pick('false', 'true')) })),
                          }),
                        ),
                      }),
                    ),
                  }),
                ),
              }),
              some({ anyPattern: list(junk, 2), failureAction: maybe(pick('Enforce', 'Audit')) }),
              some({ deny: junk, cel: junk }),
            ),
          ),
        }),
        2,
      ),
    }),
  ),
});
const gatekeeperConstraint = some({
  spec: maybe(
    some({
      enforcementAction: maybe(pick('deny', 'dryrun', 'warn', 'scoped')),
      scopedEnforcementActions: list(
        some({
          action: maybe(pick('deny')),
          enforcementPoints: list(some({ name: maybe(pick('validation.gatekeeper.sh', '*')) })),
        }),
      ),
      match: maybe(
        some({
          kinds: list(some({ apiGroups: list(pick('', '*', 'apps')), kinds: list(pick('Pod', '*')) })),
          namespaces: list(fc.oneof(NAMESPACES, pick('team-*'))),
          excludedNamespaces: list(NAMESPACES),
          namespaceSelector: maybe(
            some({
              matchExpressions: list(
                some({
                  key: maybe(pick('env')),
                  operator: maybe(pick('In', 'Exists', 'Bogus')),
                  values: list(pick('prod')),
                }),
              ),
            }),
          ),
          labelSelector: maybe(junk),
          scope: maybe(pick('Namespaced', 'Cluster', '*')),
        }),
      ),
      parameters: maybe(some({ hostNetwork: maybe(fc.boolean()) })),
    }),
  ),
});

const BODIES: Record<string, fc.Arbitrary<Record<string, Json>>> = {
  ClusterPolicy: kyvernoPolicy,
  Policy: kyvernoPolicy,
  ConstraintTemplate: some({
    spec: maybe(
      some({
        crd: maybe(
          some({
            spec: maybe(some({ names: maybe(some({ kind: maybe(pick('K8sPSPPrivilegedContainer', 'Custom')) })) })),
          }),
        ),
        targets: list(some({ rego: maybe(pick('privileged', 'hostPID hostIPC', 'nothing')) }), 1),
      }),
    ),
  }),
  K8sPSPPrivilegedContainer: gatekeeperConstraint,
  K8sPSPHostNamespace: gatekeeperConstraint,
  K8sPSPHostNetworkingPorts: gatekeeperConstraint,
  K8sPSPAllowPrivilegeEscalationContainer: gatekeeperConstraint,
  Pod: some({ spec: podSpec, status: maybe(some({ phase: maybe(pick('Running', 'Succeeded', 'Pending')) })) }),
  Deployment: some({ spec: maybe(some({ replicas: maybe(fc.nat(3)), template })) }),
  ReplicaSet: some({ spec: maybe(some({ template })) }),
  StatefulSet: some({ spec: maybe(some({ template })) }),
  DaemonSet: some({ spec: maybe(some({ template })) }),
  Job: some({ spec: maybe(some({ template })) }),
  CronJob: some({ spec: maybe(some({ jobTemplate: maybe(some({ spec: maybe(some({ template })) })) })) }),
  Namespace: some({ spec: junk }),
  Service: some({
    spec: maybe(
      some({
        type: maybe(pick('LoadBalancer', 'NodePort', 'ClusterIP', 'ExternalName')),
        loadBalancerSourceRanges: list(CIDRS),
        loadBalancerClass: maybe(pick('service.k8s.aws/nlb', 'other')),
        ports: list(some({ port: maybe(pick(80, 443)), nodePort: maybe(pick(30080, 31443)), protocol: pick('TCP') })),
      }),
    ),
  }),
  Ingress: some({
    spec: maybe(
      some({
        ingressClassName: maybe(pick('alb', 'nginx')),
        tls: list(some({ hosts: list(pick('a.example.com')), secretName: maybe(NAMES) }), 2),
        rules: list(some({ host: maybe(pick('a.example.com')) }), 2),
      }),
    ),
  }),
  NetworkPolicy: some({
    spec: maybe(
      some({
        podSelector: maybe(
          fc.oneof(fc.constant({}), some({ matchLabels: maybe(fc.dictionary(pick('app'), pick('web'))) })),
        ),
        policyTypes: list(pick('Ingress', 'Egress')),
        ingress: list(some({ from: list(some({ ipBlock: maybe(some({ cidr: CIDRS })) }), 1) }), 2),
        egress: list(fc.constant({}), 1),
      }),
    ),
  }),
  ServiceAccount: some({ automountServiceAccountToken: maybe(fc.boolean()), secrets: list(some({ name: NAMES }), 1) }),
  Role: some({ rules: list(policyRule) }),
  ClusterRole: some({ rules: list(policyRule), aggregationRule: junk }),
  RoleBinding: some(binding),
  ClusterRoleBinding: some(binding),
  ConfigMap: some({
    data: maybe(
      fc.dictionary(
        pick(
          'aws_secret_access_key',
          'password',
          'config.yaml',
          'enable-network-policy-controller',
          'mapRoles',
          'tls.key',
        ),
        maybe(
          pick('true', 'false', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', '-----BEGIN PRIVATE KEY-----\nAA', 'x'),
        ),
        { maxKeys: 3 },
      ),
    ),
  }),
  Secret: some({
    type: maybe(pick('Opaque', 'kubernetes.io/service-account-token', 'kubernetes.io/tls')),
    data: maybe(fc.dictionary(pick('token', 'ca.crt', 'password'), pick('c2VjcmV0'), { maxKeys: 2 })),
  }),
  Node: some({
    status: maybe(
      some({
        nodeInfo: maybe(
          some({
            kubeletVersion: maybe(pick('v1.31.2-eks-7f9249a', 'v1.28.15-eks-1', 'v1.33.0', 'garbage')),
            osImage: maybe(pick('Amazon Linux 2023', 'Bottlerocket OS 1.20')),
          }),
        ),
      }),
    ),
    spec: maybe(some({ providerID: maybe(pick('aws:///eu-west-1a/i-0abc', 'x')) })),
  }),
  PersistentVolume: some({
    spec: maybe(
      some({
        hostPath: maybe(some({ path: maybe(pick('/', '/data')) })),
        csi: maybe(some({ driver: pick('ebs.csi.aws.com') })),
      }),
    ),
  }),
  PersistentVolumeClaim: some({ spec: maybe(some({ storageClassName: maybe(NAMES) })) }),
  StorageClass: some({
    provisioner: maybe(pick('ebs.csi.aws.com', 'kubernetes.io/aws-ebs', 'efs.csi.aws.com')),
    parameters: maybe(
      some({ encrypted: maybe(pick('true', 'false', 'TRUE')), kmsKeyId: maybe(pick('arn:aws:kms:x')) }),
    ),
  }),
  LimitRange: some({
    spec: maybe(some({ limits: list(some({ type: pick('Container'), default: maybe(quantities) }), 2) })),
  }),
  ResourceQuota: some({
    spec: maybe(some({ hard: maybe(fc.dictionary(pick('cpu', 'memory', 'pods'), pick('10', '1Gi'))) })),
  }),
  ValidatingWebhookConfiguration: some({ webhooks: list(some({ name: maybe(pick('validate.kyverno.svc')) }), 2) }),
  MutatingWebhookConfiguration: some({ webhooks: list(some({ name: maybe(pick('mutate.kyverno.svc')) }), 2) }),
  ValidatingAdmissionPolicy: some({
    spec: maybe(
      some({
        failurePolicy: maybe(pick('Fail', 'Ignore')),
        matchConstraints: maybe(
          some({
            resourceRules: list(
              some({
                apiGroups: list(pick('', '*')),
                resources: list(pick('pods', '*')),
                operations: list(pick('CREATE', '*')),
              }),
            ),
            namespaceSelector: maybe(junk),
          }),
        ),
        validations: list(some({ expression: pick('true', 'object.spec.hostPID != true') }), 1),
      }),
    ),
  }),
  ValidatingAdmissionPolicyBinding: some({
    spec: maybe(
      some({
        policyName: maybe(NAMES),
        validationActions: list(pick('Deny', 'Warn', 'Audit')),
        matchResources: maybe(some({ namespaceSelector: maybe(junk) })),
      }),
    ),
  }),
  CustomResourceDefinition: some({ spec: junk }),
  CSIDriver: some({ spec: maybe(some({ podInfoOnMount: maybe(fc.boolean()) })) }),
  CiliumNetworkPolicy: some({ spec: maybe(ciliumRule), specs: list(ciliumRule, 2) }),
  CiliumClusterwideNetworkPolicy: some({ spec: maybe(ciliumRule), specs: list(ciliumRule, 2) }),
  GlobalNetworkPolicy: some({
    spec: maybe(
      some({
        selector: maybe(fc.oneof(pick('all()', '', "app == 'web'"), fc.constant(7))),
        namespaceSelector: maybe(pick('all()', "projectcalico.org/name == 'team-a'", 'x ==')),
        types: list(pick('Ingress', 'Egress', 'Other')),
        egress: list(fc.constant({ action: 'Allow' }), 1),
      }),
    ),
  }),
};

export const KIND_BY_INVENTORY: Record<KubeInventory, { kind: string; apiVersion: string; namespaced: boolean }> = {
  namespaces: { kind: 'Namespace', apiVersion: 'v1', namespaced: false },
  pods: { kind: 'Pod', apiVersion: 'v1', namespaced: true },
  deployments: { kind: 'Deployment', apiVersion: 'apps/v1', namespaced: true },
  replicasets: { kind: 'ReplicaSet', apiVersion: 'apps/v1', namespaced: true },
  statefulsets: { kind: 'StatefulSet', apiVersion: 'apps/v1', namespaced: true },
  daemonsets: { kind: 'DaemonSet', apiVersion: 'apps/v1', namespaced: true },
  jobs: { kind: 'Job', apiVersion: 'batch/v1', namespaced: true },
  cronjobs: { kind: 'CronJob', apiVersion: 'batch/v1', namespaced: true },
  services: { kind: 'Service', apiVersion: 'v1', namespaced: true },
  ingresses: { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', namespaced: true },
  networkpolicies: { kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', namespaced: true },
  ciliumnetworkpolicies: { kind: 'CiliumNetworkPolicy', apiVersion: 'cilium.io/v2', namespaced: true },
  ciliumclusterwidenetworkpolicies: {
    kind: 'CiliumClusterwideNetworkPolicy',
    apiVersion: 'cilium.io/v2',
    namespaced: false,
  },
  caliconetworkpolicies: { kind: 'NetworkPolicy', apiVersion: 'crd.projectcalico.org/v1', namespaced: true },
  calicoglobalnetworkpolicies: {
    kind: 'GlobalNetworkPolicy',
    apiVersion: 'crd.projectcalico.org/v1',
    namespaced: false,
  },
  serviceaccounts: { kind: 'ServiceAccount', apiVersion: 'v1', namespaced: true },
  roles: { kind: 'Role', apiVersion: 'rbac.authorization.k8s.io/v1', namespaced: true },
  clusterroles: { kind: 'ClusterRole', apiVersion: 'rbac.authorization.k8s.io/v1', namespaced: false },
  rolebindings: { kind: 'RoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1', namespaced: true },
  clusterrolebindings: { kind: 'ClusterRoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1', namespaced: false },
  configmaps: { kind: 'ConfigMap', apiVersion: 'v1', namespaced: true },
  secrets: { kind: 'Secret', apiVersion: 'v1', namespaced: true },
  nodes: { kind: 'Node', apiVersion: 'v1', namespaced: false },
  persistentvolumes: { kind: 'PersistentVolume', apiVersion: 'v1', namespaced: false },
  persistentvolumeclaims: { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespaced: true },
  storageclasses: { kind: 'StorageClass', apiVersion: 'storage.k8s.io/v1', namespaced: false },
  limitranges: { kind: 'LimitRange', apiVersion: 'v1', namespaced: true },
  resourcequotas: { kind: 'ResourceQuota', apiVersion: 'v1', namespaced: true },
  validatingwebhookconfigurations: {
    kind: 'ValidatingWebhookConfiguration',
    apiVersion: 'admissionregistration.k8s.io/v1',
    namespaced: false,
  },
  mutatingwebhookconfigurations: {
    kind: 'MutatingWebhookConfiguration',
    apiVersion: 'admissionregistration.k8s.io/v1',
    namespaced: false,
  },
  validatingadmissionpolicies: {
    kind: 'ValidatingAdmissionPolicy',
    apiVersion: 'admissionregistration.k8s.io/v1',
    namespaced: false,
  },
  validatingadmissionpolicybindings: {
    kind: 'ValidatingAdmissionPolicyBinding',
    apiVersion: 'admissionregistration.k8s.io/v1',
    namespaced: false,
  },
  kyvernoclusterpolicies: { kind: 'ClusterPolicy', apiVersion: 'kyverno.io/v1', namespaced: false },
  kyvernopolicies: { kind: 'Policy', apiVersion: 'kyverno.io/v1', namespaced: true },
  gatekeeperconstrainttemplates: {
    kind: 'ConstraintTemplate',
    apiVersion: 'templates.gatekeeper.sh/v1',
    namespaced: false,
  },
  gatekeeperprivilegedcontainers: {
    kind: 'K8sPSPPrivilegedContainer',
    apiVersion: 'constraints.gatekeeper.sh/v1beta1',
    namespaced: false,
  },
  gatekeeperhostnamespaces: {
    kind: 'K8sPSPHostNamespace',
    apiVersion: 'constraints.gatekeeper.sh/v1beta1',
    namespaced: false,
  },
  gatekeeperhostnetworkingports: {
    kind: 'K8sPSPHostNetworkingPorts',
    apiVersion: 'constraints.gatekeeper.sh/v1beta1',
    namespaced: false,
  },
  gatekeeperallowprivilegeescalation: {
    kind: 'K8sPSPAllowPrivilegeEscalationContainer',
    apiVersion: 'constraints.gatekeeper.sh/v1beta1',
    namespaced: false,
  },
  customresourcedefinitions: {
    kind: 'CustomResourceDefinition',
    apiVersion: 'apiextensions.k8s.io/v1',
    namespaced: false,
  },
  csidrivers: { kind: 'CSIDriver', apiVersion: 'storage.k8s.io/v1', namespaced: false },
};

const SPECIAL_NAMES: Partial<Record<string, fc.Arbitrary<string>>> = {
  CustomResourceDefinition: pick(
    'clusterpolicies.kyverno.io',
    'constrainttemplates.templates.gatekeeper.sh',
    'networkpolicies.crd.projectcalico.org',
    'ciliumnetworkpolicies.cilium.io',
    'externalsecrets.external-secrets.io',
    'secretproviderclasses.secrets-store.csi.x-k8s.io',
    'foos.example.com',
  ),
  CSIDriver: pick('secrets-store.csi.k8s.io', 'ebs.csi.aws.com', 'efs.csi.aws.com'),
  Node: NODE_NAMES,
  Namespace: NAMESPACES,
};

/** Raw objects (API shape, before normalisation) for one inventory. */
export function objectsOf(inventory: KubeInventory, maxLength = 3): fc.Arbitrary<Json[]> {
  const { kind, apiVersion, namespaced } = KIND_BY_INVENTORY[inventory];
  const body = BODIES[kind];
  const object = fc
    .tuple(metadata(SPECIAL_NAMES[kind] ?? NAMES, namespaced), body)
    .map(([meta, rest]) => ({ apiVersion, kind, ...rest, metadata: meta }));
  return fc.array(object, { maxLength });
}

// ----- AWS facts, kubelet configurations, aws-auth

const ARN = pick('arn:aws:iam::111122223333:role/admin', 'arn:aws:iam::111122223333:user/alice', 'not-an-arn');
const SUBNET = pick('subnet-a', 'subnet-b');
const logging = some({
  clusterLogging: list(
    some({
      types: list(pick('api', 'audit', 'authenticator', 'controllerManager', 'scheduler'), 5),
      enabled: maybe(fc.boolean()),
    }),
    2,
  ),
});
const clusterFact = some({
  // DescribeCluster names the cluster the snapshot is about; the SDK types these as strings.
  name: pick('generated'),
  arn: pick('arn:aws:eks:eu-west-1:111122223333:cluster/generated'),
  version: maybe(pick('1.31', '1.24', '1.33', 'x')),
  platformVersion: maybe(pick('eks.12')),
  logging: maybe(logging),
  encryptionConfig: list(
    some({ resources: list(pick('secrets')), provider: maybe(some({ keyArn: pick('arn:aws:kms:k') })) }),
    1,
  ),
  resourcesVpcConfig: maybe(
    some({
      endpointPublicAccess: maybe(fc.boolean()),
      endpointPrivateAccess: maybe(fc.boolean()),
      publicAccessCidrs: list(CIDRS, 2),
      subnetIds: list(SUBNET, 2),
    }),
  ),
  accessConfig: maybe(
    some({
      authenticationMode: maybe(pick('API', 'API_AND_CONFIG_MAP', 'CONFIG_MAP')),
      bootstrapClusterCreatorAdminPermissions: maybe(fc.boolean()),
    }),
  ),
  upgradePolicy: maybe(some({ supportType: maybe(pick('STANDARD', 'EXTENDED')) })),
});
const DATES = pick('2024-01-01T00:00:00Z', '2030-01-01T00:00:00Z', 'not a date');
const status = pick('ENABLED', 'DISABLED');

/**
 * Fact values as our AWS collectors build them: the container (list, object or null) and the fields the fact types
 * mark as required are always there; every optional field and every value inside may be odd or missing.
 */
const FACTS: Record<AwsFactName, fc.Arbitrary<Json>> = {
  cluster: clusterFact,
  nodegroups: factList(
    some({
      nodegroupName: NAMES,
      amiType: maybe(pick('AL2023_x86_64_STANDARD', 'BOTTLEROCKET_x86_64')),
      nodeRole: ARN,
    }),
  ),
  addons: factList(
    some({
      addonName: maybe(pick('vpc-cni', 'coredns', 'aws-guardduty-agent')),
      addonVersion: maybe(pick('v1.20.1-eksbuild.3')),
      configurationValues: maybe(pick('{"enableNetworkPolicy":"true"}', 'enableNetworkPolicy: "true"', '{bad', '')),
    }),
  ),
  accessEntries: factList(
    fc.record({
      principalArn: ARN,
      type: maybe(pick('STANDARD', 'EC2_LINUX')),
      kubernetesGroups: list(pick('system:masters', 'viewers'), 2),
      associatedPolicies: factList(
        some({
          policyArn: maybe(
            pick(
              'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
              'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy',
            ),
          ),
          accessScope: maybe(some({ type: maybe(pick('cluster', 'namespace')), namespaces: list(NAMESPACES, 2) })),
        }),
        2,
      ),
    }),
  ),
  podIdentityAssociations: factList(some({ namespace: NAMESPACES, serviceAccount: NAMES })),
  clusterVersion: fc.oneof(
    fc.constant(null),
    some({
      clusterVersion: maybe(pick('1.31', '1.24')),
      versionStatus: maybe(pick('STANDARD_SUPPORT', 'EXTENDED_SUPPORT', 'UNSUPPORTED')),
      endOfStandardSupportDate: maybe(DATES),
      endOfExtendedSupportDate: maybe(DATES),
    }),
  ),
  ecrRegistryScanning: some({
    scanType: maybe(pick('BASIC', 'ENHANCED')),
    registryId: maybe(pick('111122223333')),
    rules: list(
      some({
        scanFrequency: maybe(pick('SCAN_ON_PUSH', 'CONTINUOUS_SCAN', 'MANUAL')),
        repositoryFilters: list(some({ filter: maybe(pick('*', 'payments/*')), filterType: pick('WILDCARD') }), 2),
      }),
      2,
    ),
  }),
  ecrRepositories: factList(
    fc.record(
      {
        repositoryName: pick('app', 'payments/api'),
        registryId: pick('111122223333'),
        imageScanningConfiguration: maybe(some({ scanOnPush: maybe(fc.boolean()) })),
      },
      { requiredKeys: ['repositoryName', 'registryId'] },
    ),
  ),
  imageFindings: factList(
    fc.record(
      {
        imageUri: pick('111122223333.dkr.ecr.eu-west-1.amazonaws.com/app:1.2', 'app@sha256:00'),
        repositoryName: pick('app', 'payments/api'),
        scanStatus: maybe(pick('COMPLETE', 'ACTIVE', 'NOT_SCANNED', 'IMAGE_NOT_FOUND')),
        critical: fc.nat(3),
        high: fc.nat(3),
        medium: maybe(fc.nat(3)),
      },
      { requiredKeys: ['imageUri', 'repositoryName', 'critical', 'high'] },
    ),
  ),
  inspector: fc.oneof(fc.constant(null), some({ ecr: maybe(some({ status })), ec2: maybe(some({ status })) })),
  guardDuty: fc.oneof(
    fc.constant(null),
    fc.record(
      {
        detectorId: pick('d-1', 'd-2'),
        status: maybe(status),
        features: list(
          some({
            name: maybe(pick('EKS_AUDIT_LOGS', 'RUNTIME_MONITORING', 'EKS_RUNTIME_MONITORING')),
            status: maybe(status),
            additionalConfiguration: list(
              some({ name: maybe(pick('EKS_ADDON_MANAGEMENT')), status: maybe(status) }),
              2,
            ),
          }),
        ),
      },
      { requiredKeys: ['detectorId'] },
    ),
  ),
  logGroup: fc.oneof(
    fc.constant(null),
    some({ logGroupName: maybe(pick('/aws/eks/prod/cluster')), retentionInDays: maybe(pick(0, 30, 90, 365)) }),
  ),
  instances: factList(
    fc.record(
      {
        InstanceId: pick('i-1', 'i-2'),
        MetadataOptions: maybe(
          some({ HttpTokens: maybe(pick('required', 'optional')), HttpPutResponseHopLimit: maybe(pick(1, 2, 3)) }),
        ),
        PublicIpAddress: maybe(pick('198.51.100.4')),
        SubnetId: maybe(SUBNET),
        PrivateDnsName: maybe(NODE_NAMES),
      },
      { requiredKeys: ['InstanceId'] },
    ),
  ),
  subnets: factList(
    fc.record(
      { SubnetId: SUBNET, VpcId: maybe(pick('vpc-1')), MapPublicIpOnLaunch: maybe(fc.boolean()) },
      { requiredKeys: ['SubnetId'] },
    ),
  ),
  routeTables: factList(
    some({
      RouteTableId: maybe(pick('rtb-1')),
      VpcId: maybe(pick('vpc-1')),
      Associations: list(some({ SubnetId: maybe(SUBNET), Main: maybe(fc.boolean()) }), 2),
      Routes: list(
        some({
          DestinationCidrBlock: maybe(CIDRS),
          GatewayId: maybe(pick('igw-1', 'local')),
          NatGatewayId: maybe(pick('nat-1')),
        }),
        2,
      ),
    }),
  ),
  nodeRolePolicies: factList(
    fc.record({
      roleArn: ARN,
      roleName: pick('node-role', 'gpu-role'),
      attachedPolicyArns: factList(
        pick(
          'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
          'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser',
          'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
        ),
      ),
      inlinePolicies: factList(
        fc.record({
          policyName: pick('inline'),
          actions: factList(pick('ecr:*', 'ecr:PutImage', 'ecr:BatchGetImage', '*')),
        }),
        2,
      ),
    }),
  ),
};

const notCollected = fc.constant({ status: 'not-collected', reason: 'generated: AccessDenied' });

/** One AWS fact entry as the snapshot holds it: usually collected with a (possibly odd) value. */
export function factEntry(name: AwsFactName): fc.Arbitrary<Json> {
  return fc.oneof(
    { arbitrary: FACTS[name].map((value) => ({ status: 'collected', value })), weight: 6 },
    { arbitrary: notCollected, weight: 1 },
  );
}

const kubeletConfig = some({
  authentication: maybe(
    some({
      anonymous: maybe(some({ enabled: maybe(fc.boolean()) })),
      webhook: maybe(some({ enabled: maybe(fc.boolean()), cacheTTL: maybe(pick('2m0s')) })),
      x509: maybe(some({ clientCAFile: maybe(pick('/etc/kubernetes/pki/ca.crt', '')) })),
    }),
  ),
  authorization: maybe(some({ mode: maybe(pick('Webhook', 'AlwaysAllow')) })),
  readOnlyPort: maybe(pick(0, 10255)),
  streamingConnectionIdleTimeout: maybe(pick('4h0m0s', '5m0s', '0s', '30m', 'bad')),
  makeIPTablesUtilChains: maybe(fc.boolean()),
  eventRecordQPS: maybe(pick(0, 5, 50, -1)),
  rotateCertificates: maybe(fc.boolean()),
  serverTLSBootstrap: maybe(fc.boolean()),
  featureGates: maybe(some({ RotateKubeletServerCertificate: maybe(fc.boolean()) })),
});

export const kubeletConfigs: fc.Arbitrary<Json> = fc.oneof(
  {
    arbitrary: fc
      .array(
        fc.record({
          node: NODE_NAMES,
          group: pick('general', 'fargate-profile', 'auto', 'gpu'),
          config: kubeletConfig,
        }),
        {
          maxLength: 3,
        },
      )
      .map((items) => ({ status: 'collected', items })),
    weight: 6,
  },
  { arbitrary: notCollected, weight: 1 },
);

export const awsAuth: fc.Arbitrary<Json> = fc.oneof(
  {
    arbitrary: fc
      .array(
        fc.record(
          {
            type: pick('role', 'user'),
            arn: ARN,
            username: pick('admin', 'system:node:{{EC2PrivateDNSName}}'),
            groups: factList(pick('system:masters', 'system:bootstrappers', 'system:nodes', 'eks-admins'), 2),
          },
          { requiredKeys: ['type', 'arn', 'groups'] },
        ),
        { maxLength: 3 },
      )
      .map((items) => ({ status: 'collected', items })),
    weight: 6,
  },
  { arbitrary: notCollected, weight: 1 },
);
