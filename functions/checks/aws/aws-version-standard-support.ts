import type { CheckDefinition, Finding } from '../types.js';
import { clusterFinding, clusterSeen, FAMILY, notAssessed, outcome } from './shared.js';
import { versionSupport } from './version-support.js';
import { daysBetween } from './versions.js';

/** Days of standard support left below which an upgrade should be planned now. */
export const STANDARD_SUPPORT_WARNING_DAYS = 90;

/**
 * Risk area 8: extended support costs extra and ends; a version whose standard support ends within 90 days needs
 * an upgrade plan now. The reference date is the snapshot's collection time, so verdicts are reproducible. The
 * dates come from DescribeClusterVersions, or from the release calendar in code when that call was not collected.
 */
export const awsVersionStandardSupport: CheckDefinition = {
  id: 'aws-version-standard-support',
  title: 'The cluster version is in standard support for at least 90 more days',
  severity: 'medium',
  family: FAMILY,
  rationale:
    'In extended support EKS charges more per cluster hour and the remaining window is short; a version about to ' +
    'leave standard support needs an upgrade planned and tested before it does.',
  remediation:
    'Plan the next minor upgrade: review `aws eks list-insights --cluster-name CLUSTER`, upgrade the control plane ' +
    '(`aws eks update-cluster-version`), then node groups and add-ons. Set `upgradePolicy.supportType: STANDARD` to ' +
    'opt out of extended support once upgrades keep pace.',
  references: {},
  inputs: [{ kind: 'aws', fact: 'clusterVersion', optional: true }],
  evaluate(snapshot) {
    const lookup = versionSupport(snapshot);
    if (!lookup.ok) return notAssessed(lookup.reason);
    const info = lookup.support;
    const source = `source: ${info.source}`;
    const failing: Finding[] = [];
    const version = info.version;
    if (info.versionStatus === 'EXTENDED_SUPPORT' || info.versionStatus === 'UNSUPPORTED') {
      failing.push(
        clusterFinding(
          snapshot,
          `Kubernetes ${version} is ${info.versionStatus} (standard support ended ${info.endOfStandardSupportDate ?? 'already'}; ${source})`,
          'version',
        ),
      );
    } else {
      const days = daysBetween(snapshot.collectedAt, info.endOfStandardSupportDate);
      if (days !== undefined && days < STANDARD_SUPPORT_WARNING_DAYS) {
        failing.push(
          clusterFinding(
            snapshot,
            `standard support for Kubernetes ${version} ends in ${days} days (${info.endOfStandardSupportDate}; ${source})`,
            'version',
          ),
        );
      }
    }
    return outcome({
      evaluated: [
        clusterSeen(
          snapshot,
          `version ${version}: ${info.versionStatus ?? 'status not listed'}, end of standard support ` +
            `${info.endOfStandardSupportDate ?? 'unknown'} (${source})`,
        ),
      ],
      failing,
      ifNoneEvaluated: 'no cluster version',
      reason: source,
      passReason: `standard support for ${version} ends ${info.endOfStandardSupportDate ?? 'at an unknown date'} (${source})`,
    });
  },
};
