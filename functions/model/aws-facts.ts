/**
 * The AWS-side facts a scan collects into `snapshot.aws`, one entry per fact name. Shapes follow the AWS API
 * responses (so the demo, a live scan and a saved snapshot look alike), trimmed to JSON: timestamps are ISO strings,
 * never Date objects. Every interface keeps an index signature because the API returns more than the checks read.
 */
import type { AwsSide, CollectedValue, Snapshot } from './snapshot.js';

type Open = { [field: string]: unknown };

export interface LogSetup extends Open {
  types?: string[];
  enabled?: boolean;
}

/** DescribeCluster `.cluster`. */
export interface EksClusterFact extends Open {
  name?: string;
  arn?: string;
  version?: string;
  platformVersion?: string;
  status?: string;
  logging?: { clusterLogging?: LogSetup[] };
  encryptionConfig?: { resources?: string[]; provider?: { keyArn?: string } }[];
  resourcesVpcConfig?: {
    subnetIds?: string[];
    securityGroupIds?: string[];
    clusterSecurityGroupId?: string;
    vpcId?: string;
    endpointPublicAccess?: boolean;
    endpointPrivateAccess?: boolean;
    publicAccessCidrs?: string[];
  };
  accessConfig?: { authenticationMode?: string; bootstrapClusterCreatorAdminPermissions?: boolean };
  createdAt?: string;
  upgradePolicy?: { supportType?: string };
}

/** DescribeNodegroup `.nodegroup`. */
export interface NodegroupFact extends Open {
  nodegroupName?: string;
  amiType?: string;
  releaseVersion?: string;
  version?: string;
  subnets?: string[];
  nodeRole?: string;
  remoteAccess?: { ec2SshKey?: string; sourceSecurityGroups?: string[] };
}

/** DescribeAddon `.addon`. `configurationValues` is the JSON (or YAML) string the API returns. */
export interface AddonFact extends Open {
  addonName?: string;
  addonVersion?: string;
  status?: string;
  configurationValues?: string;
  serviceAccountRoleArn?: string;
}

export interface AccessScope {
  type?: string;
  namespaces?: string[];
}

/** ListAccessEntries + DescribeAccessEntry + ListAssociatedAccessPolicies, one per principal. */
export interface AccessEntryFact {
  principalArn: string;
  type?: string;
  /** Added field: when the entry was created (ISO); EKS creates the cluster creator's entry with the cluster. */
  createdAt?: string;
  kubernetesGroups?: string[];
  associatedPolicies: { policyArn?: string; accessScope?: AccessScope }[];
}

/** ListPodIdentityAssociations `.associations[]`. */
export interface PodIdentityAssociationFact extends Open {
  associationArn?: string;
  associationId?: string;
  namespace?: string;
  serviceAccount?: string;
}

/** DescribeClusterVersions `.clusterVersions[]` entry for the cluster's version. */
export interface ClusterVersionFact extends Open {
  clusterVersion?: string;
  versionStatus?: string;
  endOfStandardSupportDate?: string;
  endOfExtendedSupportDate?: string;
}

/** GetRegistryScanningConfiguration `.scanningConfiguration`, plus the registry (account) it belongs to. */
export interface RegistryScanningFact extends Open {
  scanType?: string;
  rules?: { scanFrequency?: string; repositoryFilters?: { filter?: string; filterType?: string }[] }[];
  /** Added by the collector from the response; absent means "the registry of the scanned account". */
  registryId?: string;
  /** Added field: the Region this configuration is of; absent means the cluster's Region. */
  region?: string;
  /**
   * Added field: the same account's configuration in the other Regions its running images come from (each Region
   * has its own), or why it could not be read there.
   */
  otherRegions?: { region: string; scanning?: RegistryScanningFact; unreadable?: string }[];
}

/** DescribeRepositories `.repositories[]`. */
export interface EcrRepositoryFact extends Open {
  repositoryName?: string;
  repositoryUri?: string;
  registryId?: string;
  imageTagMutability?: string;
  imageScanningConfiguration?: { scanOnPush?: boolean };
  encryptionConfiguration?: { encryptionType?: string; kmsKey?: string };
  /** Added field: the Region of the repository; absent means the cluster's Region. */
  region?: string;
  /**
   * Added field: why DescribeRepositories could not describe it, for a repository in an EKS add-on registry (owned
   * by AWS, which lets every account pull from it but not describe it). The other fields are then only the name.
   */
  unreadable?: string;
}

/** DescribeImageScanFindings summarised per running image. */
export interface ImageFindingsFact extends Open {
  imageUri: string;
  repositoryName: string;
  registryId?: string;
  imageDigest?: string;
  imageTag?: string;
  /** Added field: the Region of the image's registry; absent means the cluster's Region. */
  region?: string;
  /**
   * ECR scan status ("COMPLETE", "ACTIVE", …), NOT_SCANNED / IMAGE_NOT_FOUND / REPOSITORY_NOT_FOUND when ECR has
   * nothing, or ACCESS_DENIED for an image in an EKS add-on registry (AWS's account) this account may not read.
   */
  scanStatus?: string;
  critical: number;
  high: number;
  medium?: number;
  low?: number;
}

/** Inspector2 BatchGetAccountStatus `.accounts[0].resourceState`. */
export interface InspectorResourceStateFact extends Open {
  ec2?: { status?: string };
  ecr?: { status?: string };
  lambda?: { status?: string };
}

/** GetDetector for the region's detector, or null when GuardDuty has no detector here. */
export interface GuardDutyFact extends Open {
  detectorId: string;
  status?: string;
  features?: { name?: string; status?: string; additionalConfiguration?: { name?: string; status?: string }[] }[];
}

/** DescribeLogGroups entry for /aws/eks/<name>/cluster, or null when it does not exist. */
export interface LogGroupFact extends Open {
  logGroupName?: string;
  retentionInDays?: number;
  kmsKeyId?: string;
}

/** The log group EKS writes a cluster's control-plane logs to. */
export function clusterLogGroupName(clusterName: string): string {
  return `/aws/eks/${clusterName}/cluster`;
}

/** DescribeInstances `.Reservations[].Instances[]` of the cluster's nodes. */
export interface InstanceFact extends Open {
  InstanceId?: string;
  MetadataOptions?: { HttpTokens?: string; HttpPutResponseHopLimit?: number; HttpEndpoint?: string };
  PublicIpAddress?: string;
  SubnetId?: string;
  VpcId?: string;
  IamInstanceProfile?: { Arn?: string; Id?: string };
  Tags?: { Key?: string; Value?: string }[];
}

/** DescribeSubnets `.Subnets[]` of the node subnets. */
export interface SubnetFact extends Open {
  SubnetId?: string;
  VpcId?: string;
  MapPublicIpOnLaunch?: boolean;
}

/** DescribeRouteTables `.RouteTables[]` for the node subnets and their VPCs' main tables. */
export interface RouteTableFact extends Open {
  RouteTableId?: string;
  VpcId?: string;
  Associations?: { SubnetId?: string; Main?: boolean }[];
  Routes?: {
    DestinationCidrBlock?: string;
    DestinationIpv6CidrBlock?: string;
    GatewayId?: string;
    NatGatewayId?: string;
  }[];
}

/** Per node role: attached managed policy ARNs and the actions its inline policies allow. */
export interface NodeRolePoliciesFact {
  roleArn?: string;
  roleName: string;
  attachedPolicyArns: string[];
  /** `unreadable` (added field): why GetRolePolicy or the document failed; the policy is then not judged. */
  inlinePolicies: { policyName: string; actions: string[]; unreadable?: string }[];
  /**
   * Added field: the customer-managed policies among `attachedPolicyArns`, read through iam:GetPolicy and
   * iam:GetPolicyVersion (the default version's Allow actions), or why they could not be read.
   */
  customerPolicies?: { policyArn: string; actions?: string[]; unreadable?: string }[];
}

export interface AwsFacts {
  cluster: EksClusterFact;
  nodegroups: NodegroupFact[];
  addons: AddonFact[];
  accessEntries: AccessEntryFact[];
  podIdentityAssociations: PodIdentityAssociationFact[];
  clusterVersion: ClusterVersionFact | null;
  ecrRegistryScanning: RegistryScanningFact;
  ecrRepositories: EcrRepositoryFact[];
  imageFindings: ImageFindingsFact[];
  inspector: InspectorResourceStateFact | null;
  guardDuty: GuardDutyFact | null;
  logGroup: LogGroupFact | null;
  instances: InstanceFact[];
  subnets: SubnetFact[];
  routeTables: RouteTableFact[];
  nodeRolePolicies: NodeRolePoliciesFact[];
}

export type AwsFactName = keyof AwsFacts;

export const AWS_FACT_NAMES = [
  'cluster',
  'nodegroups',
  'addons',
  'accessEntries',
  'podIdentityAssociations',
  'clusterVersion',
  'ecrRegistryScanning',
  'ecrRepositories',
  'imageFindings',
  'inspector',
  'guardDuty',
  'logGroup',
  'instances',
  'subnets',
  'routeTables',
  'nodeRolePolicies',
] as const satisfies readonly AwsFactName[];

/** The value of a collected fact, or undefined when it was not collected (the engine then marks checks not-assessed). */
export function awsFact<K extends AwsFactName>(source: Snapshot | AwsSide, name: K): AwsFacts[K] | undefined {
  const side: AwsSide = 'aws' in source && 'snapshotVersion' in source ? (source as Snapshot).aws : (source as AwsSide);
  const entry = side[name] as CollectedValue<AwsFacts[K]> | undefined;
  return entry?.status === 'collected' ? entry.value : undefined;
}
