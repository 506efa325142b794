/**
 * Live collection (kubeconfig context or EKS cluster) for the CLI: the same collectors the scan Lambda uses.
 * Every way a target can be unreachable (bad kubeconfig, unknown context, TLS, 401, DescribeCluster denied or not
 * found, no AWS credentials) becomes a one-line InputError naming the target; partial failures (a 403 on one kind,
 * an AccessDenied on one AWS call) are not errors: they are recorded in the snapshot and reported as not assessed.
 */
import { resolveAwsCredentials } from '../eks/token.js';
import { type CollectTarget, collectSnapshot, collectTargetFrom } from '../kube/collect-snapshot.js';
import type { Snapshot } from '../model/snapshot.js';
import { type CollectAws, collectAwsWithSdk, imageUrisOf, instanceIdsOf, withAwsSide } from '../run/aws-side.js';
import { InputError } from '../snapshot/io.js';
import type { LiveTarget } from './options.js';

export interface LiveOptions {
  /** Read kubelet configuration through nodes/proxy (CIS 3.2.x); opt-in. */
  kubeletConfig?: boolean;
  /** List Secrets, metadata only (legacy token and unused Secret checks); opt-in. */
  secretMetadata?: boolean;
  /** Injected in tests. */
  collectAws?: CollectAws;
}

/** The first line of an error, without the SDK's request ids and stack noise. */
function firstLine(err: unknown): string {
  const message = err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
  return message.split('\n')[0].trim();
}

export async function collectLive(target: LiveTarget, options: LiveOptions = {}): Promise<Snapshot> {
  const subject = target.cluster !== undefined ? '--cluster' : '--kubeconfig';
  const what =
    target.cluster !== undefined ? `${target.cluster} (${target.region})` : (target.context ?? 'current context');
  let collectTarget: CollectTarget;
  try {
    collectTarget = collectTargetFrom(target);
  } catch (err) {
    throw new InputError(subject, firstLine(err));
  }
  const eks = target.cluster !== undefined && target.region !== undefined;
  const credentials = eks
    ? resolveAwsCredentials({ region: target.region as string, roleArn: target.roleArn })
    : undefined;
  let snapshot: Snapshot;
  try {
    ({ snapshot } = await collectSnapshot(collectTarget, {
      credentials,
      kubeletConfig: options.kubeletConfig,
      secretMetadata: options.secretMetadata,
    }));
  } catch (err) {
    throw new InputError(subject, `${what}: ${firstLine(err)}`);
  }
  if (!eks || !credentials) return snapshot;
  // The AWS side never throws: each denied or failed call becomes a not-collected fact naming the action.
  const more = await (options.collectAws ?? collectAwsWithSdk)({
    clusterName: target.cluster as string,
    region: target.region as string,
    credentials,
    imageUris: imageUrisOf(snapshot),
    instanceIds: instanceIdsOf(snapshot),
  });
  return withAwsSide(snapshot, more);
}
