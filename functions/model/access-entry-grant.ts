/**
 * How the reporter is given read access to an EKS cluster: one EKS access entry for the role that scans, in the
 * Kubernetes group the shipped ClusterRole is bound to, with the AWS-managed view policy at cluster scope. The stacks
 * create it for the clusters they are told about (infra/), and a scan refused by a cluster's API server names the
 * exact commands that grant it (kube/collect-snapshot.ts); docs/deployment.md shows the same commands (tested equal).
 */

/** The Kubernetes group the scan role is mapped to; infra/kubernetes/clusterrole.yaml binds it. */
export const READER_GROUP = 'eks-compliance-reporter';

/** The AWS-managed EKS access policy the access entries associate, in a partition (aws, aws-cn, aws-us-gov). */
export function viewPolicyArn(partition: string): string {
  return `arn:${partition}:eks::aws:cluster-access-policy/AmazonEKSViewPolicy`;
}

export interface AccessEntryGrantTarget {
  clusterName: string;
  region: string;
  /** The IAM role (or user) ARN the cluster must accept: the access entry's principal. */
  principalArn: string;
  /** DescribeCluster's accessConfig.authenticationMode, when known: CONFIG_MAP clusters take no access entries. */
  authenticationMode?: string;
}

/** The partition of an ARN (`arn:PARTITION:…`), `aws` when it is not an ARN. */
function partitionOf(arn: string): string {
  return /^arn:(aws[\w-]*):/.exec(arn)?.[1] ?? 'aws';
}

/** A value as one shell word: bare when it is plainly safe, otherwise in single quotes. */
function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The AWS CLI commands that give `principalArn` the reporter's read access to the cluster, in order. A cluster whose
 * authentication mode is CONFIG_MAP first needs access entries turned on (API_AND_CONFIG_MAP keeps its aws-auth
 * mappings working). After them, `kubectl apply -f infra/kubernetes/clusterrole.yaml` binds the group (RBAC objects).
 */
export function accessEntryGrantCommands(target: AccessEntryGrantTarget): string[] {
  const where = `--cluster-name ${shellWord(target.clusterName)} --region ${shellWord(target.region)}`;
  const principal = `--principal-arn ${shellWord(target.principalArn)}`;
  const commands: string[] = [];
  if (target.authenticationMode === 'CONFIG_MAP') {
    commands.push(
      `aws eks update-cluster-config --name ${shellWord(target.clusterName)} --region ${shellWord(target.region)} ` +
        '--access-config authenticationMode=API_AND_CONFIG_MAP',
    );
  }
  commands.push(
    `aws eks create-access-entry ${where} ${principal} --kubernetes-groups ${READER_GROUP}`,
    `aws eks associate-access-policy ${where} ${principal} ` +
      `--policy-arn ${viewPolicyArn(partitionOf(target.principalArn))} --access-scope type=cluster`,
  );
  return commands;
}

/**
 * The IAM role ARN behind an STS assumed-role session ARN (sts:GetCallerIdentity's answer), or the ARN itself when it
 * is already an IAM user or role. `pathUnknown` is true for a session: its ARN drops the role's IAM path, which an
 * access entry must include (the reporter's own roles have none).
 */
export function principalOfCaller(callerArn: string): { arn: string; pathUnknown: boolean } | undefined {
  const session = /^arn:(aws[\w-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(callerArn);
  if (session) return { arn: `arn:${session[1]}:iam::${session[2]}:role/${session[3]}`, pathUnknown: true };
  if (/^arn:aws[\w-]*:iam::\d{12}:(role|user)\/.+$/.test(callerArn)) return { arn: callerArn, pathUnknown: false };
  return undefined;
}
