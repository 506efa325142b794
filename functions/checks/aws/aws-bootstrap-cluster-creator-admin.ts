import type { AccessEntryFact } from '../../model/aws-facts.js';
import type { CheckDefinition, CheckOutcome } from '../types.js';
import {
  asArray,
  awsFinding,
  awsSeen,
  clusterFinding,
  clusterSeen,
  FAMILY,
  fact,
  isRecord,
  missingFact,
  notAssessed,
  outcome,
  text,
} from './shared.js';

const CLUSTER_ADMIN_POLICY = 'AmazonEKSClusterAdminPolicy';
/** EKS creates the creator's access entry while it creates the cluster; this bounds "created with the cluster". */
export const CREATED_WITH_CLUSTER_MS = 30 * 60 * 1000;

function holdsClusterAdmin(entry: AccessEntryFact): boolean {
  return asArray(entry.associatedPolicies).some(
    (p) =>
      isRecord(p) &&
      text(p.policyArn).split('/').pop() === CLUSTER_ADMIN_POLICY &&
      isRecord(p.accessScope) &&
      p.accessScope.type === 'cluster',
  );
}

function createdWithCluster(entry: AccessEntryFact, clusterCreatedAt: number): boolean {
  const at = Date.parse(text(entry.createdAt));
  return (
    Number.isFinite(at) &&
    Number.isFinite(clusterCreatedAt) &&
    Math.abs(at - clusterCreatedAt) <= CREATED_WITH_CLUSTER_MS
  );
}

/**
 * CIS EKS 4.1.1 for the EKS-only admin path of the cluster creator. `bootstrapClusterCreatorAdminPermissions` is fixed
 * at creation and cannot be changed, so the flag alone says nothing about today: the verdict is whether the creator's
 * admin access still exists, and the flag is reported as context.
 *
 * DescribeCluster does not name the creator, so the creator's access entry is recognised by what EKS makes of it: a
 * STANDARD entry holding AmazonEKSClusterAdminPolicy at cluster scope, created with the cluster (within
 * CREATED_WITH_CLUSTER_MS of the cluster's createdAt). When cluster admins exist but none was created with the cluster
 * (a cluster that moved from CONFIG_MAP to access entries later, or entries without a creation time), the creator
 * cannot be told apart and the check is not-assessed naming the candidates; aws-access-entry-cluster-admin judges those
 * entries for 4.1.1 either way. In CONFIG_MAP mode the creator's admin is implicit, invisible and not removable.
 */
export const awsBootstrapClusterCreatorAdmin: CheckDefinition = {
  id: 'aws-bootstrap-cluster-creator-admin',
  title: "The cluster creator's bootstrap cluster-admin access no longer exists",
  severity: 'medium',
  family: FAMILY,
  rationale:
    'With bootstrapClusterCreatorAdminPermissions the IAM identity that created the cluster (often a CI role or a ' +
    "person's SSO role) became cluster-admin through an access entry nobody asked for. The flag cannot be changed " +
    'after creation, so what matters is whether that access still exists: admin access should be granted explicitly, ' +
    'to principals chosen for it. The API does not name the creator; its entry is recognised as the cluster-admin ' +
    'access entry created with the cluster.',
  deviation:
    'The bootstrapClusterCreatorAdminPermissions flag is not itself judged: it is fixed at creation, so failing on it ' +
    'would fail a cluster forever after the access was removed. The check is not-assessed (naming the candidates) ' +
    'when the access entries cannot tell the creator apart, since DescribeCluster does not name the creator.',
  remediation:
    "Delete the creator's access entry if it is not needed: `aws eks delete-access-entry --cluster-name CLUSTER " +
    '--principal-arn CREATOR_ARN` (in CONFIG_MAP mode first switch to API_AND_CONFIG_MAP, which turns the implicit ' +
    'admin into a removable entry). Create new clusters with `accessConfig.bootstrapClusterCreatorAdminPermissions: ' +
    'false` and explicit access entries for their admins.',
  references: {},
  inputs: [
    { kind: 'aws', fact: 'cluster' },
    { kind: 'aws', fact: 'accessEntries', optional: true },
  ],
  evaluate(snapshot): CheckOutcome {
    const cluster = fact(snapshot, 'cluster');
    if (!cluster) return missingFact('cluster');
    const flag = cluster.accessConfig?.bootstrapClusterCreatorAdminPermissions;
    const context = `bootstrapClusterCreatorAdminPermissions is ${flag === true ? 'true' : 'false'} (set at creation, immutable)`;
    const flagSeen = clusterSeen(snapshot, `accessConfig.${context}`);
    if (flag !== true) {
      return outcome({
        evaluated: [flagSeen],
        ifNoneEvaluated: 'no cluster',
        passReason: `${context}: no bootstrap admin entry was created`,
      });
    }
    if (cluster.accessConfig?.authenticationMode === 'CONFIG_MAP') {
      const message =
        `${context} and authenticationMode is CONFIG_MAP: the creator is cluster-admin implicitly, in no access entry ` +
        'and no aws-auth mapping, and it cannot be removed until the access-entry API is enabled';
      return outcome({
        evaluated: [clusterSeen(snapshot, `accessConfig.${context}; authenticationMode: CONFIG_MAP`)],
        failing: [clusterFinding(snapshot, message, 'accessConfig')],
        ifNoneEvaluated: 'no cluster',
      });
    }
    const entries = fact(snapshot, 'accessEntries');
    if (!entries) return missingFact('accessEntries');
    const createdAt = Date.parse(text(cluster.createdAt));
    const evaluated = asArray(entries).map((e) => {
      if (!isRecord(e)) return awsSeen('AccessEntry', 'unknown', 'an access entry that is not an object');
      const entry = e as unknown as AccessEntryFact;
      const admin = holdsClusterAdmin(entry)
        ? `holds ${CLUSTER_ADMIN_POLICY} at cluster scope`
        : `no cluster-scope ${CLUSTER_ADMIN_POLICY}`;
      return awsSeen(
        'AccessEntry',
        text(e.principalArn, 'unknown'),
        `type ${text(e.type, 'STANDARD')}, createdAt ${text(e.createdAt, 'unknown')} (cluster createdAt ${text(cluster.createdAt, 'unknown')}), ${admin}`,
      );
    });
    const admins = asArray(entries).filter(
      (e): e is AccessEntryFact =>
        isRecord(e) && (e.type ?? 'STANDARD') === 'STANDARD' && holdsClusterAdmin(e as unknown as AccessEntryFact),
    );
    if (admins.length === 0) {
      return outcome({
        // No entry at all: the cluster's access configuration is what was read.
        evaluated:
          evaluated.length > 0 ? evaluated : [clusterSeen(snapshot, `accessConfig.${context}; no access entries`)],
        ifNoneEvaluated: 'no cluster',
        passReason: `${context}; no access entry holds ${CLUSTER_ADMIN_POLICY} any more`,
      });
    }
    const creators = admins.filter((e) => createdWithCluster(e, createdAt));
    if (creators.length > 0) {
      const failing = creators.map((e) =>
        awsFinding(
          'AccessEntry',
          e.principalArn,
          `created with the cluster (${text(e.createdAt)}) and still holds ${CLUSTER_ADMIN_POLICY} at cluster ` +
            `scope: the creator's bootstrap admin; ${context}`,
          'associatedPolicies',
        ),
      );
      return outcome({ evaluated, failing, ifNoneEvaluated: 'no access entries' });
    }
    return notAssessed(
      `${context}, and the API does not name the cluster creator: none of the access entries holding ` +
        `${CLUSTER_ADMIN_POLICY} was created with the cluster, so any of them may be the creator's ` +
        `(${admins.map((e) => e.principalArn).join(', ')}). The CloudTrail CreateCluster event's userIdentity, or an ` +
        'attestation of 4.1.1, settles it.',
      evaluated,
    );
  },
};
