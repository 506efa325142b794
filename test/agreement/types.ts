/**
 * The agreement corpus: cases in the shape of a peer's own rule tests (an object set and the verdict the peer's test
 * expects), written here from reading the peer's rule and its test scenarios, and run through our checks.
 */
import type { AwsFacts } from '../../functions/model/aws-facts.js';
import type { AwsAuthMapping } from '../../functions/model/snapshot.js';

export const PEERS = ['kubescape', 'polaris'] as const;
export type Peer = (typeof PEERS)[number];

/** The peer's verdict on the object set as a whole: does its rule report anything. */
export type Verdict = 'fail' | 'pass';

export interface AgreementCase {
  peer: Peer;
  /** The peer's id as our checks' `references` name it: "C-0057", "runAsPrivileged". */
  control: string;
  /** Where the scenario comes from: the peer's rule (or check) and test folder (or file) it paraphrases. */
  source: string;
  /** What the case is about, in a few words. */
  scenario: string;
  /** Our check that judges what the peer's rule judges; it must name `control` in its references. */
  check: string;
  /** Kubernetes objects in API shape (normalised as the collector would before the check sees them). */
  objects?: Record<string, unknown>[];
  /** AWS facts replacing those of the well-configured cluster of test/fixtures/aws/facts.ts. */
  aws?: Partial<AwsFacts>;
  /** One sampled kubelet configuration (configz `kubeletconfig`), for the kubelet checks. */
  kubelet?: Record<string, unknown>;
  /** The mappings of kube-system/aws-auth (none by default). */
  awsAuth?: AwsAuthMapping[];
  /** The verdict the peer's test expects. */
  expected: Verdict;
  /**
   * Where the peer's expected result names the objects it reports and they are objects our check reports too: each as
   * "Kind namespace/name" (or "Kind name" when cluster-scoped). A failing verdict agrees only when ours names the same.
   */
  failing?: string[];
  /**
   * Set where we deliberately differ: words quoted from the check's `deviation`, which says why. A case with a
   * difference must disagree; a disagreement without one fails the agreement test.
   */
  difference?: string;
}
