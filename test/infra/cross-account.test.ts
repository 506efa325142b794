/**
 * Discovery and scans across accounts: the Discover and Scan roles may take exactly the roles the functions take at
 * run time (both derived from functions/config/cross-account.ts), the organization is read only the configured way,
 * and the target-account role trusts the reporter's Discover role when told, also as a StackSet template.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ASSUME_ROLE_ACTION, LIST_ACCOUNTS_ACTION } from '../../functions/config/cross-account.js';
import { parseConfig } from '../../functions/config/load.js';
import type { ReporterConfig } from '../../functions/config/types.js';
import { findClustersToScan } from '../../functions/run/discover-clusters.js';
import { AppUsageError, buildApp } from '../../infra/build-app.js';
import { ReporterStack } from '../../infra/reporter-stack.js';
import { resolveInAwsPartition } from '../support/cfn-template.js';

const REPORTER = '111122223333';
const env = { account: REPORTER, region: 'eu-west-1' };

function synth(configText: string) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const config = parseConfig(configText, 'test.yaml', { account: REPORTER });
  const stack = new ReporterStack(app, 'Reporter', { env, config });
  return { app, stack, config, template: Template.fromStack(stack) };
}

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown };

/** The resources each action is allowed on, for the role whose logical id starts with `rolePrefix`. */
function grants(template: Template, rolePrefix: string): Map<string, string[]> {
  const roleId = Object.keys(template.findResources('AWS::IAM::Role')).find((id) => id.startsWith(rolePrefix));
  assert.ok(roleId, `a role ${rolePrefix}`);
  const out = new Map<string, string[]>();
  for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
    if (!(policy.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })))
      continue;
    for (const st of policy.Properties.PolicyDocument.Statement as Statement[]) {
      for (const action of [st.Action].flat()) {
        const resources = [st.Resource].flat().map((r) => String(resolveInAwsPartition(r)));
        out.set(action, [...(out.get(action) ?? []), ...resources]);
      }
    }
  }
  return out;
}

/** IAM's resource matching: `*` any run of characters, `?` one. */
function allows(patterns: string[], arn: string): boolean {
  return patterns.some((p) =>
    new RegExp(
      `^${p
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    ).test(arn),
  );
}

/**
 * The role ARNs discovery takes at run time with this config, from EKS clients that list a cluster named `prod` in
 * every account (the same name in several accounts is several clusters).
 */
async function rolesDiscoveryTakes(config: ReporterConfig, organizationAccounts: string[]) {
  const taken: string[] = [];
  const eksClient = (region: string, roleArn?: string) => {
    if (roleArn) taken.push(roleArn);
    const client = new EKSClient({ region, credentials: { accessKeyId: 'AKID', secretAccessKey: 's' } });
    mockClient(client)
      .on(ListClustersCommand)
      .resolves({ clusters: ['prod'] });
    return client;
  };
  const { clusters, problems } = await findClustersToScan(config, {
    eksClient,
    organizationAccounts: async () => organizationAccounts,
    ownAccount: REPORTER,
    partition: 'aws',
  });
  assert.deepEqual(problems, []);
  return { taken: [...new Set(taken)], clusters };
}

describe('discovery.accounts', () => {
  const { app, stack, config, template } = synth(
    [
      'discovery:',
      '  regions: [eu-west-1, us-east-1]',
      '  accounts: ["444455556666", "777788889999"]',
      'clusters:',
      '  - {name: pay, region: eu-central-1, account: "222233334444", roleArn: "arn:aws:iam::222233334444:role/Custom"}',
    ].join('\n'),
  );

  test('Discover may take exactly the listed accounts’ role, the scan those and the configured roleArns', () => {
    const discover = grants(template, 'DiscoverRole');
    assert.deepEqual(discover.get(ASSUME_ROLE_ACTION)?.sort(), [
      'arn:aws:iam::444455556666:role/EksComplianceScan',
      'arn:aws:iam::777788889999:role/EksComplianceScan',
    ]);
    assert.equal(discover.get(LIST_ACCOUNTS_ACTION), undefined, 'no organization read without discovery.organization');
    const scan = grants(template, 'ScanRole');
    assert.deepEqual(scan.get(ASSUME_ROLE_ACTION)?.sort(), [
      'arn:aws:iam::222233334444:role/Custom',
      'arn:aws:iam::444455556666:role/EksComplianceScan',
      'arn:aws:iam::777788889999:role/EksComplianceScan',
    ]);
  });

  test('every role discovery takes at run time is one the Discover policy allows, and the scan’s too', async () => {
    const { taken, clusters } = await rolesDiscoveryTakes(config, []);
    assert.equal(taken.length, 2, 'one role per other account');
    const discover = grants(template, 'DiscoverRole').get(ASSUME_ROLE_ACTION) ?? [];
    const scan = grants(template, 'ScanRole').get(ASSUME_ROLE_ACTION) ?? [];
    for (const arn of taken) assert.ok(allows(discover, arn), `Discover may assume ${arn}`);
    for (const c of clusters.filter((c) => c.roleArn)) {
      assert.ok(allows(scan, c.roleArn as string), `Scan may assume ${c.roleArn} for ${c.name}`);
    }
    // Each other account's cluster is scanned through the role it was listed with, in its own account.
    assert.deepEqual(
      clusters.filter((c) => c.name === 'prod').map((c) => [c.account, c.region, c.roleArn ?? '-']),
      [
        [REPORTER, 'eu-west-1', '-'],
        [REPORTER, 'us-east-1', '-'],
        ['444455556666', 'eu-west-1', 'arn:aws:iam::444455556666:role/EksComplianceScan'],
        ['444455556666', 'us-east-1', 'arn:aws:iam::444455556666:role/EksComplianceScan'],
        ['777788889999', 'eu-west-1', 'arn:aws:iam::777788889999:role/EksComplianceScan'],
        ['777788889999', 'us-east-1', 'arn:aws:iam::777788889999:role/EksComplianceScan'],
      ],
    );
  });

  test('passes the AwsSolutions pack', () => {
    const report = new AwsSolutionsChecks(app).validateScope(stack);
    assert.deepEqual(
      report.violations.map((v) => v.ruleName),
      [],
    );
  });

  test('the stack outputs the Discover role ARN for the target-account stacks', () => {
    assert.ok(Object.keys(template.findOutputs('DiscoverRoleArn')).length === 1);
  });
});

describe('discovery.organization', () => {
  const orgConfig = ['discovery:', '  regions: [eu-west-1]', '  organization: true', '  roleName: Audit-Reader'];
  const { app, stack, config, template } = synth(orgConfig.join('\n'));

  test('Discover lists the accounts itself and may take the role of that name in any account', async () => {
    const discover = grants(template, 'DiscoverRole');
    assert.deepEqual(discover.get(LIST_ACCOUNTS_ACTION), ['*']);
    assert.deepEqual(discover.get(ASSUME_ROLE_ACTION), ['arn:aws:iam::*:role/Audit-Reader']);
    const { taken } = await rolesDiscoveryTakes(config, ['444455556666', REPORTER, '999988887777']);
    // Its own account is listed with its own role, never through the target role.
    assert.deepEqual(taken.sort(), [
      'arn:aws:iam::444455556666:role/Audit-Reader',
      'arn:aws:iam::999988887777:role/Audit-Reader',
    ]);
    for (const arn of taken) assert.ok(allows(discover.get(ASSUME_ROLE_ACTION) ?? [], arn));
    // A lookalike name is not allowed: the wildcard is the account, never the role name.
    assert.equal(allows(discover.get(ASSUME_ROLE_ACTION) ?? [], 'arn:aws:iam::444455556666:role/Audit-Reader2'), false);
  });

  test('passes the AwsSolutions pack with the wildcard account acknowledged', () => {
    const report = new AwsSolutionsChecks(app).validateScope(stack);
    assert.deepEqual(
      report.violations.map((v) => v.ruleName),
      [],
    );
  });

  test('with organizationRoleArn, Discover reads the organization only through that role', () => {
    const { template: viaRole } = synth(
      [...orgConfig, '  organizationRoleArn: arn:aws:iam::999900001111:role/OrgReader'].join('\n'),
    );
    const discover = grants(viaRole, 'DiscoverRole');
    assert.equal(discover.get(LIST_ACCOUNTS_ACTION), undefined);
    assert.deepEqual(discover.get(ASSUME_ROLE_ACTION)?.sort(), [
      'arn:aws:iam::*:role/Audit-Reader',
      'arn:aws:iam::999900001111:role/OrgReader',
    ]);
  });
});

test('without other accounts, Discover and Scan may take no role at all', () => {
  const { template } = synth('discovery:\n  regions: [eu-west-1]\n');
  assert.equal(grants(template, 'DiscoverRole').get(ASSUME_ROLE_ACTION), undefined);
  assert.equal(grants(template, 'ScanRole').get(ASSUME_ROLE_ACTION), undefined);
  assert.equal(grants(template, 'DiscoverRole').get(LIST_ACCOUNTS_ACTION), undefined);
});

test('docs/permissions.md names the cross-account actions and who gets them', () => {
  const docs = readFileSync('docs/permissions.md', 'utf8');
  for (const action of [ASSUME_ROLE_ACTION, LIST_ACCOUNTS_ACTION]) {
    assert.match(docs, new RegExp(`\`${action}\``), action);
  }
  assert.match(docs, /discovery\.organization/);
});

describe('target-account stack trusting the Discover role', () => {
  const scan = 'arn:aws:iam::111122223333:role/Reporter-ScanRole';
  const discover = 'arn:aws:iam::111122223333:role/Reporter-DiscoverRole';

  function synthTarget(context: Record<string, string>) {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [], targetAccount: 'true', ...context } });
    buildApp(app, { account: '444455556666', region: 'eu-central-1' });
    return app.synth().getStackByName('EksComplianceTarget').template as {
      Parameters?: Record<string, unknown>;
      Rules?: Record<string, unknown>;
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
  }

  const trustOf = (template: ReturnType<typeof synthTarget>) =>
    Object.values(template.Resources).find((r) => r.Type === 'AWS::IAM::Role')?.Properties.AssumeRolePolicyDocument as {
      Statement: Array<{ Condition: { ArnEquals: Record<string, unknown> } }>;
    };

  test('the role trusts exactly the scan and the Discover role', () => {
    const trust = trustOf(synthTarget({ reporterScanRoleArn: scan, reporterDiscoverRoleArn: discover, clusters: 'a' }));
    assert.deepEqual(trust.Statement[0].Condition.ArnEquals['aws:PrincipalArn'], [scan, discover]);
  });

  test('without reporterDiscoverRoleArn it trusts the scan role alone, as before', () => {
    const trust = trustOf(synthTarget({ reporterScanRoleArn: scan, clusters: 'a' }));
    assert.equal(trust.Statement[0].Condition.ArnEquals['aws:PrincipalArn'], scan);
  });

  test('a Discover role of another account, a wildcard or a user is refused naming the key', () => {
    for (const bad of [
      'arn:aws:iam::999999999999:role/Reporter-DiscoverRole',
      '*',
      'arn:aws:iam::111122223333:user/alice',
    ]) {
      assert.throws(
        () => synthTarget({ reporterScanRoleArn: scan, reporterDiscoverRoleArn: bad }),
        (err: Error) => err instanceof AppUsageError && /reporterDiscoverRoleArn/.test(err.message),
        bad,
      );
    }
  });

  test('-c stackSet=true: one template for every account, no bootstrap check, no account baked in', () => {
    const template = synthTarget({ stackSet: 'true', reporterScanRoleArn: scan, reporterDiscoverRoleArn: discover });
    assert.equal(template.Parameters?.BootstrapVersion, undefined);
    assert.equal(template.Rules?.CheckBootstrapVersion, undefined);
    assert.deepEqual(
      Object.values(template.Resources)
        .map((r) => r.Type)
        .sort(),
      ['AWS::IAM::Policy', 'AWS::IAM::Role'],
      'the role alone: clusters differ per account, so no access entry (and no CDK metadata)',
    );
    const text = JSON.stringify(template);
    // The only account named is the reporter's (in the trust): the target account is AWS::AccountId.
    assert.deepEqual([...new Set(text.match(/\d{12}/g))], ['111122223333']);
    assert.match(text, /"Ref":"AWS::AccountId"/);
    assert.equal(
      Object.values(template.Resources).find((r) => r.Type === 'AWS::IAM::Role')?.Properties.RoleName,
      'EksComplianceScan',
    );
  });

  test('-c stackSet=true refuses -c clusters and -c createScanRole=false, naming them', () => {
    assert.throws(
      () => synthTarget({ stackSet: 'true', reporterScanRoleArn: scan, clusters: 'a' }),
      /stackSet=true takes no -c clusters/,
    );
    assert.throws(
      () => synthTarget({ stackSet: 'true', createScanRole: 'false', clusters: 'a' }),
      /stackSet=true creates the role/,
    );
    assert.throws(
      () => synthTarget({ stackSet: 'yes', reporterScanRoleArn: scan }),
      /-c stackSet must be true or false/,
    );
  });
});
