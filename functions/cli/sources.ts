/**
 * Live collection (kubeconfig context or EKS cluster) for the CLI. This is the single place the CLI reaches a real
 * cluster; the Kubernetes and AWS collectors are built separately and plug in here.
 */
import { InputError } from '../snapshot/io.js';
import type { Snapshot } from '../snapshot/types.js';
import type { LiveTarget } from './options.js';

/** Collects a Snapshot from a reachable cluster. Failures are InputErrors naming the target (exit 1). */
export async function collectLive(target: LiveTarget): Promise<Snapshot> {
  const subject = target.cluster !== undefined ? '--cluster' : '--kubeconfig';
  throw new InputError(subject, 'live cluster collection is not available in this build');
}
