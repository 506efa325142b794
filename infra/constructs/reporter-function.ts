import { fileURLToPath } from 'node:url';
import { type Duration, Stack } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface ReporterFunctionProps {
  /** Handler file under functions/handlers/, without extension. */
  handler: 'discover' | 'scan' | 'report';
  memorySize: number;
  timeout: Duration;
  role: iam.IRole;
  environment: Record<string, string>;
  logGroup: logs.ILogGroup;
  vpc?: ec2.IVpc;
  vpcSubnets?: ec2.SubnetSelection;
  securityGroups?: ec2.ISecurityGroup[];
}

/**
 * One Lambda function of the reporter: an ESM bundle built by the local esbuild (no Docker), with the templates,
 * fonts and pdfkit's ICC profile copied beside it because the report code reads them from disk.
 */
export class ReporterFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: ReporterFunctionProps) {
    super(scope, id);
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
      projectRoot: repoRoot,
      depsLockFilePath: `${repoRoot}package-lock.json`,
      environment: {
        ...props.environment,
        NODE_OPTIONS: '--enable-source-maps',
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
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        // The SDK v3 in the runtime may lag ours; bundling it pins the version we tested.
        bundleAwsSDK: true,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) => [
            `cp -r ${inputDir}/templates ${outputDir}/templates`,
            `mkdir -p ${outputDir}/fonts ${outputDir}/data`,
            `cp ${inputDir}/node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf ${inputDir}/node_modules/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf ${inputDir}/node_modules/dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf ${outputDir}/fonts/`,
            `cp ${inputDir}/node_modules/pdfkit/js/data/sRGB_IEC61966_2_1.icc ${outputDir}/data/`,
            `cp ${inputDir}/schema/results.schema.json ${outputDir}/results.schema.json`,
          ],
        },
      },
    });
    // Keeps the region visible in names for multi-region deployments.
    this.fn.node.addMetadata('region', Stack.of(this).region);
  }
}
