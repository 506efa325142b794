/**
 * Builds the CDK app from its context, so `infra/app.ts` (the cdk.json entry point) and the tests synthesise exactly
 * the same thing: the reporter stack from `-c config=FILE` (required: a deploy never falls back to the example), or with
 * `-c targetAccount=true -c reporterScanRoleArn=ARN -c clusters=a,b` the stack for another account. That stack
 * creates the account's scan role; in the account's other regions add `-c createScanRole=false` (then
 * `reporterScanRoleArn` is not needed) so it only creates the access entries for that role. `-c scanRoleName=NAME`
 * names the role (default EksComplianceScan), the same in every region of the account. `-c reporterDiscoverRoleArn=ARN`
 * lets discovery list the account's clusters through the role too; `-c stackSet=true` synthesises the role alone as
 * a template for a CloudFormation StackSet across an organization (docs/deployment.md).
 */
import { type App, DefaultStackSynthesizer, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadConfig } from '../functions/config/load.js';
import { ReporterStack } from './reporter-stack.js';
import {
  accessEntryIdCollision,
  reporterDiscoverRoleArnProblem,
  reporterScanRoleArnProblem,
  TargetAccountStack,
} from './target-account-stack.js';

/** The commented example: synthesised only when named (`-c config=docs/config.example.yaml`). */
export const EXAMPLE_CONFIG_FILE = 'docs/config.example.yaml';

export class AppUsageError extends Error {}

export function buildApp(
  app: App,
  env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
) {
  if (String(app.node.tryGetContext('targetAccount')) === 'true') {
    const clusterNames = String(app.node.tryGetContext('clusters') ?? '')
      .split(',')
      .filter(Boolean);
    const collision = accessEntryIdCollision(clusterNames);
    if (collision) throw new AppUsageError(collision);
    const roleName = targetRoleName(app);
    const stackSet = booleanContext(app, 'stackSet', false);
    if (createScanRole(app)) {
      const reporterScanRoleArn = app.node.tryGetContext('reporterScanRoleArn');
      if (!reporterScanRoleArn)
        throw new AppUsageError('-c reporterScanRoleArn=ARN is required with -c targetAccount=true');
      const discover = app.node.tryGetContext('reporterDiscoverRoleArn');
      const reporterDiscoverRoleArn = discover === undefined ? undefined : String(discover);
      const problem =
        reporterScanRoleArnProblem(String(reporterScanRoleArn)) ??
        reporterDiscoverRoleArnProblem(reporterDiscoverRoleArn, String(reporterScanRoleArn));
      if (problem) throw new AppUsageError(`-c ${problem}`);
      if (stackSet && clusterNames.length > 0) {
        throw new AppUsageError(
          '-c stackSet=true takes no -c clusters: one template goes to every account, whose clusters differ; a scan ' +
            'of a cluster without an access entry names the command that grants it (docs/deployment.md)',
        );
      }
      new TargetAccountStack(app, 'EksComplianceTarget', {
        // A StackSet's template is deployed by CloudFormation in each account, without the CDK bootstrap: no
        // account, region or bootstrap-version check is baked into it.
        ...(stackSet
          ? {
              synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
              // Nor the CDK's AWS::CDK::Metadata resource and its Region conditions: the template is the role alone.
              analyticsReporting: false,
            }
          : { env }),
        reporterScanRoleArn: String(reporterScanRoleArn),
        ...(reporterDiscoverRoleArn ? { reporterDiscoverRoleArn } : {}),
        clusterNames,
        roleName,
      });
    } else if (stackSet) {
      throw new AppUsageError(
        '-c stackSet=true creates the role in each account: it cannot be used with -c createScanRole=false',
      );
    } else {
      if (clusterNames.length === 0)
        throw new AppUsageError(
          '-c clusters=a,b is required with -c createScanRole=false (it only adds access entries)',
        );
      new TargetAccountStack(app, 'EksComplianceTarget', { env, createRole: false, clusterNames, roleName });
    }
  } else {
    const configFile = app.node.tryGetContext('config');
    if (!configFile) {
      // Deploying the example would schedule scans of clusters that are not yours and mail example.com.
      throw new AppUsageError(
        `-c config=FILE is required: copy ${EXAMPLE_CONFIG_FILE}, edit it, and pass it ` +
          `(cdk deploy -c config=my-config.yaml); -c config=${EXAMPLE_CONFIG_FILE} synthesises the example`,
      );
    }
    const account = env.account && /^\d{12}$/.test(env.account) ? env.account : undefined;
    new ReporterStack(app, 'EksComplianceReporter', { env, config: loadConfig(String(configFile), { account }) });
  }
  // Synthesis fails while any AwsSolutions finding is unacknowledged.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

/** `-c createScanRole=true|false` (default true): false in every region of a target account but the role's own. */
function createScanRole(app: App): boolean {
  return booleanContext(app, 'createScanRole', true);
}

/** `-c NAME=true|false`, or `fallback` when absent; anything else stops the synth naming the key. */
function booleanContext(app: App, name: string, fallback: boolean): boolean {
  const value = app.node.tryGetContext(name);
  if (value === undefined) return fallback;
  if (String(value) === 'true') return true;
  if (String(value) === 'false') return false;
  throw new AppUsageError(`-c ${name} must be true or false, not ${JSON.stringify(value)}`);
}

/** `-c scanRoleName=NAME`: the target account's role name (IAM's rules for role names), or the default. */
function targetRoleName(app: App): string | undefined {
  const value = app.node.tryGetContext('scanRoleName');
  if (value === undefined) return undefined;
  if (!/^[\w+=,.@-]{1,64}$/.test(String(value)))
    throw new AppUsageError(
      `-c scanRoleName must be an IAM role name (1-64 of A-Z a-z 0-9 +=,.@_-), not ${JSON.stringify(value)}`,
    );
  return String(value);
}
