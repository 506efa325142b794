/**
 * Builds the CDK app from its context, so `infra/app.ts` (the cdk.json entry point) and the tests synthesise exactly
 * the same thing: the reporter stack from `-c config=FILE` (default: the commented example), or with
 * `-c targetAccount=true -c reporterScanRoleArn=ARN -c clusters=a,b` the stack for another account.
 */
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadConfig } from '../functions/config/load.js';
import { ReporterStack } from './reporter-stack.js';
import { TargetAccountStack } from './target-account-stack.js';

export const DEFAULT_CONFIG_FILE = 'docs/config.example.yaml';

export class AppUsageError extends Error {}

export function buildApp(
  app: App,
  env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
) {
  if (String(app.node.tryGetContext('targetAccount')) === 'true') {
    const reporterScanRoleArn = app.node.tryGetContext('reporterScanRoleArn');
    if (!reporterScanRoleArn)
      throw new AppUsageError('-c reporterScanRoleArn=ARN is required with -c targetAccount=true');
    const clusterNames = String(app.node.tryGetContext('clusters') ?? '')
      .split(',')
      .filter(Boolean);
    new TargetAccountStack(app, 'EksComplianceTarget', { env, reporterScanRoleArn, clusterNames });
  } else {
    const configFile = app.node.tryGetContext('config') ?? DEFAULT_CONFIG_FILE;
    new ReporterStack(app, 'EksComplianceReporter', { env, config: loadConfig(configFile) });
  }
  // Synthesis fails while any AwsSolutions finding is unacknowledged.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}
