/**
 * `cdk deploy` entry point. The config file is chosen with `-c config=FILE` (default: the commented example, so a
 * fresh clone synthesises offline). `-c targetAccount=true -c reporterScanRoleArn=ARN -c clusters=a,b` synthesises
 * the stack for another account instead.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError, loadConfig } from '../functions/config/load.js';
import { ReporterStack } from './reporter-stack.js';
import { TargetAccountStack } from './target-account-stack.js';

const app = new App();
const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };

if (app.node.tryGetContext('targetAccount') === 'true') {
  const reporterScanRoleArn = app.node.tryGetContext('reporterScanRoleArn');
  if (!reporterScanRoleArn) {
    console.error('eks-compliance: error: -c reporterScanRoleArn=ARN is required with -c targetAccount=true');
    process.exit(1);
  }
  const clusters = String(app.node.tryGetContext('clusters') ?? '')
    .split(',')
    .filter(Boolean);
  new TargetAccountStack(app, 'EksComplianceTarget', { env, reporterScanRoleArn, clusterNames: clusters });
} else {
  const configFile = app.node.tryGetContext('config') ?? 'docs/config.example.yaml';
  try {
    new ReporterStack(app, 'EksComplianceReporter', { env, config: loadConfig(configFile) });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const problem of err.problems) console.error(`eks-compliance: error: ${problem}`);
    process.exit(1);
  }
}

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
