/**
 * Target → Snapshot: authenticate (kubeconfig, or EKS DescribeCluster + STS token), check the API answers,
 * collect the Kubernetes side, and (for EKS) keep DescribeCluster for the AWS-side checks.
 */
import { type Cluster, EKSClient } from '@aws-sdk/client-eks';
import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { awsCallerIdentity, type CallerIdentity } from '../eks/caller-identity.js';
import { describeClusterEndpoint } from '../eks/cluster-endpoint.js';
import { createEksToken, resolveAwsCredentials } from '../eks/token.js';
import type { AwsSide, ClusterIdentity, Gap, ScanIdentity, Snapshot } from '../model/snapshot.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { accessRefusedError } from './access-refused.js';
import { type CollectKubernetesOptions, collectWith, getterOptions } from './collector.js';
import { kubeConfigFromEndpoint, kubeConfigFromFile } from './connect.js';
import { createKubeGetter } from './http.js';
import { DEFAULT_RETRY_POLICY } from './retry.js';
import { KubeUnreachableError, readServerVersion } from './server-version.js';

export interface EksClusterRef {
  clusterName: string;
  region: string;
  /** Assumed (from the SDK's default credentials) before DescribeCluster and the token. */
  roleArn?: string;
}

export type CollectTarget =
  | {
      kind: 'kubeconfig';
      path: string;
      context?: string;
      /** Given too: the cluster's identity and AWS side come from DescribeCluster; the kubeconfig still authenticates. */
      eks?: EksClusterRef;
    }
  | ({ kind: 'eks' } & EksClusterRef);

/** What the AWS-side collectors receive when composed into a snapshot. */
export interface AwsCollectContext {
  clusterName: string;
  region: string;
  credentials: AwsCredentialIdentityProvider;
  cluster: Cluster;
}

export interface CollectSnapshotOptions extends CollectKubernetesOptions {
  /** Injected in tests; otherwise an EKSClient for the target's region and credentials. */
  eksClient?: EKSClient;
  /** Injected in tests; otherwise the SDK provider chain (plus the role assumption). */
  credentials?: AwsCredentialIdentityProvider;
  /** Injected in tests; otherwise an STSClient for sts:GetCallerIdentity (the scan's AWS identity). */
  stsClient?: STSClient;
  /** The AWS-side collectors, when the caller wants them in the same snapshot. */
  collectAws?: (ctx: AwsCollectContext) => Promise<{ aws: AwsSide; gaps: Gap[] }>;
  now?: () => Date;
}

export interface SnapshotCollection {
  snapshot: Snapshot;
  requestCount: number;
}

const EKS_ARN = /^arn:(aws[\w-]*):eks:([\w-]+):(\d{12}):cluster\/(.+)$/;

function identityFromArn(arn: string): Pick<ClusterIdentity, 'name' | 'arn' | 'region' | 'accountId'> | undefined {
  const m = EKS_ARN.exec(arn);
  return m ? { name: m[4], arn, region: m[2], accountId: m[3] } : undefined;
}

interface ResolvedEks {
  cluster: Cluster;
  credentials: AwsCredentialIdentityProvider;
  endpoint: string;
  caData: string;
  caller: CallerIdentity;
}

async function resolveEks(ref: EksClusterRef, options: CollectSnapshotOptions): Promise<ResolvedEks> {
  const credentials = options.credentials ?? resolveAwsCredentials({ region: ref.region, roleArn: ref.roleArn });
  const eks = options.eksClient ?? new EKSClient({ region: ref.region, credentials });
  try {
    const { endpoint, caData, cluster } = await describeClusterEndpoint(eks, ref.clusterName);
    const caller = await awsCallerIdentity({ region: ref.region, credentials, stsClient: options.stsClient });
    return { cluster, credentials, endpoint, caData, caller };
  } finally {
    if (!options.eksClient) eks.destroy();
  }
}

export async function collectSnapshot(
  target: CollectTarget,
  options: CollectSnapshotOptions = {},
): Promise<SnapshotCollection> {
  const ref = target.kind === 'eks' ? target : target.eks;
  const eks = ref ? await resolveEks(ref, options) : undefined;

  const kc =
    target.kind === 'eks' && eks
      ? kubeConfigFromEndpoint({
          endpoint: eks.endpoint,
          caData: eks.caData,
          name: target.clusterName,
          // Built per scan: the token is valid for minutes, and it stays in memory only.
          token: await createEksToken({
            clusterName: target.clusterName,
            region: target.region,
            credentials: eks.credentials,
          }),
        })
      : kubeConfigFromFile({
          path: (target as { path: string }).path,
          context: (target as { context?: string }).context,
        });

  const retry = {
    ...DEFAULT_RETRY_POLICY,
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
  };
  const getter = createKubeGetter(kc, getterOptions(options));
  try {
    const version = await readServerVersion(getter, retry).catch((err: unknown) => {
      // The EKS token was refused: say which role needs an access entry, and the commands that create it.
      if (target.kind === 'eks' && eks && err instanceof KubeUnreachableError && err.status === 401) {
        throw accessRefusedError(err, {
          clusterName: target.clusterName,
          region: target.region,
          roleArn: target.roleArn,
          callerArn: eks.caller.arn,
          ...(eks.caller.arn === null ? { callerReason: eks.caller.reason } : {}),
          authenticationMode: eks.cluster.accessConfig?.authenticationMode,
        });
      }
      throw err;
    });
    const collectedAt = (options.now?.() ?? new Date()).toISOString();
    const { kubernetes, gaps } = await collectWith(getter, options);

    let cluster: ClusterIdentity;
    const aws: AwsSide = {};
    if (eks && ref) {
      cluster = {
        ...(identityFromArn(eks.cluster.arn ?? '') ?? { name: ref.clusterName, arn: null, accountId: null }),
        name: ref.clusterName,
        region: ref.region,
        kubernetesVersion: eks.cluster.version ?? version.minorVersion,
        platformVersion: eks.cluster.platformVersion ?? null,
        source: 'eks',
      };
      aws.cluster = { status: 'collected', value: eks.cluster as Record<string, unknown> };
      if (options.collectAws) {
        const more = await options.collectAws({
          clusterName: ref.clusterName,
          region: ref.region,
          credentials: eks.credentials,
          cluster: eks.cluster,
        });
        Object.assign(aws, more.aws);
        gaps.push(...more.gaps);
      }
    } else {
      const contextName = kc.getCurrentContext();
      const fromArn = identityFromArn(contextName) ?? identityFromArn(kc.getCurrentCluster()?.name ?? '');
      cluster = {
        name: contextName,
        arn: null,
        region: null,
        accountId: null,
        ...fromArn,
        kubernetesVersion: version.minorVersion,
        source: 'kubeconfig',
      };
    }
    const snapshot: Snapshot = {
      snapshotVersion: 1,
      cluster,
      collectedAt,
      collector: { name: TOOL_NAME, version: TOOL_VERSION, mode: cluster.source },
      scanIdentity: scanIdentity(target, kc, eks?.caller),
      kubernetes,
      aws,
      gaps,
    };
    return { snapshot, requestCount: getter.requestCount };
  } finally {
    getter.close();
  }
}

/** Who the cluster (and AWS) was read as: the kubeconfig's current user, and the AWS caller when AWS was called. */
function scanIdentity(
  target: CollectTarget,
  kc: { getCurrentContext(): string; getCurrentUser(): { name: string } | null },
  caller: CallerIdentity | undefined,
): ScanIdentity {
  const kubeconfig = target.kind === 'kubeconfig';
  return {
    awsCallerArn: caller?.arn ?? null,
    ...(caller && caller.arn === null ? { awsCallerReason: caller.reason } : {}),
    kubeconfigUser: kubeconfig ? (kc.getCurrentUser()?.name ?? null) : null,
    kubeconfigContext: kubeconfig ? kc.getCurrentContext() : null,
  };
}

/** CLI/handler flags → a target: `--kubeconfig [--context]`, `--cluster --region [--role-arn]`, or both. */
export function collectTargetFrom(flags: {
  kubeconfig?: string;
  context?: string;
  cluster?: string;
  region?: string;
  roleArn?: string;
}): CollectTarget {
  const eks =
    flags.cluster !== undefined
      ? (() => {
          if (!flags.region) throw new Error('--cluster needs --region');
          return { clusterName: flags.cluster, region: flags.region, roleArn: flags.roleArn };
        })()
      : undefined;
  if (flags.kubeconfig !== undefined)
    return { kind: 'kubeconfig', path: flags.kubeconfig, context: flags.context, eks };
  if (eks) return { kind: 'eks', ...eks };
  throw new Error('give --kubeconfig FILE or --cluster NAME --region REGION');
}
