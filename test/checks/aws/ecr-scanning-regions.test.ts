/**
 * CIS 5.1.1 across Regions and with the EKS add-on registries: an image of this account from another Region is
 * judged by that Region's registry scanning rules, and an add-on repository AWS does not let us describe is reported
 * as such instead of making the whole requirement not assessed.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { awsEcrImageScanning } from '../../../functions/checks/aws/aws-ecr-image-scanning.js';
import { awsRunningImageVulnerabilities } from '../../../functions/checks/aws/aws-running-image-vulnerabilities.js';
import type { EcrRepositoryFact, RegistryScanningFact } from '../../../functions/model/aws-facts.js';
import { ACCOUNT, REGION, snapshotWith } from '../../fixtures/aws/facts.js';

const SCAN_ALL = [{ scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }] }];
const home = (extra: Partial<RegistryScanningFact> = {}): RegistryScanningFact => ({
  registryId: ACCOUNT,
  region: REGION,
  scanType: 'ENHANCED',
  rules: SCAN_ALL,
  ...extra,
});
const repo = (name: string, region: string, extra: Partial<EcrRepositoryFact> = {}): EcrRepositoryFact => ({
  repositoryName: name,
  registryId: ACCOUNT,
  region,
  imageScanningConfiguration: { scanOnPush: false },
  ...extra,
});
const ADDON_DENIED: EcrRepositoryFact = {
  repositoryName: 'amazon-k8s-cni',
  registryId: '602401143452',
  region: REGION,
  unreadable: 'ecr:DescribeRepositories denied: AccessDeniedException: not authorized',
};
const evaluate = (scanning: RegistryScanningFact, repos: EcrRepositoryFact[]) =>
  awsEcrImageScanning.evaluate(snapshotWith({ ecrRegistryScanning: scanning, ecrRepositories: repos }));

describe('5.1.1: repositories in other Regions of the account', () => {
  const east = repo('web', 'us-east-1');

  test("another Region's repository fails when that Region scans nothing, even though the cluster's Region does", () => {
    const out = evaluate(
      home({ otherRegions: [{ region: 'us-east-1', scanning: { scanType: 'BASIC', rules: [] } }] }),
      [repo('api', REGION), east],
    );
    assert.equal(out.status, 'fail');
    assert.deepEqual(
      out.failing.map((f) => f.name),
      ['web'],
    );
    assert.match(out.failing[0].message, /of its Region \(us-east-1\)/);
  });

  test("it passes when that Region's own rule scans it", () => {
    const out = evaluate(home({ otherRegions: [{ region: 'us-east-1', scanning: home({ region: 'us-east-1' }) }] }), [
      repo('api', REGION),
      east,
    ]);
    assert.equal(out.status, 'pass', JSON.stringify(out));
    assert.equal(out.evaluatedCount, 2);
  });

  test('the cluster Region rules do not cover another Region: unread there means not assessed, naming why', () => {
    const denied = 'ecr:GetRegistryScanningConfiguration denied: AccessDeniedException: explicit deny in an SCP';
    const out = evaluate(home({ otherRegions: [{ region: 'us-east-1', unreadable: denied }] }), [
      repo('api', REGION),
      east,
    ]);
    assert.equal(out.status, 'not-assessed');
    assert.match(out.reason ?? '', /web \(us-east-1\): ecr:GetRegistryScanningConfiguration denied/);
    const unread = evaluate(home(), [repo('api', REGION), east]);
    assert.equal(unread.status, 'not-assessed', 'a Region whose configuration was never read is not judged');
    assert.match(unread.reason ?? '', /that Region's registry scanning configuration was not read/);
  });

  test("another Region's repository with scanOnPush on passes without that Region's configuration", () => {
    const out = evaluate(home(), [repo('web', 'us-east-1', { imageScanningConfiguration: { scanOnPush: true } })]);
    assert.equal(out.status, 'pass');
  });
});

describe('5.1.1: the EKS add-on registries', () => {
  test('an add-on repository AWS does not let us describe is listed, not judged; the rest is judged', () => {
    const out = evaluate(home(), [repo('api', REGION), ADDON_DENIED]);
    assert.equal(out.status, 'pass', JSON.stringify(out));
    assert.equal(out.evaluatedCount, 1);
    assert.match(out.reason ?? '', /EKS add-on registries.*AccessDenied.*602401143452\/amazon-k8s-cni \(eu-west-1\)/);
    assert.ok(out.observed?.some((o) => o.name === 'amazon-k8s-cni' && o.observed.startsWith('not described')));
  });

  test('a failing repository still fails beside it', () => {
    const out = evaluate(home({ rules: [] }), [repo('api', REGION), ADDON_DENIED]);
    assert.equal(out.status, 'fail');
    assert.deepEqual(
      out.failing.map((f) => f.name),
      ['api'],
    );
  });

  test('only add-on images from ECR: nothing of ours to judge', () => {
    const out = evaluate(home(), [ADDON_DENIED]);
    assert.equal(out.status, 'not-applicable');
    assert.match(out.reason ?? '', /amazon-k8s-cni/);
  });

  test('running-image vulnerabilities say which add-on images could not be read', () => {
    const out = awsRunningImageVulnerabilities.evaluate(
      snapshotWith({
        imageFindings: [
          {
            imageUri: `602401143452.dkr.ecr.${REGION}.amazonaws.com/amazon-k8s-cni:v1.19.0`,
            repositoryName: 'amazon-k8s-cni',
            registryId: '602401143452',
            scanStatus: 'ACCESS_DENIED',
            critical: 0,
            high: 0,
          },
        ],
      }),
    );
    assert.equal(out.status, 'pass');
    assert.match(out.reason ?? '', /1 image\(s\) from the EKS add-on registries.*AccessDenied/);
  });
});
