/**
 * Kubescape, cluster-level rules: the cloud rules read EKS DescribeCluster, ECR DescribeRepositories and IAM policy
 * data, the host-sensor rules read each node's kubelet configuration and CNI names, and the namespace, network and
 * secret-store rules read Kubernetes objects. The cases state each peer scenario in the shapes our collector keeps
 * (test/fixtures/aws/facts.ts, configz `kubeletconfig`, Kubernetes objects), written here from the rules' raw.rego.
 */
import { ACCOUNT, passingFacts, REGION } from '../../fixtures/aws/facts.js';
import { configMap, ctr, deployment, namespace, type Obj, pod, service, workload } from '../objects.js';
import type { AgreementCase } from '../types.js';

type KsCase = Omit<AgreementCase, 'peer'>;

const facts = passingFacts();
const cluster = facts.cluster as Record<string, unknown>;
const vpc = cluster.resourcesVpcConfig as Record<string, unknown>;

/** The well-configured DescribeCluster with some fields replaced. */
const withCluster = (fields: Record<string, unknown>) => ({ cluster: { ...cluster, ...fields } });
const withVpc = (fields: Record<string, unknown>) => withCluster({ resourcesVpcConfig: { ...vpc, ...fields } });
const withLogging = (types: string[], enabled = true) =>
  withCluster({ logging: { clusterLogging: types.length === 0 ? [] : [{ types, enabled }] } });

/** An effective kubelet configuration of an EKS-optimized node, with some keys replaced or removed (undefined). */
function kubelet(edit: Record<string, unknown> = {}): Record<string, unknown> {
  const config: Record<string, unknown> = {
    authentication: {
      anonymous: { enabled: false },
      webhook: { enabled: true, cacheTTL: '2m0s' },
      x509: { clientCAFile: '/etc/kubernetes/pki/ca.crt' },
    },
    authorization: { mode: 'Webhook' },
    streamingConnectionIdleTimeout: '4h0m0s',
    makeIPTablesUtilChains: true,
    eventRecordQPS: 50,
    featureGates: { RotateKubeletServerCertificate: true },
    serverTLSBootstrap: true,
    rotateCertificates: true,
  };
  for (const [key, value] of Object.entries(edit)) {
    if (value === undefined) delete config[key];
    else config[key] = value;
  }
  return config;
}

const OWN_ECR = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;

function daemonSet(name: string, ns: string, containers: Obj[]): Obj {
  return workload('DaemonSet', name, { containers }, { namespace: ns });
}
const awsNode = (agentArgs?: string[]): Obj =>
  daemonSet('aws-node', 'kube-system', [
    { name: 'aws-node', image: `602401143452.dkr.ecr.${REGION}.amazonaws.com/amazon-k8s-cni:v1.19.2` },
    ...(agentArgs
      ? [
          {
            name: 'aws-network-policy-agent',
            image: `602401143452.dkr.ecr.${REGION}.amazonaws.com/amazon/aws-network-policy-agent:v1.1.6`,
            args: agentArgs,
          },
        ]
      : []),
  ]);

const cases: KsCase[] = [
  // C-0066 secret-etcd-encryption-cloud
  {
    control: 'C-0066',
    source: 'secret-etcd-encryption-cloud (EKS)',
    scenario: 'encryptionConfig with a KMS key for secrets',
    check: 'aws-secrets-kms-encryption',
    aws: withCluster({}),
    expected: 'pass',
  },
  {
    control: 'C-0066',
    source: 'secret-etcd-encryption-cloud (EKS)',
    scenario: 'no encryptionConfig',
    check: 'aws-secrets-kms-encryption',
    aws: withCluster({ encryptionConfig: undefined }),
    expected: 'fail',
  },
  {
    control: 'C-0066',
    source: 'secret-etcd-encryption-cloud/raw.rego (empty list)',
    scenario: 'an empty encryptionConfig list',
    check: 'aws-secrets-kms-encryption',
    aws: withCluster({ encryptionConfig: [] }),
    expected: 'fail',
  },
  {
    control: 'C-0066',
    source: 'secret-etcd-encryption-cloud/raw.rego (no resources)',
    scenario: 'an encryptionConfig entry naming no resources',
    check: 'aws-secrets-kms-encryption',
    aws: withCluster({
      encryptionConfig: [{ resources: [], provider: { keyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/k` } }],
    }),
    expected: 'fail',
  },
  // C-0067 k8s-audit-logs-enabled-cloud: passes when api, audit or authenticator logging is on.
  {
    control: 'C-0067',
    source: 'k8s-audit-logs-enabled-cloud (EKS)',
    scenario: 'no control-plane logging',
    check: 'aws-audit-logging-enabled',
    aws: withLogging([]),
    expected: 'fail',
  },
  {
    control: 'C-0067',
    source: 'k8s-audit-logs-enabled-cloud (EKS)',
    scenario: 'audit logging on',
    check: 'aws-audit-logging-enabled',
    aws: withLogging(['audit']),
    expected: 'pass',
  },
  {
    control: 'C-0067',
    source: 'k8s-audit-logs-enabled-cloud/raw.rego (enabled: false)',
    scenario: 'the audit type listed but disabled',
    check: 'aws-audit-logging-enabled',
    aws: withLogging(['api', 'audit'], false),
    expected: 'fail',
  },
  {
    control: 'C-0067',
    source: 'k8s-audit-logs-enabled-cloud/raw.rego (api counts)',
    scenario: 'only the api log type on',
    check: 'aws-audit-logging-enabled',
    aws: withLogging(['api']),
    expected: 'pass',
    difference: 'Kubescape C-0067, which passes when any of the api, audit or authenticator types is enabled',
  },
  {
    control: 'C-0067',
    source: 'k8s-audit-logs-enabled-cloud (EKS)',
    scenario: 'all five log types on',
    check: 'aws-control-plane-logging-all-types',
    aws: withLogging(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']),
    expected: 'pass',
  },
  {
    control: 'C-0067',
    source: 'k8s-audit-logs-enabled-cloud (EKS)',
    scenario: 'no control-plane logging',
    check: 'aws-control-plane-logging-all-types',
    aws: withLogging([]),
    expected: 'fail',
  },
  {
    control: 'C-0067',
    source: 'k8s-audit-logs-enabled-cloud/raw.rego (api counts)',
    scenario: 'api and audit on, the other three off',
    check: 'aws-control-plane-logging-all-types',
    aws: withLogging(['api', 'audit']),
    expected: 'pass',
    difference: 'Kubescape C-0067, which passes when any of the api, audit or authenticator types is enabled',
  },
  // C-0227 ensure-endpointprivateaccess-is-enabled: fails only when the private endpoint is off.
  {
    control: 'C-0227',
    source: 'ensure-endpointprivateaccess-is-enabled',
    scenario: 'private endpoint off (public endpoint limited to one CIDR)',
    check: 'aws-endpoint-access-restricted',
    aws: withVpc({ endpointPrivateAccess: false, endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24'] }),
    expected: 'fail',
  },
  {
    control: 'C-0227',
    source: 'ensure-endpointprivateaccess-is-enabled',
    scenario: 'private endpoint on, public endpoint off',
    check: 'aws-endpoint-access-restricted',
    aws: withVpc({}),
    expected: 'pass',
  },
  {
    control: 'C-0227',
    source: 'ensure-endpointprivateaccess-is-enabled/raw.rego',
    scenario: 'private endpoint on, public endpoint limited to one CIDR',
    check: 'aws-endpoint-access-restricted',
    aws: withVpc({ endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24'] }),
    expected: 'pass',
  },
  {
    control: 'C-0227',
    source: 'ensure-endpointprivateaccess-is-enabled/raw.rego',
    scenario: 'private endpoint on, public endpoint open to 0.0.0.0/0',
    check: 'aws-endpoint-access-restricted',
    aws: withVpc({ endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/0'] }),
    expected: 'pass',
    difference: 'Kubescape C-0227, which fails only a disabled private endpoint',
  },
  // C-0228 …-endpointpublicaccess-is-disabled-eks: private on and public off.
  {
    control: 'C-0228',
    source: 'ensure-endpointprivateaccess-is-enabled-and-endpointpublicaccess-is-disabled-eks',
    scenario: 'private on, public off',
    check: 'aws-endpoint-private-only',
    aws: withVpc({}),
    expected: 'pass',
  },
  {
    control: 'C-0228',
    source: 'ensure-endpointprivateaccess-is-enabled-and-endpointpublicaccess-is-disabled-eks',
    scenario: 'private on, public on (restricted CIDR)',
    check: 'aws-endpoint-private-only',
    aws: withVpc({ endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24'] }),
    expected: 'fail',
  },
  {
    control: 'C-0228',
    source: 'ensure-endpointprivateaccess-is-enabled-and-endpointpublicaccess-is-disabled-eks',
    scenario: 'private off, public off',
    check: 'aws-endpoint-private-only',
    aws: withVpc({ endpointPrivateAccess: false }),
    expected: 'fail',
  },
  // C-0229 ensure-endpointpublicaccess-is-disabled-on-private-nodes-eks: a public endpoint open to 0.0.0.0/0 fails.
  {
    control: 'C-0229',
    source: 'ensure-endpointpublicaccess-is-disabled-on-private-nodes-eks',
    scenario: 'private endpoint only, nodes in private subnets',
    check: 'aws-private-nodes',
    aws: withVpc({}),
    expected: 'pass',
  },
  {
    control: 'C-0229',
    source: 'ensure-endpointpublicaccess-is-disabled-on-private-nodes-eks',
    scenario: 'a public endpoint open to 0.0.0.0/0, and a node with a public IP',
    check: 'aws-private-nodes',
    aws: {
      ...withVpc({ endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/0'] }),
      instances: [{ ...(facts.instances as Obj[])[0], PublicIpAddress: '198.51.100.7' }],
    },
    expected: 'fail',
  },
  {
    control: 'C-0229',
    source: 'ensure-endpointpublicaccess-is-disabled-on-private-nodes-eks/raw.rego',
    scenario: 'a public endpoint open to 0.0.0.0/0, nodes in private subnets without public IPs',
    check: 'aws-private-nodes',
    aws: withVpc({ endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/0'] }),
    expected: 'fail',
    difference: 'Kubescape C-0229 reads the endpoint flags',
  },
  // C-0230 ensure-network-policy-is-enabled-eks: the node's CNI names must include Calico or Cilium.
  {
    control: 'C-0230',
    source: 'ensure-network-policy-is-enabled-eks',
    scenario: 'the VPC CNI alone, network policy off',
    check: 'aws-vpc-cni-network-policy',
    aws: { addons: [{ addonName: 'vpc-cni', addonVersion: 'v1.19.2-eksbuild.1' }] },
    expected: 'fail',
  },
  {
    control: 'C-0230',
    source: 'ensure-network-policy-is-enabled-eks/raw.rego',
    scenario: 'the VPC CNI with its own network policy enforcement on, no Calico or Cilium',
    check: 'aws-vpc-cni-network-policy',
    aws: {
      addons: [
        {
          addonName: 'vpc-cni',
          addonVersion: 'v1.19.2-eksbuild.1',
          configurationValues: '{"enableNetworkPolicy":"true"}',
        },
      ],
    },
    expected: 'fail',
    difference: 'Kubescape C-0230 looks only for Calico or Cilium',
  },
  {
    control: 'C-0230',
    source: 'ensure-network-policy-is-enabled-eks',
    scenario: 'the VPC CNI add-on with network policy on beside Cilium',
    check: 'aws-vpc-cni-network-policy',
    objects: [daemonSet('cilium', 'kube-system', [{ name: 'cilium-agent', image: 'quay.io/cilium/cilium:v1.16.5' }])],
    aws: {
      addons: [
        {
          addonName: 'vpc-cni',
          addonVersion: 'v1.19.2-eksbuild.1',
          configurationValues: 'enableNetworkPolicy: "true"',
        },
      ],
    },
    expected: 'pass',
  },
  // C-0221 ensure-image-scanning-enabled-cloud: every repository has scanOnPush.
  {
    control: 'C-0221',
    source: 'ensure-image-scanning-enabled-cloud',
    scenario: 'a repository with scanOnPush on, no registry rules',
    check: 'aws-ecr-image-scanning',
    aws: {
      ecrRegistryScanning: { registryId: ACCOUNT, scanType: 'BASIC', rules: [] },
      ecrRepositories: [
        { repositoryName: 'payments/api', registryId: ACCOUNT, imageScanningConfiguration: { scanOnPush: true } },
      ],
    },
    expected: 'pass',
  },
  {
    control: 'C-0221',
    source: 'ensure-image-scanning-enabled-cloud',
    scenario: 'a repository with scanOnPush off, no registry rules',
    check: 'aws-ecr-image-scanning',
    aws: {
      ecrRegistryScanning: { registryId: ACCOUNT, scanType: 'BASIC', rules: [] },
      ecrRepositories: [
        { repositoryName: 'payments/api', registryId: ACCOUNT, imageScanningConfiguration: { scanOnPush: false } },
      ],
    },
    expected: 'fail',
  },
  {
    control: 'C-0221',
    source: 'ensure-image-scanning-enabled-cloud/raw.rego (repository flag only)',
    scenario: 'enhanced continuous scanning of every repository by a registry rule, repository flag off',
    check: 'aws-ecr-image-scanning',
    aws: {},
    expected: 'fail',
    difference: "Kubescape C-0221 reads only each repository's legacy scanOnPush flag",
  },
  // C-0223 ensure_nodeinstancerole_has_right_permissions_for_ecr: every statement of the node role's policies must be
  // exactly the four ECR pull actions on "*".
  {
    control: 'C-0223',
    source: 'ensure_nodeinstancerole_has_right_permissions_for_ecr',
    scenario: 'an inline policy with exactly the four pull actions',
    check: 'aws-node-role-ecr-read-only',
    aws: {
      nodeRolePolicies: [
        {
          roleName: 'NodeInstanceRole',
          roleArn: `arn:aws:iam::${ACCOUNT}:role/NodeInstanceRole`,
          attachedPolicyArns: [],
          inlinePolicies: [
            {
              policyName: 'ecr-pull',
              actions: [
                'ecr:BatchCheckLayerAvailability',
                'ecr:BatchGetImage',
                'ecr:GetDownloadUrlForLayer',
                'ecr:GetAuthorizationToken',
              ],
            },
          ],
        },
      ],
    },
    expected: 'pass',
  },
  {
    control: 'C-0223',
    source: 'ensure_nodeinstancerole_has_right_permissions_for_ecr',
    scenario: 'an inline policy allowing ecr:*',
    check: 'aws-node-role-ecr-read-only',
    aws: {
      nodeRolePolicies: [
        {
          roleName: 'NodeInstanceRole',
          roleArn: `arn:aws:iam::${ACCOUNT}:role/NodeInstanceRole`,
          attachedPolicyArns: ['arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy'],
          inlinePolicies: [{ policyName: 'ecr-all', actions: ['ecr:*'] }],
        },
      ],
    },
    expected: 'fail',
  },
  {
    control: 'C-0223',
    source: 'ensure_nodeinstancerole_has_right_permissions_for_ecr/raw.rego (every statement)',
    scenario: 'the standard node role: AmazonEKSWorkerNodePolicy and AmazonEC2ContainerRegistryReadOnly',
    check: 'aws-node-role-ecr-read-only',
    aws: {},
    expected: 'fail',
    difference: 'Kubescape C-0223 fails any node role policy statement that is not exactly the four ECR pull actions',
  },
  // C-0285 (CIS 4.1.7, the Cluster Access Manager API): its rule was not in the index read; the cases follow the
  // control's text.
  {
    control: 'C-0285',
    source: 'C-0285 (control text)',
    scenario: 'authenticationMode API',
    check: 'aws-authentication-mode-api',
    aws: withCluster({ accessConfig: { authenticationMode: 'API' } }),
    expected: 'pass',
  },
  {
    control: 'C-0285',
    source: 'C-0285 (control text)',
    scenario: 'authenticationMode API_AND_CONFIG_MAP',
    check: 'aws-authentication-mode-api',
    aws: withCluster({ accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' } }),
    expected: 'pass',
  },
  {
    control: 'C-0285',
    source: 'C-0285 (control text)',
    scenario: 'authenticationMode CONFIG_MAP',
    check: 'aws-authentication-mode-api',
    aws: withCluster({ accessConfig: { authenticationMode: 'CONFIG_MAP' } }),
    expected: 'fail',
  },
  // Kubelet (host sensor KubeletInfo: the config file and command line; here the effective configz).
  ...(
    [
      [
        'C-0172',
        'anonymous-requests-to-kubelet-service',
        'kubelet-anonymous-auth-disabled',
        {
          authentication: {
            anonymous: { enabled: true },
            webhook: { enabled: true },
            x509: { clientCAFile: '/etc/kubernetes/pki/ca.crt' },
          },
        },
      ],
      [
        'C-0173',
        'kubelet-authorization-mode-alwaysAllow',
        'kubelet-authorization-webhook',
        { authorization: { mode: 'AlwaysAllow' } },
      ],
      [
        'C-0174',
        'enforce-kubelet-client-tls-authentication',
        'kubelet-client-ca-file',
        { authentication: { anonymous: { enabled: false }, webhook: { enabled: true }, x509: {} } },
      ],
      ['C-0175', 'read-only-port-enabled', 'kubelet-read-only-port-disabled', { readOnlyPort: 10255 }],
      [
        'C-0176',
        'kubelet-streaming-connection-idle-timeout',
        'kubelet-streaming-idle-timeout',
        { streamingConnectionIdleTimeout: '0s' },
      ],
      ['C-0178', 'kubelet-ip-tables', 'kubelet-iptables-util-chains', { makeIPTablesUtilChains: false }],
      ['C-0181', 'kubelet-rotate-certificates', 'kubelet-rotate-certificates', { rotateCertificates: false }],
      [
        'C-0183',
        'kubelet-rotate-kubelet-server-certificate',
        'kubelet-rotate-server-certificates',
        { featureGates: { RotateKubeletServerCertificate: false } },
      ],
    ] as const
  ).flatMap(([control, rule, check, bad]): KsCase[] => [
    {
      control,
      source: rule,
      scenario: 'an EKS-optimized node configuration',
      check,
      kubelet: kubelet(),
      expected: 'pass',
    },
    {
      control,
      source: rule,
      scenario: `${Object.keys(bad)[0]} set as the rule reports`,
      check,
      kubelet: kubelet(bad),
      expected: 'fail',
    },
  ]),
  {
    control: 'C-0175',
    source: 'read-only-port-enabled/raw.rego',
    scenario: 'readOnlyPort 0 (disabled, omitted from configz)',
    check: 'kubelet-read-only-port-disabled',
    kubelet: kubelet({ readOnlyPort: undefined }),
    expected: 'pass',
  },
  {
    control: 'C-0176',
    source: 'kubelet-streaming-connection-idle-timeout/raw.rego',
    scenario: 'a timeout of 5m',
    check: 'kubelet-streaming-idle-timeout',
    kubelet: kubelet({ streamingConnectionIdleTimeout: '5m0s' }),
    expected: 'pass',
  },
  {
    control: 'C-0180',
    source: 'kubelet-event-qps',
    scenario: 'eventRecordQPS 50',
    check: 'kubelet-event-record-qps',
    kubelet: kubelet(),
    expected: 'pass',
  },
  {
    control: 'C-0180',
    source: 'kubelet-event-qps/raw.rego (eventRecordQPS == 0)',
    scenario: 'eventRecordQPS 0 (no limit)',
    check: 'kubelet-event-record-qps',
    kubelet: kubelet({ eventRecordQPS: 0 }),
    expected: 'fail',
    difference: 'Kubescape C-0180, which fails eventRecordQPS 0',
  },
  {
    control: 'C-0181',
    source: 'kubelet-rotate-certificates/raw.rego (config file)',
    scenario: 'rotateCertificates absent (configz omits false)',
    check: 'kubelet-rotate-certificates',
    kubelet: kubelet({ rotateCertificates: undefined }),
    expected: 'pass',
    difference: 'an absent key is the zero value false',
  },
  // C-0205 ensure-that-the-cni-in-use-supports-network-policies: fails the AWS CNI alone, or Flannel without Calico.
  {
    control: 'C-0205',
    source: 'ensure-that-the-cni-in-use-supports-network-policies',
    scenario: 'the AWS VPC CNI alone, without its network policy agent',
    check: 'network-cni-network-policy-support',
    objects: [awsNode()],
    expected: 'fail',
  },
  {
    control: 'C-0205',
    source: 'ensure-that-the-cni-in-use-supports-network-policies',
    scenario: 'the AWS VPC CNI with Calico for policy',
    check: 'network-cni-network-policy-support',
    objects: [
      awsNode(),
      daemonSet('calico-node', 'calico-system', [{ name: 'calico-node', image: 'quay.io/calico/node:v3.29.1' }]),
    ],
    expected: 'pass',
  },
  {
    control: 'C-0205',
    source: 'ensure-that-the-cni-in-use-supports-network-policies',
    scenario: 'Cilium as the CNI',
    check: 'network-cni-network-policy-support',
    objects: [daemonSet('cilium', 'kube-system', [{ name: 'cilium-agent', image: 'quay.io/cilium/cilium:v1.16.5' }])],
    expected: 'pass',
  },
  {
    control: 'C-0205',
    source: 'ensure-that-the-cni-in-use-supports-network-policies/raw.rego (aws alone)',
    scenario: 'the AWS VPC CNI alone, its network policy agent enforcing',
    check: 'network-cni-network-policy-support',
    objects: [awsNode(['--enable-network-policy=true'])],
    expected: 'fail',
    difference: 'Kubescape C-0205 fails the AWS VPC CNI unless another CNI runs beside it',
  },
  // C-0206 internal-networking: a Namespace without a NetworkPolicy in it.
  {
    control: 'C-0206',
    source: 'internal-networking',
    scenario: 'a namespace with a NetworkPolicy',
    check: 'network-namespace-network-policy',
    objects: [
      namespace('team-a'),
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'deny-all', namespace: 'team-a' },
        spec: { podSelector: {}, policyTypes: ['Ingress'] },
      },
    ],
    expected: 'pass',
  },
  {
    control: 'C-0206',
    source: 'internal-networking',
    scenario: 'a namespace without one',
    check: 'network-namespace-network-policy',
    objects: [namespace('team-a')],
    expected: 'fail',
  },
  {
    control: 'C-0206',
    source: 'internal-networking',
    scenario: 'two namespaces, a NetworkPolicy in one only',
    check: 'network-namespace-network-policy',
    objects: [
      namespace('team-a'),
      namespace('team-b'),
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'deny-all', namespace: 'team-a' },
        spec: { podSelector: {} },
      },
    ],
    expected: 'fail',
    failing: ['Namespace team-b'],
  },
  {
    control: 'C-0206',
    source: 'internal-networking/raw.rego (kind NetworkPolicy only)',
    scenario: 'a namespace covered by a CiliumNetworkPolicy',
    check: 'network-namespace-network-policy',
    objects: [
      namespace('team-a'),
      {
        apiVersion: 'cilium.io/v2',
        kind: 'CiliumNetworkPolicy',
        metadata: { name: 'deny-all', namespace: 'team-a' },
        spec: { endpointSelector: {}, ingress: [{}] },
      },
    ],
    expected: 'fail',
    difference: 'Kubescape C-0206 counts only Kubernetes NetworkPolicy objects',
  },
  // C-0231 ensure-https-loadbalancers-encrypted-with-tls-aws: a LoadBalancer Service on 443 without the ACM annotation.
  {
    control: 'C-0231',
    source: 'ensure-https-loadbalancers-encrypted-with-tls-aws',
    scenario: 'a LoadBalancer on 443 without a certificate annotation',
    check: 'network-load-balancer-tls',
    objects: [service('web', { type: 'LoadBalancer', ports: [{ name: 'https', port: 443, targetPort: 8443 }] })],
    expected: 'fail',
  },
  {
    control: 'C-0231',
    source: 'ensure-https-loadbalancers-encrypted-with-tls-aws',
    scenario: 'a LoadBalancer on 443 with an ACM certificate',
    check: 'network-load-balancer-tls',
    objects: [
      service(
        'web',
        { type: 'LoadBalancer', ports: [{ port: 443, targetPort: 8080 }] },
        {
          annotations: {
            'service.beta.kubernetes.io/aws-load-balancer-ssl-cert': `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/abc`,
          },
        },
      ),
    ],
    expected: 'pass',
  },
  {
    control: 'C-0231',
    source: 'ensure-https-loadbalancers-encrypted-with-tls-aws/raw.rego (port 443 only)',
    scenario: 'a LoadBalancer on port 80 only',
    check: 'network-load-balancer-tls',
    objects: [service('web', { type: 'LoadBalancer', ports: [{ port: 80, targetPort: 8080 }] })],
    expected: 'pass',
  },
  {
    control: 'C-0231',
    source: 'ensure-https-loadbalancers-encrypted-with-tls-aws/raw.rego (type LoadBalancer)',
    scenario: 'a ClusterIP Service on 443',
    check: 'network-load-balancer-tls',
    objects: [service('web', { type: 'ClusterIP', ports: [{ port: 443, targetPort: 8443 }] })],
    expected: 'pass',
  },
  // C-0234 ensure-external-secrets-storage-is-in-use: each workload's first volume is a CSI secretProviderClass volume.
  {
    control: 'C-0234',
    source: 'ensure-external-secrets-storage-is-in-use',
    scenario: 'the Secrets Store CSI driver installed and a Deployment mounting it first',
    check: 'secrets-external-store',
    objects: [
      { apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver', metadata: { name: 'secrets-store.csi.k8s.io' }, spec: {} },
      deployment('api', {
        containers: [ctr('app', { volumeMounts: [{ name: 'secrets', mountPath: '/mnt/secrets', readOnly: true }] })],
        volumes: [
          {
            name: 'secrets',
            csi: {
              driver: 'secrets-store.csi.k8s.io',
              readOnly: true,
              volumeAttributes: { secretProviderClass: 'api-secrets' },
            },
          },
        ],
      }),
    ],
    expected: 'pass',
  },
  {
    control: 'C-0234',
    source: 'ensure-external-secrets-storage-is-in-use',
    scenario: 'no external store and a Deployment with a plain Secret volume',
    check: 'secrets-external-store',
    objects: [deployment('api', { containers: [ctr()], volumes: [{ name: 'db', secret: { secretName: 'db' } }] })],
    expected: 'fail',
  },
  {
    control: 'C-0234',
    source: 'ensure-external-secrets-storage-is-in-use/raw.rego (every workload)',
    scenario: 'the driver installed, one Deployment using it and one Pod that does not',
    check: 'secrets-external-store',
    objects: [
      { apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver', metadata: { name: 'secrets-store.csi.k8s.io' }, spec: {} },
      pod('job-runner', { containers: [ctr()] }),
    ],
    expected: 'fail',
    difference: 'Kubescape C-0234 fails every workload whose first volume is not a Secrets Store CSI volume',
  },
  // C-0209 list-all-namespaces: lists every Namespace for review.
  {
    control: 'C-0209',
    source: 'list-all-namespaces/raw.rego',
    scenario: 'no namespaces and no workloads',
    check: 'namespaces-in-use',
    objects: [],
    expected: 'pass',
  },
  {
    control: 'C-0209',
    source: 'list-all-namespaces/raw.rego',
    scenario: 'applications spread over two namespaces',
    check: 'namespaces-in-use',
    objects: [
      namespace('team-a'),
      namespace('team-b'),
      deployment('api', { containers: [ctr()] }),
      deployment('web', { containers: [ctr()] }, { namespace: 'team-b' }),
    ],
    expected: 'fail',
    difference: 'Kubescape C-0209 lists every namespace for review',
  },
  // C-0212: pods-in-default-namespace, service-in-default-namespace, configmap-in-default-namespace, …
  {
    control: 'C-0212',
    source: 'pods-in-default-namespace',
    scenario: 'a Deployment in default',
    check: 'namespaces-default-unused',
    objects: [deployment('api', { containers: [ctr()] }, { namespace: 'default' })],
    expected: 'fail',
    failing: ['Deployment default/api'],
  },
  {
    control: 'C-0212',
    source: 'service-in-default-namespace',
    scenario: 'a Service in default',
    check: 'namespaces-default-unused',
    objects: [service('web', { ports: [{ port: 80 }] }, { namespace: 'default' })],
    expected: 'fail',
  },
  {
    control: 'C-0212',
    source: 'configmap-in-default-namespace',
    scenario: 'a ConfigMap in default',
    check: 'namespaces-default-unused',
    objects: [configMap('settings', { mode: 'prod' }, 'default')],
    expected: 'fail',
  },
  {
    control: 'C-0212',
    source: 'pods-in-default-namespace',
    scenario: 'the same objects in team-a',
    check: 'namespaces-default-unused',
    objects: [
      deployment('api', { containers: [ctr()] }),
      service('web', { ports: [{ port: 80 }] }),
      configMap('settings', { mode: 'prod' }),
    ],
    expected: 'pass',
  },
  {
    control: 'C-0212',
    source: 'service-in-default-namespace/raw.rego (the kubernetes Service)',
    scenario: 'only what Kubernetes puts in default: the kubernetes Service and kube-root-ca.crt',
    check: 'namespaces-default-unused',
    objects: [
      service('kubernetes', { ports: [{ port: 443 }] }, { namespace: 'default' }),
      configMap('kube-root-ca.crt', { 'ca.crt': 'x' }, 'default'),
    ],
    expected: 'pass',
  },
];

export const kubescapeClusterCases: AgreementCase[] = cases.map((c) => ({ ...c, peer: 'kubescape' }));
void OWN_ECR;
