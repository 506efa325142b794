/**
 * CDK stacks: Template assertions and cdk-nag's AwsSolutions pack, in one file because each node:test file is its
 * own process and the first synth pays for loading aws-cdk-lib.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadConfig, parseConfig } from '../../functions/config/load.js';
import { AppUsageError, buildApp } from '../../infra/build-app.js';
import { ReporterStack } from '../../infra/reporter-stack.js';
import { TargetAccountStack } from '../../infra/target-account-stack.js';

const env = { account: '111122223333', region: 'eu-west-1' };
const noBundling = () => new App({ context: { 'aws:cdk:bundling-stacks': [] } });

function synthReporter(configText?: string) {
  const app = noBundling();
  const config = configText ? parseConfig(configText, 'test.yaml') : loadConfig('docs/config.example.yaml');
  const stack = new ReporterStack(app, 'Reporter', { env, config });
  return { app, stack, template: Template.fromStack(stack) };
}

describe('reporter stack', () => {
  const { app, stack, template } = synthReporter();

  test('passes the AwsSolutions pack with every finding acknowledged', () => {
    const report = new AwsSolutionsChecks(app).validateScope(stack);
    assert.deepEqual(
      report.violations.map((v) => v.ruleName),
      [],
    );
    assert.equal(report.success, true);
  });

  test('weekly schedule in the configured time zone starts the state machine', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 6 ? * MON *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      Target: { Arn: { Ref: Match.stringLikeRegexp('WeeklyRun') } },
    });
  });

  test('state machine: discover, distributed map over clusters from S3 with bounded concurrency, report', () => {
    const machines = template.findResources('AWS::StepFunctions::StateMachine');
    const [machine] = Object.values(machines);
    const definition = JSON.stringify(machine.Properties.DefinitionString);
    assert.match(definition, /Discover clusters/);
    assert.match(definition, /DISTRIBUTED/);
    assert.match(definition, /MaxConcurrency\\":5/);
    assert.match(definition, /Record failed scan/);
    assert.match(definition, /Render and deliver reports/);
    assert.equal(machine.Properties.TracingConfiguration.Enabled, true);
    assert.equal(machine.Properties.LoggingConfiguration.Level, 'ALL');
  });

  test('bucket: KMS with rotation, versioning, TLS only, public access blocked, lifecycle, object lock, access logs', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({
            ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }),
            BucketKeyEnabled: true,
          }),
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } },
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'reports-bucket/' }),
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 400 })]) },
    });
  });

  test('functions: nodejs22.x on arm64, traced; a VPC-placed scan function for the private network', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    assert.equal(functions.length, 4, 'discover, scan, scan in payments-vpc, report');
    for (const fn of functions) {
      assert.equal(fn.Properties.Runtime, 'nodejs22.x');
      assert.deepEqual(fn.Properties.Architectures, ['arm64']);
      assert.equal(fn.Properties.TracingConfig.Mode, 'Active');
    }
    // Only the report function renders PDFs, and only it gets the renderer's larger young generation.
    const nodeOptions = functions.map((fn) => fn.Properties.Environment.Variables.NODE_OPTIONS as string);
    assert.equal(nodeOptions.filter((o) => o.includes('--max-semi-space-size=32')).length, 1);
    assert.ok(nodeOptions.every((o) => o.includes('--enable-source-maps')));
    const inVpc = functions.filter((fn) => fn.Properties.VpcConfig);
    assert.equal(inVpc.length, 1);
    assert.deepEqual(inVpc[0].Properties.VpcConfig.SubnetIds, ['subnet-0a1b2c3d4e5f60718', 'subnet-0b1c2d3e4f5a60719']);
  });

  test('same-account cluster gets an access entry for the scan role; the cross-account one does not', () => {
    const entries = Object.values(template.findResources('AWS::EKS::AccessEntry'));
    assert.equal(entries.length, 1);
    assert.equal(entries[0].Properties.ClusterName, 'prod-eu-west-1');
    assert.deepEqual(entries[0].Properties.KubernetesGroups, ['eks-compliance-reporter']);
  });

  test('scan role may assume only the configured cross-account roles and never writes to clusters', () => {
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    assert.match(policies, /arn:aws:iam::444455556666:role\/EksComplianceScan/);
    assert.doesNotMatch(policies, /eks:(Create|Update|Delete|Associate)/);
    assert.doesNotMatch(policies, /"sts:AssumeRole","Effect":"Allow","Resource":"\*"/);
  });

  test('email sending is limited to the sender identity', () => {
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    assert.match(policies, /identity\/compliance-reports@example\.com/);
  });

  test('alarms for failed runs, failed scans and undelivered reports go to an encrypted topic', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    // An unreachable cluster returns normally, so its alarm watches the handler's metric, not the function's Errors.
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'EksComplianceReporter',
      MetricName: 'ClusterScansFailed',
      Dimensions: [{ Name: 'service', Value: 'eks-compliance-reporter' }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    // Crashes of any scan function (one per configured network too) still alarm.
    const crashed = Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter((a) =>
      /scan function crashed/.test(a.Properties.AlarmDescription),
    );
    assert.equal(crashed.length, 1);
    const scanFunctions = Object.keys(template.findResources('AWS::Lambda::Function')).filter((id) => /Scan/.test(id));
    assert.equal(
      crashed[0].Properties.Metrics.filter((m: { MetricStat?: unknown }) => m.MetricStat).length,
      scanFunctions.length,
    );
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'platform-oncall@example.com',
    });
  });

  test('a minimal config synthesises without object lock, networks or email', () => {
    const { template: minimal } = synthReporter('clusters: [{ name: dev, region: eu-west-1 }]\n');
    const buckets = Object.values(minimal.findResources('AWS::S3::Bucket'));
    assert.ok(buckets.every((b) => b.Properties.ObjectLockEnabled !== true));
    assert.equal(Object.values(minimal.findResources('AWS::Lambda::Function')).length, 3);
    minimal.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

describe('target-account stack', () => {
  test('role trusted by the reporter scan role, access entries, and a clean AwsSolutions report', () => {
    const app = noBundling();
    const stack = new TargetAccountStack(app, 'Target', {
      env: { account: '444455556666', region: 'eu-central-1' },
      reporterScanRoleArn: 'arn:aws:iam::111122223333:role/Reporter-ScanRole',
      clusterNames: ['payments-prod'],
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'EksComplianceScan',
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { AWS: 'arn:aws:iam::111122223333:role/Reporter-ScanRole' } })],
      },
    });
    template.hasResourceProperties('AWS::EKS::AccessEntry', { ClusterName: 'payments-prod' });
    const report = new AwsSolutionsChecks(app).validateScope(stack);
    assert.deepEqual(
      report.violations.map((v) => v.ruleName),
      [],
    );
  });
});

describe('the CDK app as `cdk synth` builds it', () => {
  test('an environment-agnostic synth of the example config passes the AwsSolutions plugin', () => {
    const app = noBundling();
    buildApp(app, { account: undefined, region: undefined });
    const assembly = app.synth();
    assert.ok(assembly.getStackByName('EksComplianceReporter').template.Resources);
  });

  test('the target-account stack synthesises from context, and a missing role ARN is a usage error', () => {
    const app = new App({
      context: {
        'aws:cdk:bundling-stacks': [],
        targetAccount: 'true',
        reporterScanRoleArn: 'arn:aws:iam::111122223333:role/Reporter-ScanRole',
        clusters: 'a,b',
      },
    });
    buildApp(app, { account: undefined, region: undefined });
    const template = app.synth().getStackByName('EksComplianceTarget').template;
    const entries = Object.values(template.Resources as Record<string, { Type: string }>).filter(
      (r) => r.Type === 'AWS::EKS::AccessEntry',
    );
    assert.equal(entries.length, 2);
    const bad = new App({ context: { targetAccount: 'true' } });
    assert.throws(() => buildApp(bad), AppUsageError);
  });
});
