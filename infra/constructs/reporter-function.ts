import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Duration, Stack } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { RENDER_NODE_FLAGS } from '../../functions/report/render-runtime.js';
import {
  bundleDefines,
  CONFIG_ASSET_FILE,
  type HandlerName,
  LAMBDA_BANNER,
  needsReportAssets,
  REPORT_ASSET_DIRS,
  REPORT_ASSET_FILES,
  sdkExternals,
} from './lambda-bundle.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface ReporterFunctionProps {
  /** Handler file under functions/handlers/, without extension. */
  handler: HandlerName;
  memorySize: number;
  timeout: Duration;
  role: iam.IRole;
  environment: Record<string, string>;
  logGroup: logs.ILogGroup;
  vpc?: ec2.IVpc;
  vpcSubnets?: ec2.SubnetSelection;
  securityGroups?: ec2.ISecurityGroup[];
  /** The validated config as JSON, copied into the asset as reporter-config.json; unset for functions that need none. */
  configJson?: string;
  /** Reserved concurrency: at most this many instances at once, taken out of the account's unreserved pool. */
  reservedConcurrentExecutions?: number;
}

/** A file holding the config for the bundling's copy command (the bundling runs shell commands, not JS). */
function stagedConfigFile(configJson: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'eks-compliance-config-')), CONFIG_ASSET_FILE);
  writeFileSync(file, configJson);
  return file;
}

/** Shell commands that copy the report's run-time files into the asset (the bundling runs them with bash). */
function copyReportAssets(inputDir: string, outputDir: string): string[] {
  const dirs = new Set(REPORT_ASSET_FILES.map((f) => f.to.split('/').slice(0, -1).join('/')).filter(Boolean));
  return [
    ...[...dirs].map((d) => `mkdir -p ${outputDir}/${d}`),
    ...REPORT_ASSET_DIRS.map((d) => `cp -r ${inputDir}/${d.from} ${outputDir}/${d.to}`),
    ...REPORT_ASSET_FILES.map((f) => `cp ${inputDir}/${f.from} ${outputDir}/${f.to}`),
  ];
}

/**
 * One Lambda function of the reporter: an ESM bundle built by the local esbuild (no Docker), using the runtime's
 * AWS SDK v3. The render and report functions also get the templates, fonts and pdfkit's ICC profile copied beside
 * them, because the report code reads them from disk.
 */
export class ReporterFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: ReporterFunctionProps) {
    super(scope, id);
    const configFile = props.configJson === undefined ? undefined : stagedConfigFile(props.configJson);
    this.fn = new NodejsFunction(this, 'Function', {
      entry: `${repoRoot}functions/handlers/${props.handler}.ts`,
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: props.role,
      logGroup: props.logGroup,
      tracing: lambda.Tracing.ACTIVE,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups: props.securityGroups,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      projectRoot: repoRoot,
      depsLockFilePath: `${repoRoot}package-lock.json`,
      environment: {
        ...props.environment,
        NODE_OPTIONS: ['--enable-source-maps', ...(needsReportAssets(props.handler) ? RENDER_NODE_FLAGS : [])].join(
          ' ',
        ),
        EKS_COMPLIANCE_ASSET_DIR: '/var/task',
        POWERTOOLS_SERVICE_NAME: 'eks-compliance-reporter',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        banner: LAMBDA_BANNER,
        // The runtime's SDK v3 keeps the scan bundle under its 3 MB budget (the EC2 client alone is ~1 MB).
        // The price: the runtime's SDK version may lag package-lock.json's; the SDK keeps v3 minor releases compatible.
        bundleAwsSDK: false,
        externalModules: sdkExternals(props.handler),
        define: bundleDefines(repoRoot),
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) => [
            ...(needsReportAssets(props.handler) ? copyReportAssets(inputDir, outputDir) : []),
            ...(configFile ? [`cp ${configFile} ${outputDir}/${CONFIG_ASSET_FILE}`] : []),
          ],
        },
      },
    });
    // A role passed in gets no AWSLambdaBasicExecutionRole: without this grant the function runs but its log lines
    // are dropped (no CreateLogStream/PutLogEvents), and with them the run log, errors and the EMF metrics alarms use.
    props.logGroup.grantWrite(props.role);
    // Keeps the region visible in names for multi-region deployments.
    this.fn.node.addMetadata('region', Stack.of(this).region);
  }
}
