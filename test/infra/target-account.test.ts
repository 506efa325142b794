/**
 * The target-account stack across several regions of one account: IAM role names are account-wide, so only the
 * stack in the role's home region creates it, and the others add access entries for the same role (and the same
 * `roleArn` in the reporter's config), as docs/deployment.md "Clusters in other accounts" describes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseConfig } from '../../functions/config/load.js';
import { AppUsageError, buildApp } from '../../infra/build-app.js';
import { ReporterStack } from '../../infra/reporter-stack.js';
import { DEFAULT_TARGET_ROLE_NAME, TargetAccountStack } from '../../infra/target-account-stack.js';
import { resolveInAwsPartition } from '../support/cfn-template.js';

const ACCOUNT = '444455556666';
const REPORTER_SCAN_ROLE = 'arn:aws:iam::111122223333:role/Reporter-ScanRole';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${DEFAULT_TARGET_ROLE_NAME}`;

type Synthesized = { Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }> };

function resourcesOf(template: Synthesized, type: string) {
  return Object.values(template.Resources ?? {}).filter((r) => r.Type === type);
}

/** `cdk synth` of the target-account stack with this context, in one region of ACCOUNT (cdk-nag plugin included). */
function synthFromContext(region: string, context: Record<string, string>) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], targetAccount: 'true', ...context } });
  buildApp(app, { account: ACCOUNT, region });
  const stack = app.synth().getStackByName('EksComplianceTarget');
  return { template: stack.template as Synthesized & { Outputs?: Record<string, { Value: unknown }> }, stack };
}

describe('target-account stack in two regions of one account', () => {
  test('only the home-region stack creates the role; the other references it by ARN, so names cannot clash', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const home = new TargetAccountStack(app, 'TargetHome', {
      env: { account: ACCOUNT, region: 'eu-central-1' },
      reporterScanRoleArn: REPORTER_SCAN_ROLE,
      clusterNames: ['payments-prod'],
    });
    const other = new TargetAccountStack(app, 'TargetOther', {
      env: { account: ACCOUNT, region: 'us-east-1' },
      createRole: false,
      clusterNames: ['payments-us', 'payments-us-staging'],
    });
    const homeTemplate = Template.fromStack(home);
    const otherTemplate = Template.fromStack(other);

    homeTemplate.resourceCountIs('AWS::IAM::Role', 1);
    const [trust] = Object.values(homeTemplate.findResources('AWS::IAM::Role')).map(
      (r) => r.Properties.AssumeRolePolicyDocument.Statement,
    );
    // The reporter's account, pinned to its scan role by aws:PrincipalArn (which survives the role's replacement;
    // a role principal is rewritten to the replaced role's unique id and stops matching).
    assert.equal(trust.length, 1);
    assert.equal(trust[0].Action, 'sts:AssumeRole');
    assert.equal(trust[0].Effect, 'Allow');
    assert.equal(resolveInAwsPartition(trust[0].Principal.AWS), 'arn:aws:iam::111122223333:root');
    assert.deepEqual(trust[0].Condition, { ArnEquals: { 'aws:PrincipalArn': REPORTER_SCAN_ROLE } });
    // No role, and no policy either: the home-region role's permissions already span every region of the account.
    assert.match(JSON.stringify(homeTemplate.findResources('AWS::IAM::Policy')), /:eks:\*:444455556666:cluster\/\*/);
    otherTemplate.resourceCountIs('AWS::IAM::Role', 0);
    otherTemplate.resourceCountIs('AWS::IAM::Policy', 0);

    const entries = Object.values(otherTemplate.findResources('AWS::EKS::AccessEntry'));
    assert.deepEqual(
      entries.map((e) => e.Properties.ClusterName),
      ['payments-us', 'payments-us-staging'],
    );
    for (const entry of entries) {
      assert.equal(resolveInAwsPartition(entry.Properties.PrincipalArn), ROLE_ARN);
      assert.deepEqual(entry.Properties.KubernetesGroups, ['eks-compliance-reporter']);
    }
    // Both stacks output the ARN that goes into the reporter config, the same for clusters of either region.
    assert.equal(resolveInAwsPartition(otherTemplate.findOutputs('ScanRoleArn').ScanRoleArn.Value), ROLE_ARN);
    const [homeRoleId] = Object.keys(homeTemplate.findResources('AWS::IAM::Role'));
    assert.deepEqual(homeTemplate.findOutputs('ScanRoleArn').ScanRoleArn.Value, { 'Fn::GetAtt': [homeRoleId, 'Arn'] });

    for (const stack of [home, other]) {
      const report = new AwsSolutionsChecks(app).validateScope(stack);
      assert.deepEqual(
        report.violations.map((v) => v.ruleName),
        [],
        stack.stackName,
      );
    }
  });

  test('from context: -c createScanRole=false needs no reporterScanRoleArn and synthesises no role', () => {
    const { template: home } = synthFromContext('eu-central-1', {
      reporterScanRoleArn: REPORTER_SCAN_ROLE,
      clusters: 'payments-prod',
    });
    const { template: other } = synthFromContext('us-east-1', {
      createScanRole: 'false',
      clusters: 'payments-us',
    });
    const homeRoles = resourcesOf(home, 'AWS::IAM::Role');
    assert.deepEqual(
      homeRoles.map((r) => r.Properties?.RoleName),
      [DEFAULT_TARGET_ROLE_NAME],
    );
    assert.deepEqual(resourcesOf(other, 'AWS::IAM::Role'), []);
    const [entry] = resourcesOf(other, 'AWS::EKS::AccessEntry');
    assert.equal(entry.Properties?.ClusterName, 'payments-us');
    assert.equal(resolveInAwsPartition(entry.Properties?.PrincipalArn), ROLE_ARN);
    assert.equal(resolveInAwsPartition(other.Outputs?.ScanRoleArn.Value), ROLE_ARN);
    // An explicit createScanRole=true is the default.
    const { template: explicit } = synthFromContext('eu-central-1', {
      createScanRole: 'true',
      reporterScanRoleArn: REPORTER_SCAN_ROLE,
      clusters: 'payments-prod',
    });
    assert.equal(resourcesOf(explicit, 'AWS::IAM::Role').length, 1);
  });

  test('-c scanRoleName names the role in the home region and the role referenced in the others', () => {
    const { template: home } = synthFromContext('eu-central-1', {
      reporterScanRoleArn: REPORTER_SCAN_ROLE,
      clusters: 'payments-prod',
      scanRoleName: 'ComplianceReader',
    });
    const { template: other } = synthFromContext('us-east-1', {
      createScanRole: 'false',
      clusters: 'payments-us',
      scanRoleName: 'ComplianceReader',
    });
    assert.deepEqual(
      resourcesOf(home, 'AWS::IAM::Role').map((r) => r.Properties?.RoleName),
      ['ComplianceReader'],
    );
    const [entry] = resourcesOf(other, 'AWS::EKS::AccessEntry');
    assert.equal(
      resolveInAwsPartition(entry.Properties?.PrincipalArn),
      `arn:aws:iam::${ACCOUNT}:role/ComplianceReader`,
    );
  });

  test('a reporterScanRoleArn that is not an IAM role ARN of a 12-digit account is refused with a clear message', () => {
    const attempt = (arn: string) => () =>
      buildApp(new App({ context: { targetAccount: 'true', reporterScanRoleArn: arn, clusters: 'a' } }), {
        account: ACCOUNT,
        region: 'eu-central-1',
      });
    for (const arn of [
      '*',
      'arn:aws:iam::*:role/EksComplianceReporter-ScanRole',
      'arn:aws:iam::1111222233:role/Short',
      'arn:aws:iam::111122223333:root',
      'arn:aws:iam::111122223333:user/alice',
      'arn:aws:iam::111122223333:role/*',
      'arn:aws:sts::111122223333:assumed-role/ScanRole/session',
      '111122223333',
    ]) {
      assert.throws(attempt(arn), (err: Error) => {
        assert.ok(err instanceof AppUsageError, arn);
        assert.match(err.message, /reporterScanRoleArn must be the ARN of the reporter's scan role/);
        assert.ok(err.message.includes(JSON.stringify(arn)), err.message);
        return true;
      });
    }
    // The stack refuses it too when built directly.
    assert.throws(
      () => new TargetAccountStack(new App(), 'T', { reporterScanRoleArn: '*', clusterNames: [] }),
      /reporterScanRoleArn must be/,
    );
    for (const arn of [
      REPORTER_SCAN_ROLE,
      'arn:aws-cn:iam::111122223333:role/Reporter-ScanRole',
      'arn:aws-us-gov:iam::111122223333:role/path/Reporter-ScanRole',
    ]) {
      assert.doesNotThrow(attempt(arn), arn);
    }
  });

  test('usage errors: no clusters without the role, a createScanRole that is not a boolean, a bad role name', () => {
    const attempt = (context: Record<string, string>) => () =>
      buildApp(new App({ context: { targetAccount: 'true', ...context } }), { account: ACCOUNT, region: 'us-east-1' });
    assert.throws(attempt({ createScanRole: 'false' }), AppUsageError);
    assert.throws(attempt({ createScanRole: 'no', clusters: 'a' }), AppUsageError);
    assert.throws(
      attempt({ reporterScanRoleArn: REPORTER_SCAN_ROLE, clusters: 'a', scanRoleName: 'bad/name' }),
      AppUsageError,
    );
    // Without createScanRole=false the role is created, and its trust needs the reporter's scan role.
    assert.throws(attempt({ clusters: 'a' }), AppUsageError);
  });

  test("the reporter config uses one roleArn for the account's clusters in both regions", () => {
    const config = parseConfig(
      [
        'clusters:',
        `  - { name: payments-prod, region: eu-central-1, account: "${ACCOUNT}", roleArn: "${ROLE_ARN}" }`,
        `  - { name: payments-us, region: us-east-1, account: "${ACCOUNT}", roleArn: "${ROLE_ARN}" }`,
        '',
      ].join('\n'),
      'two-regions.yaml',
    );
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new ReporterStack(app, 'Reporter', { env: { account: '111122223333', region: 'eu-west-1' }, config });
    const policies = JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
    assert.match(policies, /"sts:AssumeRole"/);
    assert.ok(policies.includes(ROLE_ARN), 'the scan role may assume the target role');
  });
});
