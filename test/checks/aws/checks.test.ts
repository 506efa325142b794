/** Every AWS-side check against a passing snapshot and a failing one that differs in one fact. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { awsChecks } from '../../../functions/checks/aws/index.js';
import type { CheckOutcome } from '../../../functions/checks/types.js';
import type { AwsFacts } from '../../../functions/model/aws-facts.js';
import type { KubeObject, Snapshot } from '../../../functions/model/snapshot.js';
import { runCheck } from '../../../functions/scoring/run-check.js';
import { node, passingFacts, snapshotWith } from '../../fixtures/aws/facts.js';

const base = passingFacts();
const NODES = [node('ip-10-0-1-10.eu-west-1.compute.internal', 'v1.31.4-eks-a737599')];

interface Case {
  /** Snapshot on which the check fails. */
  failing: () => Snapshot;
  /** Substrings expected in the failing findings' messages. */
  messages: string[];
  /** Snapshot on which it passes (default: the passing facts). */
  passing?: () => Snapshot;
}

const with_ = (o: Partial<AwsFacts>) => () => snapshotWith(o, { objects: NODES });

const CASES: Record<string, Case> = {
  'aws-audit-logging-enabled': {
    failing: with_({
      cluster: {
        ...base.cluster,
        logging: {
          clusterLogging: [
            { types: ['api', 'audit'], enabled: false },
            { types: ['api'], enabled: true },
          ],
        },
      },
    }),
    messages: ['the audit log type is not enabled'],
  },
  'aws-control-plane-logging-all-types': {
    failing: with_({
      cluster: { ...base.cluster, logging: { clusterLogging: [{ types: ['audit', 'api'], enabled: true }] } },
    }),
    messages: ['log types not enabled: authenticator, controllerManager, scheduler'],
  },
  'aws-control-plane-log-retention': {
    failing: with_({ logGroup: { logGroupName: '/aws/eks/prod-eu/cluster' } }),
    messages: ['retentionInDays is not set', 'kmsKeyId is not set'],
  },
  'aws-guardduty-eks-audit-logs': {
    failing: with_({
      guardDuty: { detectorId: 'det-1', status: 'ENABLED', features: [{ name: 'EKS_AUDIT_LOGS', status: 'DISABLED' }] },
    }),
    messages: ['EKS_AUDIT_LOGS is not ENABLED'],
  },
  'aws-guardduty-eks-runtime-monitoring': {
    failing: with_({ guardDuty: null }),
    messages: ['GuardDuty has no detector in this region'],
    passing: with_({
      guardDuty: {
        detectorId: 'd',
        status: 'ENABLED',
        features: [{ name: 'EKS_RUNTIME_MONITORING', status: 'ENABLED' }],
      },
    }),
  },
  'aws-access-entry-cluster-admin': {
    failing: with_({
      accessEntries: [
        ...base.accessEntries,
        {
          principalArn: 'arn:aws:iam::111122223333:role/ci',
          associatedPolicies: [
            {
              policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
              accessScope: { type: 'cluster' },
            },
          ],
        },
      ],
    }),
    messages: ['AmazonEKSClusterAdminPolicy is associated at cluster scope'],
  },
  'aws-bootstrap-cluster-creator-admin': {
    failing: with_({
      cluster: {
        ...base.cluster,
        createdAt: '2025-01-10T09:00:00.000Z',
        accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: true },
      },
      accessEntries: [
        ...base.accessEntries,
        {
          principalArn: 'arn:aws:iam::111122223333:role/cluster-creator',
          type: 'STANDARD',
          createdAt: '2025-01-10T09:04:00.000Z',
          associatedPolicies: [
            {
              policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
              accessScope: { type: 'cluster' },
            },
          ],
        },
      ],
    }),
    messages: ["still holds AmazonEKSClusterAdminPolicy at cluster scope: the creator's bootstrap admin"],
  },
  'aws-authentication-mode-api': {
    failing: with_({ cluster: { ...base.cluster, accessConfig: { authenticationMode: 'CONFIG_MAP' } } }),
    messages: ['authenticationMode is CONFIG_MAP'],
    passing: with_({ cluster: { ...base.cluster, accessConfig: { authenticationMode: 'API_AND_CONFIG_MAP' } } }),
  },
  'aws-ecr-image-scanning': {
    failing: with_({
      ecrRegistryScanning: {
        registryId: '111122223333',
        scanType: 'BASIC',
        rules: [{ scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: [{ filter: 'web/*', filterType: 'WILDCARD' }] }],
      },
    }),
    messages: ['matches it (registry scanType BASIC) and scanOnPush is off'],
    // No registry rule, but the legacy repository flag is on.
    passing: with_({
      ecrRegistryScanning: { registryId: '111122223333', scanType: 'BASIC', rules: [] },
      ecrRepositories: [
        {
          repositoryName: 'payments/api',
          registryId: '111122223333',
          imageScanningConfiguration: { scanOnPush: true },
        },
      ],
    }),
  },
  'aws-inspector-ecr-enabled': {
    failing: with_({ inspector: { ecr: { status: 'DISABLED' } } }),
    messages: ['Inspector ECR scanning is DISABLED'],
  },
  'aws-node-role-ecr-read-only': {
    failing: with_({
      nodeRolePolicies: [
        {
          roleName: 'prod-eu-node',
          attachedPolicyArns: ['arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser'],
          inlinePolicies: [{ policyName: 'push', actions: ['ecr:Put*'] }],
        },
      ],
    }),
    messages: [
      'attached policy AmazonEC2ContainerRegistryPowerUser allows ECR writes',
      'inline policy push allows ecr:putimage',
    ],
  },
  'aws-node-imdsv2': {
    failing: with_({
      instances: [
        {
          InstanceId: 'i-0b',
          MetadataOptions: { HttpTokens: 'optional', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled' },
        },
      ],
    }),
    messages: ['HttpTokens is optional (IMDSv1 allowed); HttpPutResponseHopLimit is 2'],
  },
  'aws-secrets-kms-encryption': {
    failing: with_({ cluster: { ...base.cluster, encryptionConfig: [] } }),
    messages: ['encryptionConfig has no KMS key for the secrets resource'],
  },
  'aws-endpoint-access-restricted': {
    failing: with_({
      cluster: {
        ...base.cluster,
        resourcesVpcConfig: {
          endpointPublicAccess: true,
          endpointPrivateAccess: false,
          publicAccessCidrs: ['0.0.0.0/0'],
        },
      },
    }),
    messages: ['endpointPrivateAccess is false', 'the public endpoint is open to 0.0.0.0/0'],
    passing: with_({
      cluster: {
        ...base.cluster,
        resourcesVpcConfig: {
          endpointPublicAccess: true,
          endpointPrivateAccess: true,
          publicAccessCidrs: ['203.0.113.0/24'],
        },
      },
    }),
  },
  'aws-endpoint-private-only': {
    failing: with_({
      cluster: {
        ...base.cluster,
        resourcesVpcConfig: {
          endpointPublicAccess: true,
          endpointPrivateAccess: true,
          publicAccessCidrs: ['203.0.113.0/24'],
        },
      },
    }),
    messages: ['endpointPublicAccess is true'],
  },
  'aws-private-nodes': {
    failing: with_({
      instances: [{ ...base.instances[0], PublicIpAddress: '54.1.2.3' }],
      subnets: [
        { SubnetId: 'subnet-0priv1', VpcId: 'vpc-0abc', MapPublicIpOnLaunch: false },
        { SubnetId: 'subnet-0pub', VpcId: 'vpc-0abc', MapPublicIpOnLaunch: true },
      ],
      routeTables: [
        ...base.routeTables,
        {
          RouteTableId: 'rtb-pub',
          VpcId: 'vpc-0abc',
          Associations: [{ SubnetId: 'subnet-0pub' }],
          Routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-123' }],
        },
      ],
    }),
    messages: [
      'has public IP 54.1.2.3',
      'MapPublicIpOnLaunch is true',
      'route table rtb-pub sends 0.0.0.0/0 to igw-123',
    ],
  },
  'aws-vpc-cni-network-policy': {
    failing: with_({ addons: [{ addonName: 'vpc-cni', configurationValues: '{"enableNetworkPolicy":"false"}' }] }),
    messages: ['configurationValues.enableNetworkPolicy is "false"'],
    // A boolean is accepted as well as the documented string.
    passing: with_({ addons: [{ addonName: 'vpc-cni', configurationValues: '{"enableNetworkPolicy": true}' }] }),
  },
  'aws-version-supported': {
    failing: with_({
      clusterVersion: { clusterVersion: '1.24', versionStatus: 'UNSUPPORTED', endOfExtendedSupportDate: '2025-01-31' },
    }),
    messages: ['Kubernetes 1.24 is UNSUPPORTED'],
    passing: with_({ clusterVersion: { clusterVersion: '1.28', versionStatus: 'EXTENDED_SUPPORT' } }),
  },
  'aws-version-standard-support': {
    failing: with_({
      clusterVersion: {
        clusterVersion: '1.28',
        versionStatus: 'EXTENDED_SUPPORT',
        endOfStandardSupportDate: '2024-11-26',
      },
    }),
    messages: ['Kubernetes 1.28 is EXTENDED_SUPPORT'],
  },
  'aws-running-image-vulnerabilities': {
    failing: with_({
      imageFindings: [
        { imageUri: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/web:1', repositoryName: 'web', critical: 2, high: 5 },
      ],
    }),
    messages: ['2 critical and 5 high vulnerabilities'],
  },
  'aws-node-kubelet-version-skew': {
    failing: () =>
      snapshotWith({}, { objects: [...NODES, node('old-node', 'v1.27.9-eks-1'), node('new-node', 'v1.32.0-eks-1')] }),
    messages: [
      'kubelet v1.27.9-eks-1 vs control plane 1.31: 4 minor version(s) behind, beyond the supported skew',
      'newer than the control plane',
    ],
  },
  'aws-addon-version-skew': {
    failing: with_({ addons: [...base.addons, { addonName: 'kube-proxy', addonVersion: 'v1.30.6-eksbuild.3' }] }),
    messages: ['addonVersion v1.30.6-eksbuild.3 is built for Kubernetes 1.30, the cluster runs 1.31'],
    passing: with_({ addons: [...base.addons, { addonName: 'kube-proxy', addonVersion: 'v1.31.3-eksbuild.2' }] }),
  },
  'aws-node-ami-family': {
    failing: () =>
      snapshotWith(
        {
          nodegroups: [
            ...base.nodegroups,
            { nodegroupName: 'gpu-custom', amiType: 'CUSTOM', releaseVersion: 'ami-0abc' },
          ],
        },
        { objects: [osNode('ubuntu-1', 'Ubuntu 22.04.4 LTS'), osNode('al2023-1', 'Amazon Linux 2023.6.20250107')] },
      ),
    messages: [
      'osImage "Ubuntu 22.04.4 LTS" is not an EKS-optimized AMI family',
      'amiType CUSTOM: the node group runs an AMI that is not EKS-optimized',
    ],
    passing: () =>
      snapshotWith(
        {},
        {
          objects: [
            osNode('al2023-1', 'Amazon Linux 2023.6.20250107'),
            osNode('al2-1', 'Amazon Linux 2'),
            osNode('br-1', 'Bottlerocket OS 1.43.0 (aws-k8s-1.31)'),
            osNode('win-1', 'Windows Server 2022 Datacenter'),
          ],
        },
      ),
  },
  'aws-cluster-access-principals': {
    failing: with_({
      accessEntries: [
        ...base.accessEntries,
        { principalArn: 'arn:aws:iam::111122223333:user/alice', associatedPolicies: [] },
      ],
    }),
    messages: ['IAM user arn:aws:iam::111122223333:user/alice has an access entry'],
  },
};

function osNode(name: string, osImage: string): KubeObject {
  const n = node(name, 'v1.31.4-eks-a737599');
  n.status.nodeInfo.osImage = osImage;
  return n;
}

function evaluate(id: string, snapshot: Snapshot): CheckOutcome {
  const check = awsChecks.find((c) => c.id === id);
  assert.ok(check, `check ${id} exists`);
  return check.evaluate(snapshot);
}

describe('aws checks', () => {
  test('every check has a case, and ids are unique', () => {
    assert.deepEqual(awsChecks.map((c) => c.id).sort(), Object.keys(CASES).sort());
    for (const c of awsChecks) assert.equal(c.family, 'aws');
  });

  for (const [id, c] of Object.entries(CASES)) {
    test(`${id} fails on its failing fixture`, () => {
      const outcome = evaluate(id, c.failing());
      assert.equal(outcome.status, 'fail', JSON.stringify(outcome));
      const messages = outcome.failing.map((f) => f.message).join('\n');
      for (const m of c.messages) assert.ok(messages.includes(m), `expected "${m}" in:\n${messages}`);
    });
    test(`${id} passes on its passing fixture`, () => {
      const outcome = evaluate(id, (c.passing ?? with_({}))());
      assert.equal(outcome.status, 'pass', JSON.stringify(outcome));
      assert.equal(outcome.failing.length, 0);
      assert.ok(outcome.evaluatedCount > 0);
    });
  }
});

describe('aws checks: edge cases', () => {
  test('standard support ending within 90 days of the snapshot fails', () => {
    const snapshot = snapshotWith(
      {
        clusterVersion: {
          clusterVersion: '1.31',
          versionStatus: 'STANDARD_SUPPORT',
          endOfStandardSupportDate: '2025-07-15T00:00:00Z',
        },
      },
      { collectedAt: '2025-06-01T00:00:00Z' },
    );
    const outcome = evaluate('aws-version-standard-support', snapshot);
    assert.equal(outcome.status, 'fail');
    assert.match(outcome.failing[0].message, /ends in 44 days/);
  });

  test('a public endpoint without a CIDR list counts as open to the internet', () => {
    const snapshot = snapshotWith({
      cluster: { ...base.cluster, resourcesVpcConfig: { endpointPublicAccess: true, endpointPrivateAccess: true } },
    });
    assert.equal(evaluate('aws-endpoint-access-restricted', snapshot).status, 'fail');
  });

  test('a subnet without an explicit route table uses the main table of its VPC', () => {
    const snapshot = snapshotWith({
      routeTables: [
        {
          RouteTableId: 'rtb-main',
          VpcId: 'vpc-0abc',
          Associations: [{ Main: true }],
          Routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-9' }],
        },
      ],
    });
    const outcome = evaluate('aws-private-nodes', snapshot);
    assert.equal(outcome.status, 'fail');
    assert.equal(outcome.failing.length, 2, 'both subnets fall back to the main table');
  });

  test('vpc-cni not installed as an add-on is not-assessed, not a failure', () => {
    const outcome = evaluate('aws-vpc-cni-network-policy', snapshotWith({ addons: [] }));
    assert.equal(outcome.status, 'not-assessed');
    assert.match(outcome.reason ?? '', /4\.3\.1/);
  });

  test('Fargate-only clusters make node checks not-applicable', () => {
    const snapshot = snapshotWith({ instances: [], subnets: [], routeTables: [], nodeRolePolicies: [] });
    for (const id of ['aws-node-imdsv2', 'aws-private-nodes', 'aws-node-role-ecr-read-only']) {
      assert.equal(evaluate(id, snapshot).status, 'not-applicable', id);
    }
  });

  test("repositories of another account are not covered by this registry's rules", () => {
    const snapshot = snapshotWith({
      ecrRepositories: [
        {
          repositoryName: 'shared/base',
          registryId: '999988887777',
          imageScanningConfiguration: { scanOnPush: false },
        },
      ],
    });
    assert.equal(evaluate('aws-ecr-image-scanning', snapshot).status, 'fail');
  });

  test("a fact the collector could not read makes the check not-assessed with the collector's reason", () => {
    const snapshot = snapshotWith(
      {},
      {
        missing: {
          cluster: {
            status: 'not-collected',
            reason: 'eks:DescribeCluster denied: AccessDeniedException: not authorized',
            permission: 'eks:DescribeCluster',
          },
        },
      },
    );
    const check = awsChecks.find((c) => c.id === 'aws-secrets-kms-encryption');
    assert.ok(check);
    const run = runCheck(check, snapshot);
    assert.equal(run.result.status, 'not-assessed');
    assert.match(run.result.reason ?? '', /eks:DescribeCluster denied/);
  });

  test('checks tolerate malformed facts without throwing', () => {
    const weird = snapshotWith({
      // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed input
      cluster: { logging: 'x', encryptionConfig: {}, resourcesVpcConfig: null, accessConfig: 7 } as any,
      // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed input
      accessEntries: [null, { principalArn: 'a', associatedPolicies: 'no' }] as any,
    });
    for (const check of awsChecks) assert.doesNotThrow(() => check.evaluate(weird), check.id);
  });
});

describe('aws checks: whole API responses as facts', () => {
  test('registry scanning given as the whole GetRegistryScanningConfiguration response', () => {
    const snapshot = snapshotWith({
      ecrRegistryScanning: {
        registryId: '111122223333',
        scanningConfiguration: {
          scanType: 'ENHANCED',
          rules: [
            { scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [{ filter: 'payments/*', filterType: 'WILDCARD' }] },
          ],
        },
      },
    });
    assert.equal(evaluate('aws-ecr-image-scanning', snapshot).status, 'pass');
  });

  test('image findings given as whole DescribeImageScanFindings responses', () => {
    const snapshot = snapshotWith({
      imageFindings: [
        {
          repositoryName: 'storefront/web',
          imageId: { imageDigest: 'sha256:aa', imageTag: '2.1' },
          imageScanStatus: { status: 'ACTIVE' },
          imageScanFindings: { findingSeverityCounts: { HIGH: 2, LOW: 7 } },
        },
        // biome-ignore lint/suspicious/noExplicitAny: a response-shaped fact, not the collector's summary
      ] as any,
    });
    const outcome = evaluate('aws-running-image-vulnerabilities', snapshot);
    assert.equal(outcome.status, 'fail');
    assert.equal(outcome.failing[0].name, 'storefront/web@sha256:aa');
    assert.equal(outcome.failing[0].message, '0 critical and 2 high vulnerabilities');
  });
});
