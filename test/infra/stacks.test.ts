/**
 * CDK stacks: Template assertions and cdk-nag's AwsSolutions pack, in one file because each node:test file is its
 * own process and the first synth pays for loading aws-cdk-lib.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError, loadConfig, parseConfig } from '../../functions/config/load.js';
import { EVENT_SOURCE } from '../../functions/model/aws-integrations.js';
import * as layout from '../../functions/run/layout.js';
import { AppUsageError, buildApp, EXAMPLE_CONFIG_FILE } from '../../infra/build-app.js';
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

/** A resource of a synthesised template (what `findResources` returns for each logical id). */
type Resource = ReturnType<Template['findResources']>[string];
type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

/** The one resource of a type whose logical id matches, with that id. */
function only(template: Template, type: string, id: RegExp): [string, Resource] {
  const found = Object.entries(template.findResources(type)).filter(([k]) => id.test(k));
  assert.equal(found.length, 1, `one ${type} matching ${id}, got ${found.map(([k]) => k).join(', ') || 'none'}`);
  return found[0];
}

/** Every statement of the identity policies attached to a role, one action each (so they compare per action). */
function roleStatements(template: Template, roleId: string): Array<{ action: string; resource: unknown }> {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
    (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })),
  );
  return policies.flatMap((p) =>
    (p.Properties.PolicyDocument.Statement as Statement[]).flatMap((st) => {
      assert.equal(st.Effect, 'Allow');
      return [st.Action].flat().map((action) => ({ action, resource: st.Resource }));
    }),
  );
}

const getAtt = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] });
/** X-Ray tracing is on for every function, so every role may put trace segments; IAM cannot scope them. */
const XRAY_ACTIONS = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];

describe('reporter stack', () => {
  const { app, stack, template } = synthReporter();

  test('every function can write its own log group and no other (a passed-in role gets no basic execution role)', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    assert.ok(Object.keys(functions).length >= 4);
    for (const [id, fn] of Object.entries(functions)) {
      const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const groupId = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      const logs = roleStatements(template, roleId).filter((s) => s.action.startsWith('logs:'));
      for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents']) {
        assert.ok(
          logs.some(
            (s) => s.action === action && JSON.stringify(s.resource) === JSON.stringify(getAtt(groupId, 'Arn')),
          ),
          `${id}: ${action} on its log group ${groupId}`,
        );
      }
      const elsewhere = logs.filter(
        (s) => /Put|Create/.test(s.action) && JSON.stringify(s.resource) !== JSON.stringify(getAtt(groupId, 'Arn')),
      );
      // Scan functions in several networks share the scan role and so may write each other's groups; none other.
      for (const s of elsewhere)
        assert.match(JSON.stringify(s.resource), /ScanLogs|Scan[A-Z]\w*Logs/, `${id}: ${s.action}`);
    }
  });

  test('passes the AwsSolutions pack with every finding acknowledged', () => {
    const report = new AwsSolutionsChecks(app).validateScope(stack);
    assert.deepEqual(
      report.violations.map((v) => v.ruleName),
      [],
    );
    assert.equal(report.success, true);
  });

  describe('S3: each role writes only its own keys, and nothing can weaken the retention', () => {
    const [bucketId] = only(template, 'AWS::S3::Bucket', /^Reports[0-9A-F]{8}$/);
    /** The object-key pattern of a resource on the reports bucket's objects, or undefined for anything else. */
    const keyPattern = (resource: unknown): string | undefined => {
      const join = (resource as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
      if (!join) return undefined;
      const [first, suffix] = join[1];
      return JSON.stringify(first) === JSON.stringify(getAtt(bucketId, 'Arn')) && typeof suffix === 'string'
        ? suffix.replace(/^\//, '')
        : undefined;
    };
    const s3Grants = (roleId: string, action: string) =>
      roleStatements(template, roleId)
        .filter((s) => s.action === action)
        .flatMap((s) => [s.resource].flat())
        .map((r) => keyPattern(r) ?? JSON.stringify(r))
        .sort();
    /** IAM's wildcard match: `*` any run of characters ('/' included), `?` one character. */
    const matches = (pattern: string, key: string) =>
      new RegExp(
        `^${pattern
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
      ).test(key);
    const roleId = (name: RegExp) => only(template, 'AWS::IAM::Role', name)[0];
    const cluster = { name: 'prod', region: 'eu-west-1', account: '111122223333' };
    const run = 'weekly-2026-12-07';
    const written = {
      discover: [layout.clustersKey(run), layout.discoveryKey(run)],
      scan: [layout.resultsKey(run, cluster), layout.snapshotKey(run, cluster), layout.failureKey(run, cluster)],
      render: [
        `${layout.reportPrefix(run, cluster)}report.pdf`,
        layout.historyKey(cluster, '2026-12-07T06:00:00.000Z'),
        layout.summaryKey(run, cluster),
        layout.renderFailureKey(run, cluster),
        // Near miss: a cluster named "fleet" has a folder ending in /fleet/ too; only Render writes in it.
        `${layout.reportPrefix(run, { ...cluster, name: 'fleet' })}report.html`,
      ],
      report: [
        layout.fleetReportKey(run, 'html'),
        layout.fleetReportKey(run, 'pdf'),
        layout.emailClaimKey(run),
        layout.eventsClaimKey(run),
      ],
    };

    test('discover, scan, render and report may PutObject exactly to their own keys of the layout, none of the others', () => {
      const roles = {
        discover: roleId(/^DiscoverRole/),
        scan: roleId(/^ScanRole/),
        render: roleId(/^RenderRole/),
        report: roleId(/^ReportRole/),
      };
      for (const [name, id] of Object.entries(roles) as Array<[keyof typeof roles, string]>) {
        const patterns = s3Grants(id, 's3:PutObject');
        assert.deepEqual(patterns, [...layout.WRITE_PATTERNS[name]].sort(), name);
        for (const [writer, keys] of Object.entries(written)) {
          for (const key of keys) {
            assert.equal(
              patterns.some((p) => matches(p, key)),
              writer === name,
              `${name} ${writer === name ? 'must' : 'must not'} be able to write ${key}`,
            );
          }
        }
      }
      // The state machine records a failed scan or render, and may write nothing else.
      const [machineRoleId] = only(template, 'AWS::IAM::Role', /^WeeklyRunRole/);
      const recorded = roleStatements(template, machineRoleId).filter((s) => /^s3:put/i.test(s.action));
      assert.deepEqual(recorded.map((s) => keyPattern(s.resource)).sort(), [
        'runs/*/failures/*',
        'runs/*/render-failures/*',
      ]);
    });

    test('no role may set retention or legal holds or delete versions; only the report role deletes, only its claims', () => {
      const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) =>
        (p.Properties.PolicyDocument.Statement as Statement[]).map((st) => ({ ...st, roles: p.Properties.Roles })),
      );
      const s3Actions = statements.flatMap((st) => [st.Action].flat().filter((a) => a.toLowerCase().startsWith('s3:')));
      for (const action of s3Actions) {
        assert.doesNotMatch(action, /\*|Retention|LegalHold|Version|BypassGovernance|Acl|Policy/i, action);
      }
      const deletes = statements.filter((st) => [st.Action].flat().some((a) => /^s3:Delete/i.test(a)));
      assert.equal(deletes.length, 1);
      assert.deepEqual(deletes[0].Action, 's3:DeleteObject');
      assert.deepEqual(deletes[0].roles, [{ Ref: roleId(/^ReportRole/) }]);
      const claims = [layout.WRITE_PATTERNS.emailClaim, layout.WRITE_PATTERNS.eventsClaim];
      assert.deepEqual([deletes[0].Resource].flat().map(keyPattern), claims);
      assert.ok(matches(claims[0], layout.emailClaimKey(run)) && matches(claims[1], layout.eventsClaimKey(run)));
      for (const key of [...written.scan, ...written.discover, ...written.render, written.report[0]]) {
        assert.ok(!claims.some((c) => matches(c, key)), key);
      }
    });
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
    assert.match(definition, /Render cluster reports/);
    assert.match(definition, /Record failed render/);
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
    assert.equal(functions.length, 6, 'discover, scan, scan in payments-vpc, render, report, links');
    for (const fn of functions) {
      assert.equal(fn.Properties.Runtime, 'nodejs22.x');
      assert.deepEqual(fn.Properties.Architectures, ['arm64']);
      assert.equal(fn.Properties.TracingConfig.Mode, 'Active');
    }
    // Only the render and report functions render PDFs, and only they get the renderer's larger young generation.
    const nodeOptions = functions.map((fn) => fn.Properties.Environment.Variables.NODE_OPTIONS as string);
    assert.equal(nodeOptions.filter((o) => o.includes('--max-semi-space-size=32')).length, 2);
    assert.ok(nodeOptions.every((o) => o.includes('--enable-source-maps')));
    const inVpc = functions.filter((fn) => fn.Properties.VpcConfig);
    assert.equal(inVpc.length, 1);
    assert.deepEqual(inVpc[0].Properties.VpcConfig.SubnetIds, ['subnet-0a1b2c3d4e5f60718', 'subnet-0b1c2d3e4f5a60719']);
  });

  describe('report links (report.links defaults to redirect)', () => {
    const [urlId, url] = only(template, 'AWS::Lambda::Url', /.*/);
    const [linkKeyId, linkKey] = only(template, 'AWS::KMS::Key', /^LinkKey/);
    const [reportsKeyId] = only(template, 'AWS::KMS::Key', /^ReportsKey/);
    const [bucketId] = only(template, 'AWS::S3::Bucket', /^Reports[0-9A-F]{8}$/);
    const [linksRoleId] = only(template, 'AWS::IAM::Role', /^LinksRole/);
    const [reportRoleId] = only(template, 'AWS::IAM::Role', /^ReportRole/);
    const [renderRoleId] = only(template, 'AWS::IAM::Role', /^RenderRole/);
    const fnOf = (roleId: string) => {
      const fns = Object.entries(template.findResources('AWS::Lambda::Function')).filter(
        ([, fn]) => JSON.stringify(fn.Properties.Role) === JSON.stringify(getAtt(roleId, 'Arn')),
      );
      assert.equal(fns.length, 1);
      return fns[0];
    };
    const [linksFnId, linksFn] = fnOf(linksRoleId);
    const [, reportFn] = fnOf(reportRoleId);
    const [, renderFn] = fnOf(renderRoleId);

    test('a public function URL for the links function; each request is authorized by its HMAC token', () => {
      assert.equal(url.Properties.AuthType, 'NONE');
      assert.deepEqual(url.Properties.TargetFunctionArn, getAtt(linksFnId, 'Arn'));
      template.hasOutput('ReportLinksUrl', { Value: getAtt(urlId, 'FunctionUrl'), Description: Match.anyValue() });
      assert.equal(linksFn.Properties.MemorySize, 256);
      assert.equal(linksFn.Properties.Timeout, 10);
      const env = linksFn.Properties.Environment.Variables;
      assert.deepEqual(env.REPORTS_BUCKET, { Ref: bucketId });
      assert.deepEqual(env.REPORT_LINK_KEY, getAtt(linkKeyId, 'Arn'));
      assert.equal(env.REPORTER_CONFIG, undefined);
      assert.doesNotMatch(env.NODE_OPTIONS, /max-semi-space-size/);
      assert.ok(linksFn.Properties.LoggingConfig.LogGroup.Ref.startsWith('LinksLogs'));
    });

    test('the link key is a retained KMS HMAC key', () => {
      assert.equal(linkKey.Properties.KeySpec, 'HMAC_256');
      assert.equal(linkKey.Properties.KeyUsage, 'GENERATE_VERIFY_MAC');
      assert.equal(linkKey.DeletionPolicy, 'Retain');
    });

    test("the link key's policy lets no one but the report and render roles generate MACs, whatever IAM policies say", () => {
      const statements = linkKey.Properties.KeyPolicy.Statement as Array<
        Statement & { Principal?: unknown; Condition?: unknown }
      >;
      const denies = statements.filter((st) => st.Effect === 'Deny');
      assert.deepEqual(denies, [
        {
          Sid: 'OnlyTheLinkMakersSignLinks',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'kms:GenerateMac',
          Resource: '*',
          // The email's links (report) and each Security Hub finding's (render, config securityHub).
          Condition: {
            ArnNotEquals: { 'aws:PrincipalArn': [getAtt(reportRoleId, 'Arn'), getAtt(renderRoleId, 'Arn')] },
          },
        },
      ]);
    });

    test('the links function knows linkExpiryDays, and its reserved concurrency is report.linksConcurrency', () => {
      assert.equal(linksFn.Properties.Environment.Variables.REPORT_LINK_EXPIRY_DAYS, '7');
      assert.equal(linksFn.Properties.ReservedConcurrentExecutions, undefined, 'unset by default');
      const { template: capped } = synthReporter(
        'clusters: [{ name: dev, region: eu-west-1 }]\n' +
          'report: { sender: r@example.com, recipients: [t@example.com], linkExpiryDays: 2, linksConcurrency: 20 }\n',
      );
      const [, fn] = Object.entries(capped.findResources('AWS::Lambda::Function')).find(([id]) =>
        /^LinksFunction/.test(id),
      ) ?? [undefined, undefined];
      assert.equal(fn?.Properties.ReservedConcurrentExecutions, 20);
      assert.equal(fn?.Properties.Environment.Variables.REPORT_LINK_EXPIRY_DAYS, '2');
      const others = Object.entries(capped.findResources('AWS::Lambda::Function')).filter(
        ([id]) => !/^LinksFunction/.test(id),
      );
      for (const [id, other] of others) assert.equal(other.Properties.ReservedConcurrentExecutions, undefined, id);
      assert.throws(() => parseConfig('report: { linksConcurrency: 1000 }\n', 'r.yaml'), /report\.linksConcurrency/);
    });

    test('only the report and render functions are told the links URL and the link key', () => {
      for (const fn of [reportFn, renderFn]) {
        const env = fn.Properties.Environment.Variables;
        assert.deepEqual(env.REPORT_LINKS_URL, getAtt(urlId, 'FunctionUrl'));
        assert.deepEqual(env.REPORT_LINK_KEY, getAtt(linkKeyId, 'Arn'));
        assert.equal(env.REPORTER_CONFIG, undefined, 'the config is in the asset, not the 4 KB environment');
      }
      const others = Object.values(template.findResources('AWS::Lambda::Function')).filter(
        (fn) => fn !== reportFn && fn !== renderFn && fn !== linksFn,
      );
      assert.equal(others.length, 3);
      for (const fn of others) {
        assert.equal(fn.Properties.Environment.Variables.REPORT_LINKS_URL, undefined);
        assert.equal(fn.Properties.Environment.Variables.REPORT_LINK_KEY, undefined);
      }
    });

    test('the links role: GetObject under reports/, VerifyMac with the link key, Decrypt with the reports key, nothing else', () => {
      const statements = roleStatements(template, linksRoleId);
      const granted = statements.filter((s) => !XRAY_ACTIONS.includes(s.action));
      assert.deepEqual(
        granted.sort((a, b) => a.action.localeCompare(b.action)),
        [
          { action: 'kms:Decrypt', resource: getAtt(reportsKeyId, 'Arn') },
          { action: 'kms:VerifyMac', resource: getAtt(linkKeyId, 'Arn') },
          {
            action: 'logs:CreateLogStream',
            resource: getAtt(only(template, 'AWS::Logs::LogGroup', /^LinksLogs/)[0], 'Arn'),
          },
          {
            action: 'logs:PutLogEvents',
            resource: getAtt(only(template, 'AWS::Logs::LogGroup', /^LinksLogs/)[0], 'Arn'),
          },
          { action: 's3:GetObject', resource: { 'Fn::Join': ['', [getAtt(bucketId, 'Arn'), '/reports/*']] } },
        ],
      );
      for (const xray of statements.filter((s) => XRAY_ACTIONS.includes(s.action))) assert.equal(xray.resource, '*');
      const [, role] = only(template, 'AWS::IAM::Role', /^LinksRole/);
      assert.equal(role.Properties.ManagedPolicyArns, undefined);
      assert.equal(role.Properties.Policies, undefined);
    });

    test('the report and render roles sign links (GenerateMac) but cannot verify them; the links role cannot sign', () => {
      for (const roleId of [reportRoleId, renderRoleId]) {
        const statements = roleStatements(template, roleId);
        const mac = statements.filter((s) => /Mac$/.test(s.action));
        assert.deepEqual(mac, [{ action: 'kms:GenerateMac', resource: getAtt(linkKeyId, 'Arn') }]);
        // No other grant of the role reaches the link key.
        const onLinkKey = statements.filter((s) => JSON.stringify(s.resource).includes(linkKeyId));
        assert.deepEqual(onLinkKey, mac);
      }
      const links = roleStatements(template, linksRoleId);
      assert.ok(!links.some((s) => /GenerateMac|kms:\*/.test(s.action)));
    });
  });

  describe('the manifest signing key (docs/evidence.md)', () => {
    const [keyId, key] = only(template, 'AWS::KMS::Key', /^ManifestSigningKey/);
    // The render function writes (and seals) each cluster's reports in the Map.
    const [renderRoleId] = only(template, 'AWS::IAM::Role', /^RenderRole/);

    test('an asymmetric ECC_NIST_P256 key for SIGN_VERIFY, retained, its ARN a stack output', () => {
      assert.equal(key.Properties.KeySpec, 'ECC_NIST_P256');
      assert.equal(key.Properties.KeyUsage, 'SIGN_VERIFY');
      assert.equal(key.DeletionPolicy, 'Retain');
      template.hasOutput('ManifestSigningKeyArn', { Value: getAtt(keyId, 'Arn'), Description: Match.anyValue() });
    });

    test('only the render role may sign: its grant, no other role’s, and the key policy denies everyone else', () => {
      const onKey = (roleId: string) =>
        roleStatements(template, roleId).filter((st) => JSON.stringify(st.resource).includes(keyId));
      assert.deepEqual(
        onKey(renderRoleId)
          .map((st) => st.action)
          .sort(),
        ['kms:GetPublicKey', 'kms:Sign'],
      );
      for (const roleId of Object.keys(template.findResources('AWS::IAM::Role'))) {
        if (roleId !== renderRoleId) assert.deepEqual(onKey(roleId), [], roleId);
      }
      const deny = (key.Properties.KeyPolicy.Statement as Array<Record<string, unknown>>).filter(
        (st) => st.Effect === 'Deny',
      );
      assert.deepEqual(deny, [
        {
          Sid: 'OnlyTheRenderFunctionSigns',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'kms:Sign',
          Resource: '*',
          Condition: { ArnNotEquals: { 'aws:PrincipalArn': getAtt(renderRoleId, 'Arn') } },
        },
      ]);
    });

    test('only the render function is told the key', () => {
      const functions = Object.values(template.findResources('AWS::Lambda::Function'));
      const told = functions.filter((fn) => fn.Properties.Environment?.Variables?.MANIFEST_SIGNING_KEY !== undefined);
      assert.equal(told.length, 1);
      assert.deepEqual(told[0].Properties.Role, getAtt(renderRoleId, 'Arn'));
      assert.deepEqual(told[0].Properties.Environment.Variables.MANIFEST_SIGNING_KEY, getAtt(keyId, 'Arn'));
    });
  });

  test('with report.links: presigned there is no links function, URL or HMAC key', () => {
    const { template: presigned } = synthReporter(
      'clusters: [{ name: dev, region: eu-west-1 }]\n' +
        'report: { links: presigned, sender: r@example.com, recipients: [team@example.com] }\n',
    );
    presigned.resourceCountIs('AWS::Lambda::Url', 0);
    // The reports key and the manifest signing key; no HMAC key.
    const keys = Object.values(presigned.findResources('AWS::KMS::Key'));
    assert.deepEqual(keys.map((k) => k.Properties.KeySpec ?? 'SYMMETRIC_DEFAULT').sort(), [
      'ECC_NIST_P256',
      'SYMMETRIC_DEFAULT',
    ]);
    const functions = Object.values(presigned.findResources('AWS::Lambda::Function'));
    assert.equal(functions.length, 4, 'discover, scan, render, report');
    for (const fn of functions) {
      assert.equal(fn.Properties.Environment.Variables.REPORT_LINKS_URL, undefined);
      assert.equal(fn.Properties.Environment.Variables.REPORT_LINK_KEY, undefined);
    }
    assert.deepEqual(Object.keys(presigned.findOutputs('ReportLinksUrl')), []);
    assert.doesNotMatch(JSON.stringify(presigned.toJSON()), /kms:(GenerateMac|VerifyMac)/);
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

  test('the report role may send email only as the configured sender, to any identity (sandbox recipients too)', () => {
    const [reportRoleId] = only(template, 'AWS::IAM::Role', /^ReportRole/);
    const policies = Object.values(template.findResources('AWS::IAM::Policy'));
    const ses = policies
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<Statement & { Condition?: unknown }>)
      .filter((st) => [st.Action].flat().some((a) => a.startsWith('ses:')));
    assert.equal(ses.length, 1, 'one SES statement in the stack');
    assert.equal(ses[0].Action, 'ses:SendEmail');
    assert.deepEqual(ses[0].Condition, {
      StringEquals: { 'ses:FromAddress': 'compliance-reports@example.com' },
      // Every To/Cc/Bcc address must be a configured recipient.
      'ForAllValues:StringEqualsIgnoreCase': {
        'ses:Recipients': loadConfig('docs/config.example.yaml').report.recipients,
      },
    });
    assert.match(JSON.stringify(ses[0].Resource), /:ses:eu-west-1:111122223333:identity\/\*/);
    assert.ok(roleStatements(template, reportRoleId).some((s) => s.action === 'ses:SendEmail'));
  });

  test("the render role imports findings only to the account's own Security Hub product; the report role puts only its own events", () => {
    const [reportRoleId] = only(template, 'AWS::IAM::Role', /^ReportRole/);
    const [renderRoleId] = only(template, 'AWS::IAM::Role', /^RenderRole/);
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as Array<Statement & { Condition?: unknown }>,
    );
    const named = (prefix: string) => statements.filter((st) => [st.Action].flat().some((a) => a.startsWith(prefix)));
    const hub = named('securityhub:');
    assert.equal(hub.length, 1, 'one Security Hub statement in the stack');
    assert.equal(hub[0].Action, 'securityhub:BatchImportFindings');
    assert.match(
      JSON.stringify(hub[0].Resource),
      /:securityhub:eu-west-1:111122223333:product\/111122223333\/default"/,
    );
    const events = named('events:');
    assert.equal(events.length, 1, 'one EventBridge statement in the stack');
    assert.equal(events[0].Action, 'events:PutEvents');
    assert.match(JSON.stringify(events[0].Resource), /:events:eu-west-1:111122223333:event-bus\/default"/);
    assert.deepEqual(events[0].Condition, { StringEquals: { 'events:source': EVENT_SOURCE } });
    const actions = roleStatements(template, reportRoleId).map((st) => st.action);
    assert.ok(!actions.includes('securityhub:BatchImportFindings') && actions.includes('events:PutEvents'));
    const renderActions = roleStatements(template, renderRoleId).map((st) => st.action);
    assert.ok(renderActions.includes('securityhub:BatchImportFindings') && !renderActions.includes('events:PutEvents'));

    const { template: off } = synthReporter('clusters: [{ name: dev, region: eu-west-1 }]\nevents: false\n');
    const offActions = Object.values(off.findResources('AWS::IAM::Policy')).flatMap((p) =>
      (p.Properties.PolicyDocument.Statement as Statement[]).flatMap((st) => [st.Action].flat()),
    );
    assert.ok(!offActions.some((a) => a.startsWith('securityhub:') || a.startsWith('events:')), offActions.join());
  });

  test('scan functions placed in a VPC have a role that can create their network interfaces', () => {
    const [, scanRole] = only(template, 'AWS::IAM::Role', /^ScanRole/);
    assert.match(
      JSON.stringify(scanRole.Properties.ManagedPolicyArns),
      /service-role\/AWSLambdaVPCAccessExecutionRole/,
    );
    const vpcFunctions = Object.values(template.findResources('AWS::Lambda::Function')).filter(
      (fn) => fn.Properties.VpcConfig,
    );
    assert.ok(vpcFunctions.length > 0, 'the example config places a scan function in a VPC');
    const { template: plain } = synthReporter('clusters: [{ name: dev, region: eu-west-1 }]\n');
    const [, plainRole] = only(plain, 'AWS::IAM::Role', /^ScanRole/);
    assert.equal(plainRole.Properties.ManagedPolicyArns, undefined, 'no VPC policy without networks');
  });

  test('private endpoints: the stack lets the scan function into a named cluster security group on 443, else outputs its group', () => {
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'));
    assert.deepEqual(
      ingress.map((r) => ({ ...r.Properties, Description: undefined })),
      [
        {
          GroupId: 'sg-0c1d2e3f4a5b60718',
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          SourceSecurityGroupId: 'sg-0a1b2c3d4e5f60718',
          Description: undefined,
        },
      ],
    );
    template.hasOutput('ScanSecurityGroupPaymentsVpc', { Value: 'sg-0a1b2c3d4e5f60718' });
    // Without clusterSecurityGroupIds no rule is added, and the output names the group the stack created.
    const { template: plain } = synthReporter(
      'clusters: [{ name: dev, region: eu-west-1, network: lab }]\n' +
        'networks: [{ name: lab, vpcId: vpc-0a1b2c3d4e5f60718, subnetIds: [subnet-0a1b2c3d4e5f60718] }]\n',
    );
    plain.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    const [sgId] = only(plain, 'AWS::EC2::SecurityGroup', /^ScanSgLab/);
    assert.deepEqual(plain.findOutputs('ScanSecurityGroupLab').ScanSecurityGroupLab.Value, getAtt(sgId, 'GroupId'));
  });

  test('a cluster without a network reaches the default scan: the Choice tests that the field is present', () => {
    const [, machine] = only(template, 'AWS::StepFunctions::StateMachine', /^WeeklyRun/);
    const definition = JSON.stringify(machine.Properties.DefinitionString);
    const choice = /"Which network\?\\":\{\\"Type\\":\\"Choice\\",\\"Choices\\":(\[.*?\]),\\"Default/.exec(definition);
    assert.ok(choice, 'a Choice state named "Which network?"');
    const rules = JSON.parse(choice[1].replace(/\\"/g, '"')) as Array<{ And?: Array<Record<string, unknown>> }>;
    assert.ok(rules.length > 0);
    for (const rule of rules) {
      assert.deepEqual(rule.And?.[0], { Variable: '$.cluster.network', IsPresent: true });
      assert.equal(rule.And?.[1]?.Variable, '$.cluster.network');
    }
  });

  test('the state machine logs to a group under /aws/vendedlogs/ (no Logs resource policy entry per group)', () => {
    const [, machine] = only(template, 'AWS::StepFunctions::StateMachine', /^WeeklyRun/);
    const destination = JSON.stringify(machine.Properties.LoggingConfiguration.Destinations);
    const [groupId, group] = only(template, 'AWS::Logs::LogGroup', /^StateMachineLogs/);
    assert.ok(destination.includes(groupId));
    assert.match(group.Properties.LogGroupName, /^\/aws\/vendedlogs\/states\/Reporter-/);
  });

  test('ARNs take the partition from the deployment (aws-cn, aws-us-gov), never a literal arn:aws:', () => {
    const entries = Object.values(template.findResources('AWS::EKS::AccessEntry'));
    assert.ok(entries.length > 0);
    for (const entry of entries) {
      const policy = JSON.stringify(entry.Properties.AccessPolicies[0].PolicyArn);
      assert.match(policy, /\{"Ref":"AWS::Partition"\}/);
      assert.match(policy, /:eks::aws:cluster-access-policy\/AmazonEKSViewPolicy/);
    }
    // No role or key policy names a resource in the aws partition only (the config's own role ARNs aside).
    const grants = JSON.stringify([
      template.findResources('AWS::IAM::Policy'),
      template.findResources('AWS::KMS::Key'),
      template.findResources('AWS::SNS::TopicPolicy'),
    ]);
    assert.deepEqual(grants.match(/arn:aws:(?!iam::444455556666:role)[^"]*/g) ?? [], []);
  });

  test('the state machine records a failed scan with a checksummed put (Object Lock refuses puts without one)', () => {
    const [, machine] = only(template, 'AWS::StepFunctions::StateMachine', /^WeeklyRun/);
    const definition = JSON.stringify(machine.Properties.DefinitionString).replace(/\\"/g, '"');
    const at = definition.indexOf('"Record failed scan":{');
    assert.ok(at >= 0, 'the failure record state');
    const state = definition.slice(at, definition.indexOf('}}', at) + 2);
    assert.match(state, /aws-sdk:s3:putObject/);
    assert.match(state, /"ChecksumAlgorithm":"CRC32"/);
    // The key layout.ts failureKey reads: runs/<runId>/failures/<account>-<region>-<name>.json.
    assert.match(
      state,
      /States\.Format\('runs\/\{\}\/failures\/\{\}-\{\}-\{\}\.json', \$\.runId, \$\.cluster\.account, \$\.cluster\.region, \$\.cluster\.name\)/,
    );
  });

  test('the state machine records a failed render where the Report step reads it, and renders only scanned clusters', () => {
    const [, machine] = only(template, 'AWS::StepFunctions::StateMachine', /^WeeklyRun/);
    const definition = JSON.stringify(machine.Properties.DefinitionString).replace(/\\"/g, '"');
    const at = definition.indexOf('"Record failed render":{');
    const state = definition.slice(at, definition.indexOf('}}', at) + 2);
    assert.match(state, /"ChecksumAlgorithm":"CRC32"/);
    // layout.ts renderFailureKey: runs/<runId>/render-failures/<account>-<region>-<name>.json.
    const cluster = { name: 'n', region: 'r', account: 'a' };
    assert.equal(layout.renderFailureKey('R', cluster), 'runs/R/render-failures/a-r-n.json');
    assert.match(
      state,
      /States\.Format\('runs\/\{\}\/render-failures\/\{\}-\{\}-\{\}\.json', \$\.runId, \$\.cluster\.account, \$\.cluster\.region, \$\.cluster\.name\)/,
    );
    const choice = definition.slice(definition.indexOf('"Scanned?":{'));
    assert.match(
      choice,
      /^"Scanned\?":\{"Type":"Choice","Choices":\[\{"Variable":"\$\.scan\.status","StringEquals":"scanned","Next":"Render cluster reports"\}\],"Default":"Nothing to render"/,
    );
  });

  test('every item of the Distributed Map ends with an empty output (the gathered results must stay under 256 KiB)', () => {
    const [, machine] = only(template, 'AWS::StepFunctions::StateMachine', /^WeeklyRun/);
    const definition = JSON.stringify(machine.Properties.DefinitionString).replace(/\\"/g, '"');
    const lastStates = [
      '"Record failed scan":{',
      '"Record failed render":{',
      '"Render cluster reports":{',
      '"Nothing to render":{',
    ];
    for (const name of lastStates) {
      const at = definition.indexOf(name);
      assert.ok(at >= 0, name);
      const state = definition.slice(at, definition.indexOf('"Type"', at) + 200);
      assert.match(state, /"OutputPath":null/, name);
    }
  });

  test('the Report step is retried, except when only some cluster reports failed after the email went out', () => {
    const [, machine] = only(template, 'AWS::StepFunctions::StateMachine', /^WeeklyRun/);
    const definition = JSON.stringify(machine.Properties.DefinitionString).replace(/\\"/g, '"');
    const at = definition.indexOf('"Render and deliver reports":{');
    assert.ok(at >= 0);
    const from = definition.indexOf('"Retry":[', at) + '"Retry":'.length;
    let depth = 0;
    let end = from;
    do {
      if (definition[end] === '[') depth++;
      if (definition[end] === ']') depth--;
      end++;
    } while (depth > 0 && end < definition.length);
    const retry = definition.slice(from, end);
    const retriers = JSON.parse(retry) as Array<{ ErrorEquals: string[]; MaxAttempts?: number }>;
    const incomplete = retriers.findIndex((r) => r.ErrorEquals.includes('ReportsIncomplete'));
    const all = retriers.findIndex((r) => r.ErrorEquals.includes('States.ALL'));
    assert.ok(incomplete >= 0 && all > incomplete, retry);
    assert.equal(retriers[incomplete].MaxAttempts, 0);
    assert.equal(retriers[all].MaxAttempts, 2);
  });

  test('CloudWatch can publish alarms to the topic the reporter key encrypts', () => {
    const [, key] = only(template, 'AWS::KMS::Key', /^ReportsKey/);
    const keyStatements = key.Properties.KeyPolicy.Statement as Array<Statement & { Principal?: unknown }>;
    const forCloudWatch = keyStatements.filter(
      (st) => JSON.stringify(st.Principal) === JSON.stringify({ Service: 'cloudwatch.amazonaws.com' }),
    );
    assert.equal(forCloudWatch.length, 1);
    assert.deepEqual([forCloudWatch[0].Action].flat().sort(), ['kms:Decrypt', 'kms:GenerateDataKey*']);
    // The service principal is every account's CloudWatch: only this account's alarms may use the key.
    assert.deepEqual((forCloudWatch[0] as { Condition?: unknown }).Condition, {
      StringEquals: { 'aws:SourceAccount': '111122223333' },
    });
    const [, topicPolicy] = only(template, 'AWS::SNS::TopicPolicy', /^Alarms/);
    const allows = (
      topicPolicy.Properties.PolicyDocument.Statement as Array<Statement & { Principal?: unknown; Condition?: unknown }>
    ).filter((st) => st.Effect === 'Allow');
    assert.equal(allows.length, 1);
    assert.deepEqual(allows[0].Principal, { Service: 'cloudwatch.amazonaws.com' });
    assert.equal(allows[0].Action, 'sns:Publish');
    assert.match(JSON.stringify(allows[0].Condition), /aws:SourceAccount.*111122223333.*:alarm:\*/);
  });

  test('the config is in the function assets, not the environment: no function nears the 4 KB variable limit', () => {
    const many = Array.from(
      { length: 60 },
      (_, i) =>
        `  - { name: cluster-${i}, region: eu-west-1, roleArn: "arn:aws:iam::4444555566${String(i).padStart(2, '0')}:role/EksComplianceScan" }`,
    );
    const { template: big } = synthReporter(`clusters:\n${many.join('\n')}\n`);
    for (const [id, fn] of Object.entries(big.findResources('AWS::Lambda::Function'))) {
      const variables = fn.Properties.Environment?.Variables ?? {};
      assert.equal(variables.REPORTER_CONFIG, undefined, id);
      const size = Object.entries(variables).reduce((n, [k, v]) => n + k.length + JSON.stringify(v).length, 0);
      assert.ok(size < 2048, `${id}: ${size} bytes of environment`);
    }
  });

  test('alarms for failed runs, failed scans, unrendered and undelivered reports go to an encrypted topic', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 5);
    // A cluster whose reports were not rendered: the render's own metric or the render function's Errors.
    const [, notRendered] = only(template, 'AWS::CloudWatch::Alarm', /^ClusterReportsNotRendered/);
    const terms = notRendered.Properties.Metrics as Array<{ MetricStat?: { Metric: { MetricName: string } } }>;
    assert.deepEqual(terms.flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric.MetricName] : [])).sort(), [
      'ClusterReportsNotRendered',
      'Errors',
    ]);
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
    const metrics = crashed[0].Properties.Metrics as Array<{ Id: string; MetricStat?: unknown; Expression?: string }>;
    const stats = metrics.filter((m) => m.MetricStat);
    assert.equal(stats.length, scanFunctions.length);
    // Every term is filled with zero: an idle function has no datapoint, and a sum with a missing term is missing.
    const [expression] = metrics.flatMap((m) => (m.Expression ? [m.Expression] : []));
    assert.deepEqual(expression.split(' + ').sort(), stats.map((m) => `FILL(${m.Id}, 0)`).sort());
    assert.equal(crashed[0].Properties.TreatMissingData, 'notBreaching');
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'platform-oncall@example.com',
    });
  });

  test('the Report function is sized by the config (report.memoryMb, report.timeoutMinutes)', () => {
    const reportOf = (t: Template) =>
      Object.entries(t.findResources('AWS::Lambda::Function')).find(([id]) => /^ReportFunction/.test(id))?.[1];
    const byDefault = reportOf(synthReporter('clusters: [{ name: dev, region: eu-west-1 }]\n').template);
    // It reads summaries only: 512 MB holds a 1,000-cluster fleet (README, report-fleet-1000-peak-rss).
    assert.equal(byDefault?.Properties.MemorySize, 512);
    assert.equal(byDefault?.Properties.Timeout, 600);
    const big = reportOf(
      synthReporter('clusters: [{ name: dev, region: eu-west-1 }]\nreport: { memoryMb: 6144, timeoutMinutes: 15 }\n')
        .template,
    );
    assert.equal(big?.Properties.MemorySize, 6144);
    assert.equal(big?.Properties.Timeout, 900);
    assert.throws(() => parseConfig('report: { timeoutMinutes: 20 }\n', 'r.yaml'), /report\.timeoutMinutes/);
  });

  test('a minimal config synthesises without object lock, networks or email', () => {
    const { template: minimal } = synthReporter('clusters: [{ name: dev, region: eu-west-1 }]\n');
    const buckets = Object.values(minimal.findResources('AWS::S3::Bucket'));
    assert.ok(buckets.every((b) => b.Properties.ObjectLockEnabled !== true));
    // No recipients, no email, so no links function and no HMAC key either.
    assert.equal(Object.values(minimal.findResources('AWS::Lambda::Function')).length, 4);
    minimal.resourceCountIs('AWS::Lambda::Url', 0);
    // The reports key and the manifest signing key (manifests are signed whether or not anyone is emailed).
    assert.equal(Object.values(minimal.findResources('AWS::KMS::Key')).length, 2);
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
        Statement: [
          Match.objectLike({
            Principal: { AWS: Match.anyValue() },
            Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Reporter-ScanRole' } },
          }),
        ],
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
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [], config: EXAMPLE_CONFIG_FILE } });
    buildApp(app, { account: undefined, region: undefined });
    const assembly = app.synth();
    assert.ok(assembly.getStackByName('EksComplianceReporter').template.Resources);
  });

  test('without -c config=FILE nothing is built: a deploy never falls back to the example', () => {
    assert.throws(
      () => buildApp(noBundling(), env),
      (err: Error) =>
        err instanceof AppUsageError &&
        /^-c config=FILE is required: copy docs\/config\.example\.yaml/.test(err.message),
    );
  });

  test("the deploying account is checked: a cluster of another account needs roleArn, with the config's line", () => {
    const dir = mkdtempSync(join(tmpdir(), 'eks-compliance-config-'));
    try {
      const file = join(dir, 'fleet.yaml');
      writeFileSync(file, 'clusters:\n  - name: a\n    region: eu-west-1\n    account: "444455556666"\n');
      const app = new App({ context: { 'aws:cdk:bundling-stacks': [], config: file } });
      assert.throws(
        () => buildApp(app, env),
        (err: Error) =>
          err instanceof ConfigError &&
          err.problems[0].startsWith(
            `${file}:2: clusters[0].roleArn: is required: the cluster is in account 444455556666`,
          ),
      );
      // Deployed in that account, the same config is fine.
      buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], config: file } }), {
        account: '444455556666',
        region: 'eu-west-1',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('target-account -c clusters that differ only in punctuation are a usage error', () => {
    const context = { targetAccount: 'true', reporterScanRoleArn: 'arn:aws:iam::111122223333:role/R' };
    assert.throws(
      () => buildApp(new App({ context: { ...context, clusters: 'pay-prod,pay_prod' } }), env),
      /"pay-prod" and "pay_prod" differ only in punctuation/,
    );
    assert.throws(() => buildApp(new App({ context: { ...context, clusters: 'a,a' } }), env), /names "a" twice/);
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
