/** The EKS release calendar in code, the version checks' fallback to it, and the evidence checks for CIS 3.1 / 5.5.1. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { awsAddonVersionSkew } from '../../../functions/checks/aws/aws-addon-version-skew.js';
import { awsClusterAccessPrincipals } from '../../../functions/checks/aws/aws-cluster-access-principals.js';
import { awsNodeAmiFamily } from '../../../functions/checks/aws/aws-node-ami-family.js';
import { awsVersionStandardSupport } from '../../../functions/checks/aws/aws-version-standard-support.js';
import { awsVersionSupported } from '../../../functions/checks/aws/aws-version-supported.js';
import { EKS_VERSION_CALENDAR, lookUpVersion, statusOn } from '../../../functions/checks/aws/eks-version-calendar.js';
import { runCheck } from '../../../functions/scoring/run-check.js';
import { snapshotWith } from '../../fixtures/aws/facts.js';

const NOT_COLLECTED = {
  clusterVersion: {
    status: 'not-collected' as const,
    reason: 'eks:DescribeClusterVersions denied',
    permission: 'eks:DescribeClusterVersions',
  },
};

describe('EKS release calendar', () => {
  test('covers 1.23 to 1.35, 14 months of standard and 12 of extended support each', () => {
    const versions = Object.keys(EKS_VERSION_CALENDAR);
    assert.deepEqual(
      versions,
      Array.from({ length: 13 }, (_, i) => `1.${23 + i}`),
    );
    for (const [v, d] of Object.entries(EKS_VERSION_CALENDAR)) {
      assert.ok(d.eksRelease < d.endOfStandardSupport && d.endOfStandardSupport < d.endOfExtendedSupport, v);
      const std = new Date(`${d.endOfStandardSupport}T00:00:00Z`);
      const ext = new Date(`${d.endOfExtendedSupport}T00:00:00Z`);
      // Extended support is 12 months after standard, to the day.
      assert.equal(ext.getUTCFullYear() - std.getUTCFullYear(), 1, v);
      assert.equal(ext.getUTCMonth(), std.getUTCMonth(), v);
      assert.equal(ext.getUTCDate(), std.getUTCDate(), v);
    }
  });

  test('the dates EKS publishes for a few versions', () => {
    assert.deepEqual(EKS_VERSION_CALENDAR['1.31'], {
      eksRelease: '2024-09-26',
      endOfStandardSupport: '2025-11-26',
      endOfExtendedSupport: '2026-11-26',
    });
    assert.equal(EKS_VERSION_CALENDAR['1.23'].endOfExtendedSupport, '2024-10-11');
    assert.equal(EKS_VERSION_CALENDAR['1.35'].endOfStandardSupport, '2027-03-27');
  });

  test('lookups: node-style versions, older and newer than the table', () => {
    assert.equal(lookUpVersion('v1.30.4-eks-a737599').kind, 'listed');
    assert.equal(lookUpVersion('1.21').kind, 'older');
    assert.equal(lookUpVersion('1.36').kind, 'newer');
    assert.equal(lookUpVersion(null).kind, 'unknown');
  });

  test('status by date: extended support starts at 00:00 UTC on the end-of-standard day', () => {
    const d = EKS_VERSION_CALENDAR['1.31'];
    assert.equal(statusOn(d, '2025-11-25T23:59:59Z'), 'STANDARD_SUPPORT');
    assert.equal(statusOn(d, '2025-11-26T00:00:00Z'), 'EXTENDED_SUPPORT');
    assert.equal(statusOn(d, '2026-11-26T00:00:00Z'), 'UNSUPPORTED');
  });
});

describe('version checks: DescribeClusterVersions first, the calendar when it was not collected', () => {
  test('without the fact the engine still runs them, and the reason names the calendar', () => {
    const snapshot = snapshotWith({}, { missing: NOT_COLLECTED, collectedAt: '2026-01-10T00:00:00Z' });
    const standard = runCheck(awsVersionStandardSupport, snapshot).result;
    assert.equal(standard.status, 'fail');
    assert.match(
      standard.failing[0].message,
      /Kubernetes 1\.31 is EXTENDED_SUPPORT \(standard support ended 2025-11-26/,
    );
    assert.match(standard.failing[0].message, /source: the EKS release calendar in code/);
    assert.match(standard.reason ?? '', /DescribeClusterVersions was not collected/);
    const supported = runCheck(awsVersionSupported, snapshot).result;
    assert.equal(supported.status, 'pass');
    assert.match(supported.reason ?? '', /1\.31 is EXTENDED_SUPPORT \(source: the EKS release calendar/);
  });

  test('with the fact, the reason names DescribeClusterVersions', () => {
    const out = awsVersionSupported.evaluate(snapshotWith({}));
    assert.equal(out.status, 'pass');
    assert.match(out.reason ?? '', /source: DescribeClusterVersions/);
  });

  test('a version past the end of extended support fails from the calendar', () => {
    const snapshot = snapshotWith({}, { missing: NOT_COLLECTED, collectedAt: '2026-12-01T00:00:00Z' });
    const out = awsVersionSupported.evaluate(snapshot);
    assert.equal(out.status, 'fail');
    assert.match(
      out.failing[0].message,
      /UNSUPPORTED \(extended support ended 2026-11-26; source: the EKS release calendar/,
    );
  });

  test('a version newer than the calendar is not-assessed, saying so', () => {
    const snapshot = snapshotWith({}, { missing: NOT_COLLECTED });
    snapshot.cluster.kubernetesVersion = '1.37';
    const out = awsVersionStandardSupport.evaluate(snapshot);
    assert.equal(out.status, 'not-assessed');
    assert.match(out.reason ?? '', /1\.37 is newer than the EKS release calendar in code/);
  });

  test('a kubeconfig scan of a cluster not known to be EKS does not use the EKS calendar', () => {
    const snapshot = snapshotWith({}, { missing: NOT_COLLECTED });
    snapshot.cluster = { ...snapshot.cluster, source: 'kubeconfig', arn: null, kubernetesVersion: 'v1.31.2' };
    assert.equal(awsVersionSupported.evaluate(snapshot).status, 'not-assessed');
    snapshot.cluster.kubernetesVersion = 'v1.31.2-eks-7f9249a';
    assert.equal(awsVersionSupported.evaluate(snapshot).status, 'pass');
  });

  test('a kubeconfig scan whose cluster ARN is EKS in any partition (aws-cn, aws-us-gov) uses the calendar', () => {
    const snapshot = snapshotWith({}, { missing: NOT_COLLECTED });
    for (const arn of [
      'arn:aws:eks:eu-west-1:111122223333:cluster/prod',
      'arn:aws-cn:eks:cn-north-1:111122223333:cluster/prod',
      'arn:aws-us-gov:eks:us-gov-west-1:111122223333:cluster/prod',
    ]) {
      snapshot.cluster = { ...snapshot.cluster, source: 'kubeconfig', arn, kubernetesVersion: 'v1.31.2' };
      assert.equal(awsVersionSupported.evaluate(snapshot).status, 'pass', arn);
    }
    snapshot.cluster.arn = 'arn:aws-cn:ecs:cn-north-1:111122223333:cluster/prod';
    assert.equal(awsVersionSupported.evaluate(snapshot).status, 'not-assessed');
  });
});

describe('add-on skew, AMI family and access principals', () => {
  test('add-ons on their own version lines are listed, not judged', () => {
    const out = awsAddonVersionSkew.evaluate(
      snapshotWith({
        addons: [
          { addonName: 'vpc-cni', addonVersion: 'v1.19.2-eksbuild.1' },
          { addonName: 'kube-proxy', addonVersion: 'v1.31.3-eksbuild.2' },
        ],
      }),
    );
    assert.equal(out.status, 'pass');
    assert.equal(out.evaluatedCount, 1);
    assert.match(out.reason ?? '', /not judged \(own version lines\): vpc-cni v1\.19\.2-eksbuild\.1/);
    assert.equal(awsAddonVersionSkew.evaluate(snapshotWith({})).status, 'not-applicable');
  });

  test('AMI evidence summarises node OS families and node group AMI types and releases', () => {
    const out = awsNodeAmiFamily.evaluate(snapshotWith({}));
    assert.equal(out.status, 'pass');
    assert.equal(
      out.reason,
      'no node OS image in an EKS-optimized family; managed node groups: general (AL2023_x86_64_STANDARD, release 1.31.3-20250101)',
    );
  });

  test('AMI evidence works without the node groups fact (a kubeconfig scan)', () => {
    const snapshot = snapshotWith({}, { missing: { nodegroups: { status: 'not-collected', reason: 'denied' } } });
    const run = runCheck(awsNodeAmiFamily, snapshot);
    assert.equal(run.result.status, 'not-applicable');
    assert.match(run.result.reason ?? '', /no node reports an OS image/);
  });

  test('aws-auth user mappings fail the access principals check; roles pass', () => {
    const snapshot = snapshotWith(
      {},
      {
        kubernetes: {
          awsAuth: {
            status: 'collected',
            items: [
              { type: 'role', arn: 'arn:aws:iam::111122223333:role/Admin', groups: ['system:masters'] },
              { type: 'user', arn: 'arn:aws:iam::111122223333:user/bob', username: 'bob', groups: [] },
            ],
          },
        },
      },
    );
    const out = awsClusterAccessPrincipals.evaluate(snapshot);
    assert.equal(out.status, 'fail');
    assert.deepEqual(
      out.failing.map((f) => f.message),
      ['IAM user arn:aws:iam::111122223333:user/bob is mapped in mapUsers as bob'],
    );
    assert.match(out.reason ?? '', /3 IAM principal\(s\) with cluster access: 2 role\(s\), 1 user\(s\)/);
  });
});
