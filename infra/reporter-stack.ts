/**
 * The reporter: EventBridge Scheduler → Step Functions (Discover → Distributed Map of per-cluster scans → Report),
 * an encrypted, versioned S3 bucket for results and reports, SES email, and alarms. With `report.links: redirect`
 * (the default), also the links function: the email's durable report links, signed with a KMS HMAC key.
 */
import {
  type CfnElement,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Token,
  Validations,
} from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as snsSubscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { TimeZone } from 'aws-cdk-lib/core';
import type { Construct } from 'constructs';
import { ASSUME_ROLE_ACTION, type CrossAccountAccess, crossAccountAccess } from '../functions/config/cross-account.js';
import { resourceId } from '../functions/config/resource-id.js';
import type { NetworkPlacement, ReporterConfig } from '../functions/config/types.js';
import { METRIC, METRIC_DIMENSIONS, METRICS_NAMESPACE } from '../functions/handlers/metric-names.js';
import { READER_GROUP, viewPolicyArn } from '../functions/model/access-entry-grant.js';
import { EVENT_SOURCE, securityHubProductArn } from '../functions/model/aws-integrations.js';
import { WRITE_PATTERNS } from '../functions/run/layout.js';
import {
  acknowledgeAwsReadFindings,
  awsReadStatements,
  clusterArnPattern,
  nagAccount,
  nagRegion,
} from './constructs/aws-read-policy.js';
import {
  DISCOVER_MEMORY_MB,
  DISCOVER_TIMEOUT_MINUTES,
  RENDER_MEMORY_MB,
  RENDER_TIMEOUT_MINUTES,
} from './constructs/lambda-bundle.js';
import { ReporterFunction } from './constructs/reporter-function.js';

export interface ReporterStackProps extends StackProps {
  config: ReporterConfig;
}

/** The error type of ReportsIncompleteError (functions/run/deliver-reports.ts). */
const REPORTS_INCOMPLETE = 'ReportsIncomplete';

const LAMBDA_RETRY_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];

export class ReporterStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly stateMachine: sfn.StateMachine;
  readonly scanRole: iam.Role;
  private readonly reportSender: string | undefined;

  constructor(scope: Construct, id: string, props: ReporterStackProps) {
    super(scope, id, props);
    const { config } = props;
    // Without recipients no email is sent, and the role gets no SES permission at all.
    this.reportSender = config.report.recipients.length > 0 ? config.report.sender : undefined;

    const key = new kms.Key(this, 'ReportsKey', {
      description: 'eks-compliance-reporter results and reports',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Server access logs cannot be delivered to an SSE-KMS bucket, so the log bucket uses S3-managed keys.
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(config.retention.days) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log target bucket; logging it into itself would loop.',
    });

    this.bucket = new s3.Bucket(this, 'Reports', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'reports-bucket/',
      objectLockEnabled: config.retention.objectLock !== undefined,
      objectLockDefaultRetention: config.retention.objectLock
        ? config.retention.objectLock.mode === 'COMPLIANCE'
          ? s3.ObjectLockRetention.compliance(Duration.days(config.retention.objectLock.days))
          : s3.ObjectLockRetention.governance(Duration.days(config.retention.objectLock.days))
        : undefined,
      lifecycleRules: [
        { expiration: Duration.days(config.retention.days), noncurrentVersionExpiration: Duration.days(30) },
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const environment = { REPORTS_BUCKET: this.bucket.bucketName };
    // The functions that read the config get it in their asset (reporter-function.ts says why not in the environment).
    const configJson = JSON.stringify(config);
    const clusters = clusterArnPattern(this);

    // --- roles: one per function, least privilege -------------------------------------------------------------
    const discoverRole = this.functionRole('DiscoverRole', 'Lists the clusters to scan');
    discoverRole.addToPolicy(new iam.PolicyStatement({ actions: ['eks:ListClusters'], resources: ['*'] }));
    discoverRole.addToPolicy(new iam.PolicyStatement({ actions: ['eks:DescribeCluster'], resources: [clusters] }));
    this.allowObjects(discoverRole, 'WriteTheRunsClusterList', ['s3:PutObject'], WRITE_PATTERNS.discover);
    key.grantEncrypt(discoverRole);
    // Other accounts (discovery.accounts, discovery.organization) and the configured clusters' roles: what the code
    // assumes and what the policies allow come from the same function.
    const crossAccount = crossAccountAccess(config, this.partition);
    if (crossAccount.discoverRoleArns.length > 0) {
      discoverRole.addToPolicy(
        new iam.PolicyStatement({
          sid: 'ListOtherAccountsClusters',
          actions: [ASSUME_ROLE_ACTION],
          resources: crossAccount.discoverRoleArns,
        }),
      );
    }
    if (crossAccount.organization) {
      discoverRole.addToPolicy(
        'roleArn' in crossAccount.organization
          ? new iam.PolicyStatement({
              sid: 'ReadTheOrganizationsAccounts',
              actions: [ASSUME_ROLE_ACTION],
              resources: [crossAccount.organization.roleArn],
            })
          : new iam.PolicyStatement({
              sid: 'ReadTheOrganizationsAccounts',
              actions: [crossAccount.organization.action],
              resources: ['*'],
            }),
      );
      if ('action' in crossAccount.organization) {
        Validations.of(discoverRole).acknowledge({
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason: 'organizations:ListAccounts has no resource-level permission; it is read-only.',
        });
      }
    }
    this.acknowledgeCrossAccountFindings(discoverRole, crossAccount);

    this.scanRole = this.functionRole('ScanRole', 'Reads one EKS cluster (Kubernetes read-only and AWS read-only)');
    for (const statement of awsReadStatements(this)) this.scanRole.addToPolicy(statement);
    if (crossAccount.scanRoleArns.length > 0) {
      this.scanRole.addToPolicy(
        new iam.PolicyStatement({
          sid: 'ReadOtherAccountsClusters',
          actions: [ASSUME_ROLE_ACTION],
          resources: crossAccount.scanRoleArns,
        }),
      );
    }
    this.acknowledgeCrossAccountFindings(this.scanRole, crossAccount);
    this.allowObjects(this.scanRole, 'WriteOneClustersResults', ['s3:PutObject'], WRITE_PATTERNS.scan);
    key.grantEncrypt(this.scanRole);

    // The render role (the Map item's second step) reads its cluster's results and history and writes its reports,
    // history entry and summary. Nothing here may set retention or legal holds or delete anything.
    const renderRole = this.functionRole('RenderRole', "Renders one cluster's reports");
    this.allowObjects(renderRole, 'ReadTheRunAndHistory', ['s3:GetObject'], ['runs/*', 'history/*']);
    // Without ListBucket S3 answers a missing key (a cluster that left no results) with 403 instead of 404, and the
    // history cannot be listed.
    renderRole.addToPolicy(
      new iam.PolicyStatement({ sid: 'ListTheBucket', actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
    );
    this.allowObjects(renderRole, 'WriteOneClustersReports', ['s3:PutObject'], WRITE_PATTERNS.render);
    key.grantEncryptDecrypt(renderRole);

    // The report role reads the run's summaries and failure records (never a cluster's results), writes the fleet
    // report, and claims the email and the events. A delete of a claim (to let a retry send) only adds a marker.
    const reportRole = this.functionRole('ReportRole', 'Renders the fleet report and delivers the email and events');
    this.allowObjects(reportRole, 'ReadTheRun', ['s3:GetObject'], ['runs/*']);
    reportRole.addToPolicy(
      new iam.PolicyStatement({ sid: 'ListTheBucket', actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
    );
    this.allowObjects(reportRole, 'WriteFleetReportsAndClaims', ['s3:PutObject'], WRITE_PATTERNS.report);
    this.allowObjects(
      reportRole,
      'ReleaseTheClaims',
      ['s3:DeleteObject'],
      [WRITE_PATTERNS.emailClaim, WRITE_PATTERNS.eventsClaim],
    );
    key.grantEncryptDecrypt(reportRole);
    if (this.reportSender) {
      // SES authorizes a send against every identity it involves, and in the sandbox each recipient is one too, so
      // the resource is this account's identities and the condition pins the sender.
      // ses:Recipients holds every To, Cc and Bcc address of the message: the role can mail no one else, even if
      // its code were made to. SES compares addresses as given; matching ignores case, as mail domains do.
      reportRole.addToPolicy(
        new iam.PolicyStatement({
          actions: ['ses:SendEmail'],
          resources: [`arn:${this.partition}:ses:${this.region}:${this.account}:identity/*`],
          conditions: {
            StringEquals: { 'ses:FromAddress': this.reportSender },
            'ForAllValues:StringEqualsIgnoreCase': { 'ses:Recipients': config.report.recipients },
          },
        }),
      );
    }

    if (config.securityHub) {
      // Each Map item imports its own cluster's findings. Only this account's own custom integration, in this
      // region: the product ARN the findings name.
      renderRole.addToPolicy(
        new iam.PolicyStatement({
          sid: 'ImportFindingsToSecurityHub',
          actions: ['securityhub:BatchImportFindings'],
          resources: [securityHubProductArn(this.partition, this.region, this.account)],
        }),
      );
    }
    if (config.events) {
      // Only the default bus, and only events that say they come from the reporter.
      reportRole.addToPolicy(
        new iam.PolicyStatement({
          sid: 'PutRunEvents',
          actions: ['events:PutEvents'],
          resources: [`arn:${this.partition}:events:${this.region}:${this.account}:event-bus/default`],
          conditions: { StringEquals: { 'events:source': EVENT_SOURCE } },
        }),
      );
    }

    // --- functions ---------------------------------------------------------------------------------------------
    const logGroup = (name: string) =>
      new logs.LogGroup(this, `${name}Logs`, {
        retention: logs.RetentionDays.ONE_YEAR,
        removalPolicy: RemovalPolicy.DESTROY,
      });
    const discover = new ReporterFunction(this, 'Discover', {
      handler: 'discover',
      memorySize: DISCOVER_MEMORY_MB,
      // Other accounts are listed 16 at a time, each Region in turn with an AssumeRole first: an organization of
      // hundreds of accounts needs more than the own account's two minutes.
      timeout: Duration.minutes(
        crossAccount.discoverRoleArns.length > 0
          ? DISCOVER_TIMEOUT_MINUTES.otherAccounts
          : DISCOVER_TIMEOUT_MINUTES.ownAccount,
      ),
      role: discoverRole,
      environment,
      configJson,
      logGroup: logGroup('Discover'),
    });
    const scanProps = {
      handler: 'scan' as const,
      memorySize: 2048,
      timeout: Duration.minutes(10),
      role: this.scanRole,
      environment,
      configJson,
    };
    const scanDefault = new ReporterFunction(this, 'Scan', { ...scanProps, logGroup: logGroup('Scan') });
    const scanByNetwork = new Map<string, ReporterFunction>();
    if (config.networks.length > 0) {
      // CDK adds this policy only to roles it creates; without it a VPC-placed function cannot be created at all
      // (Lambda needs ec2:CreateNetworkInterface and friends on the execution role).
      this.scanRole.addManagedPolicy(
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole'),
      );
    }
    for (const network of config.networks) {
      scanByNetwork.set(
        network.name,
        this.scanFunctionIn(network, scanProps, logGroup(`Scan${resourceId(network.name)}`)),
      );
    }
    // The render function gets its own copy of the shared environment: only it signs the run manifests. The report
    // function (the email) and, for Security Hub's links, the render function are told where the links go.
    const signingKey = this.manifestSigningKey(renderRole);
    const renderEnvironment: Record<string, string> = { ...environment, MANIFEST_SIGNING_KEY: signingKey.keyArn };
    const reportEnvironment: Record<string, string> = { ...environment };
    // Links only exist in emails and findings: without recipients or Security Hub there is nothing to sign.
    const linkUsers = [
      ...(config.report.recipients.length > 0 ? [{ role: reportRole, env: reportEnvironment }] : []),
      ...(config.securityHub ? [{ role: renderRole, env: renderEnvironment }] : []),
    ];
    if (config.report.links === 'redirect' && linkUsers.length > 0) {
      const { url, linkKey } = this.reportLinks(
        key,
        linkUsers.map((u) => u.role),
        logGroup('Links'),
        config.report,
      );
      for (const { env } of linkUsers) {
        env.REPORT_LINKS_URL = url.url;
        env.REPORT_LINK_KEY = linkKey.keyArn;
      }
    }
    const render = new ReporterFunction(this, 'Render', {
      handler: 'render',
      memorySize: RENDER_MEMORY_MB,
      timeout: Duration.minutes(RENDER_TIMEOUT_MINUTES),
      role: renderRole,
      environment: renderEnvironment,
      configJson,
      logGroup: logGroup('Render'),
    });
    const report = new ReporterFunction(this, 'Report', {
      handler: 'report',
      memorySize: config.report.memoryMb,
      timeout: Duration.minutes(config.report.timeoutMinutes),
      role: reportRole,
      environment: reportEnvironment,
      configJson,
      logGroup: logGroup('Report'),
    });

    // --- state machine -----------------------------------------------------------------------------------------
    const discoverStep = new tasks.LambdaInvoke(this, 'Discover clusters', {
      lambdaFunction: discover.fn,
      payload: sfn.TaskInput.fromObject({
        runId: sfn.JsonPath.stringAt('$$.Execution.Name'),
        startedAt: sfn.JsonPath.stringAt('$$.Execution.StartTime'),
      }),
      payloadResponseOnly: true,
      resultPath: '$.discovery',
      retryOnServiceExceptions: true,
    });

    // A failed step of a Map item is recorded in the bucket under runs/<runId>/<folder>/<account>-<region>-<name>.json
    // (layout.ts failureKey and renderFailureKey; Discover gives every item its account).
    const recordItemFailure = (id: string, folder: 'failures' | 'render-failures', writePattern: string) =>
      new tasks.CallAwsService(this, id, {
        service: 's3',
        action: 'putObject',
        parameters: {
          Bucket: this.bucket.bucketName,
          Key: sfn.JsonPath.format(
            `runs/{}/${folder}/{}-{}-{}.json`,
            sfn.JsonPath.stringAt('$.runId'),
            sfn.JsonPath.stringAt('$.cluster.account'),
            sfn.JsonPath.stringAt('$.cluster.region'),
            sfn.JsonPath.stringAt('$.cluster.name'),
          ),
          Body: sfn.JsonPath.jsonToString(sfn.JsonPath.objectAt('$')),
          ContentType: 'application/json',
          // With Object Lock's default retention S3 refuses a put that carries no checksum; the SDK behind the
          // integration computes it when asked, as the functions' own puts do.
          ChecksumAlgorithm: 'CRC32',
        },
        iamResources: [this.bucket.arnForObjects(writePattern)],
        resultPath: sfn.JsonPath.DISCARD,
        // Each item's output is gathered into the Map's result, which must stay under 256 KiB even though the Map
        // discards it; an error with its stack trace would fill that at about 150 clusters.
        outputPath: sfn.JsonPath.DISCARD,
      });
    const recordFailure = recordItemFailure('Record failed scan', 'failures', WRITE_PATTERNS.scan[1]);
    const recordRenderFailure = recordItemFailure('Record failed render', 'render-failures', WRITE_PATTERNS.render[3]);
    // The second step of the item: the cluster's own reports and summary. A retry renders this cluster only.
    const renderStep = new tasks.LambdaInvoke(this, 'Render cluster reports', {
      lambdaFunction: render.fn,
      payload: sfn.TaskInput.fromObject({
        cluster: sfn.JsonPath.objectAt('$.cluster'),
        runId: sfn.JsonPath.stringAt('$.runId'),
      }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      resultPath: sfn.JsonPath.DISCARD,
      outputPath: sfn.JsonPath.DISCARD, // see recordFailure: every item ends with {}
    });
    renderStep.addRetry({ errors: LAMBDA_RETRY_ERRORS, maxAttempts: 3, backoffRate: 2, interval: Duration.seconds(5) });
    renderStep.addCatch(recordRenderFailure, { resultPath: '$.error' });
    const nothingToRender = new sfn.Pass(this, 'Nothing to render', { outputPath: sfn.JsonPath.DISCARD });
    const renderIfScanned = new sfn.Choice(this, 'Scanned?')
      .when(sfn.Condition.stringEquals('$.scan.status', 'scanned'), renderStep)
      .otherwise(nothingToRender);

    const scanStep = (fn: ReporterFunction, name: string) => {
      const step = new tasks.LambdaInvoke(this, `Scan cluster${name}`, {
        lambdaFunction: fn.fn,
        payloadResponseOnly: true,
        retryOnServiceExceptions: false,
        // Only the outcome's status is kept: the Choice reads it, and the item's state stays small.
        resultSelector: { status: sfn.JsonPath.stringAt('$.status') },
        resultPath: '$.scan',
      });
      step.addRetry({ errors: LAMBDA_RETRY_ERRORS, maxAttempts: 3, backoffRate: 2, interval: Duration.seconds(5) });
      step.addCatch(recordFailure, { resultPath: '$.error' });
      return step.next(renderIfScanned);
    };
    const defaultScan = scanStep(scanDefault, '');
    let processor: sfn.IChainable = defaultScan;
    if (scanByNetwork.size > 0) {
      const choice = new sfn.Choice(this, 'Which network?');
      for (const [name, fn] of scanByNetwork) {
        // A Choice that reads a missing field fails the execution, and clusters without `network` have none.
        choice.when(
          sfn.Condition.and(
            sfn.Condition.isPresent('$.cluster.network'),
            sfn.Condition.stringEquals('$.cluster.network', name),
          ),
          scanStep(fn, ` in ${name}`),
        );
      }
      processor = choice.otherwise(defaultScan);
    }

    const scanAll = new sfn.DistributedMap(this, 'Scan every cluster', {
      itemReader: new sfn.S3JsonItemReader({
        bucket: this.bucket,
        key: sfn.JsonPath.stringAt('$.discovery.clustersKey'),
      }),
      itemSelector: {
        cluster: sfn.JsonPath.objectAt('$$.Map.Item.Value'),
        runId: sfn.JsonPath.stringAt('$.discovery.runId'),
      },
      maxConcurrency: config.scan.concurrency,
      toleratedFailurePercentage: 100,
      resultPath: sfn.JsonPath.DISCARD,
    });
    scanAll.itemProcessor(processor);

    const reportStep = new tasks.LambdaInvoke(this, 'Render and deliver reports', {
      lambdaFunction: report.fn,
      payload: sfn.TaskInput.fromObject({ runId: sfn.JsonPath.stringAt('$.discovery.runId') }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: true,
    });
    // Retriers match in order: a run whose email went out but some cluster reports failed to render is not
    // retried (the same reports would fail again after re-rendering the fleet); anything else gets two more tries.
    reportStep.addRetry({ errors: [REPORTS_INCOMPLETE], maxAttempts: 0 });
    reportStep.addRetry({ errors: ['States.ALL'], maxAttempts: 2, interval: Duration.seconds(30) });

    // Under /aws/vendedlogs/: CloudWatch Logs then needs no resource policy entry per log group for the delivery,
    // whose 5,120-character limit a few state machines in the account would otherwise exhaust.
    const smLogs = new logs.LogGroup(this, 'StateMachineLogs', {
      logGroupName: `/aws/vendedlogs/states/${this.stackName}-WeeklyRun`,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new sfn.StateMachine(this, 'WeeklyRun', {
      definitionBody: sfn.DefinitionBody.fromChainable(discoverStep.next(scanAll).next(reportStep)),
      timeout: Duration.hours(6),
      tracingEnabled: true,
      logs: { destination: smLogs, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    // The Distributed Map reads the run's cluster list (its item reader adds GetObject on the bucket's objects).
    this.allowObjects(this.stateMachine.role, 'ReadTheRunsClusterList', ['s3:GetObject'], [WRITE_PATTERNS.discover[0]]);
    key.grantDecrypt(this.stateMachine);
    // The failure record is written by the state machine itself (s3:PutObject), so it needs the bucket key too.
    key.grantEncrypt(this.stateMachine);

    new scheduler.Schedule(this, 'Weekly', {
      description: 'Starts the weekly EKS compliance run',
      schedule: scheduler.ScheduleExpression.cron({
        minute: String(config.schedule.minute),
        hour: String(config.schedule.hour),
        weekDay: config.schedule.weekDay,
        timeZone: TimeZone.of(config.schedule.timezone),
      }),
      target: new schedulerTargets.StepFunctionsStartExecution(this.stateMachine, {
        input: scheduler.ScheduleTargetInput.fromObject({ trigger: 'schedule' }),
      }),
    });

    // --- cluster access (same account and region) --------------------------------------------------------------
    for (const cluster of config.clusters) {
      if (cluster.roleArn || (!Token.isUnresolved(this.region) && cluster.region !== this.region)) continue;
      new eks.CfnAccessEntry(this, `Access${resourceId(cluster.name)}`, {
        clusterName: cluster.name,
        principalArn: this.scanRole.roleArn,
        type: 'STANDARD',
        kubernetesGroups: [READER_GROUP],
        accessPolicies: [{ policyArn: viewPolicyArn(this.partition), accessScope: { type: 'cluster' } }],
      });
    }

    // --- alarms ------------------------------------------------------------------------------------------------
    const topic = new sns.Topic(this, 'Alarms', { masterKey: key, enforceSSL: true });
    // CloudWatch publishes alarms to the topic, which the reporter key encrypts: it needs the key (key policy) and
    // an Allow in the topic policy, which enforceSSL creates with its Deny only.
    const cloudWatchService = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsUseTheKeyForTheAlarmTopic',
        principals: [cloudWatchService],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        // Only on behalf of this account's alarms: the service principal is shared by every account.
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccountPublish',
        principals: [cloudWatchService],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.account },
          ArnLike: { 'aws:SourceArn': `arn:${this.partition}:cloudwatch:${this.region}:${this.account}:alarm:*` },
        },
      }),
    );
    if (config.alarms.email) topic.addSubscription(new snsSubscriptions.EmailSubscription(config.alarms.email));
    const alarm = (id: string, metric: cloudwatch.IMetric, description: string) =>
      new cloudwatch.Alarm(this, id, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      }).addAlarmAction(new cwActions.SnsAction(topic));
    alarm('RunFailed', this.stateMachine.metricFailed({ period: Duration.hours(1) }), 'A weekly run failed');
    // An unreachable cluster does not make the scan function fail (it is recorded and the Map goes on), so the
    // function's Errors never count it; the handler's ClusterScansFailed metric does.
    alarm(
      'ClusterScanFailed',
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: METRIC.clusterScansFailed,
        dimensionsMap: { ...METRIC_DIMENSIONS },
        statistic: cloudwatch.Stats.SUM,
        period: Duration.hours(1),
      }),
      'A cluster could not be scanned; the run went on and the report lists it as not assessed',
    );
    const scanFunctions = [scanDefault, ...scanByNetwork.values()];
    alarm(
      'ScanCrashed',
      scanFunctions.length === 1
        ? scanDefault.fn.metricErrors({ period: Duration.hours(1) })
        : new cloudwatch.MathExpression({
            // A function that did not run in the period has no Errors datapoint, and a sum with a missing term is
            // missing: without FILL a crash of one function while another was idle would never alarm.
            expression: scanFunctions.map((_, i) => `FILL(errors${i}, 0)`).join(' + '),
            usingMetrics: Object.fromEntries(
              scanFunctions.map((f, i) => [`errors${i}`, f.fn.metricErrors({ period: Duration.hours(1) })]),
            ),
            period: Duration.hours(1),
          }),
      'A scan function crashed (for example, the bucket could not be written); the state machine recorded the cluster as failed',
    );
    alarm(
      'ClusterReportsNotRendered',
      new cloudwatch.MathExpression({
        // A render that fails returns normally (recorded, the Map goes on): its metric says so; a crash (timeout,
        // out of memory) is the function's Errors. FILL as for the scan functions.
        expression: 'FILL(notRendered, 0) + FILL(renderErrors, 0)',
        usingMetrics: {
          notRendered: new cloudwatch.Metric({
            namespace: METRICS_NAMESPACE,
            metricName: METRIC.clusterRendersFailed,
            dimensionsMap: { ...METRIC_DIMENSIONS },
            statistic: cloudwatch.Stats.SUM,
            period: Duration.hours(1),
          }),
          renderErrors: render.fn.metricErrors({ period: Duration.hours(1) }),
        },
        period: Duration.hours(1),
      }),
      'A cluster was scanned but its reports were not rendered; the fleet report and email list it',
    );
    alarm(
      'ReportUndelivered',
      report.fn.metricErrors({ period: Duration.hours(1) }),
      'Reports were not rendered or emailed',
    );

    // --- outputs: the on-demand run command and the other-account stack need these ----------------------------
    new CfnOutput(this, 'StateMachineArn', {
      value: this.stateMachine.stateMachineArn,
      description: 'Start a run now: aws stepfunctions start-execution --state-machine-arn <this> --input {}',
    });
    new CfnOutput(this, 'ScanRoleArn', {
      value: this.scanRole.roleArn,
      description: 'Pass as -c reporterScanRoleArn=<this> when deploying the stack for another account',
    });
    new CfnOutput(this, 'DiscoverRoleArn', {
      value: discoverRole.roleArn,
      description:
        'Pass as -c reporterDiscoverRoleArn=<this> to the stack for another account, so discovery can list its clusters',
    });
    new CfnOutput(this, 'ReportsBucketName', { value: this.bucket.bucketName, description: 'Where reports land' });

    this.acknowledgeNagFindings([discover, scanDefault, ...scanByNetwork.values(), render, report]);
  }

  /** One statement: `actions` on the reporter bucket's objects matching `patterns` (keys, `*` for any characters). */
  private allowObjects(role: iam.IRole, sid: string, actions: string[], patterns: readonly string[]): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid, actions, resources: patterns.map((p) => this.bucket.arnForObjects(p)) }),
    );
  }

  /**
   * The key that signs each run's manifest.json (docs/evidence.md): asymmetric, ECC_NIST_P256 for SIGN_VERIFY, so
   * anyone with the public key can verify with openssl and nobody can sign without KMS. Only the Render function
   * (which writes each cluster's reports) may sign: its role is granted kms:Sign, and the key policy denies kms:Sign to
   * every other principal, so no IAM policy elsewhere in the account (an administrator's kms:* included) can sign a
   * manifest in the reporter's name; the scan role, which reads the clusters, cannot either.
   * Asymmetric keys cannot rotate automatically; a new key means new public keys for runs after it.
   */
  private manifestSigningKey(signerRole: iam.Role): kms.Key {
    const signingKey = new kms.Key(this, 'ManifestSigningKey', {
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      description: 'eks-compliance-reporter: signs each run manifest (manifest.json) of the reports',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    signerRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['kms:Sign', 'kms:GetPublicKey'], resources: [signingKey.keyArn] }),
    );
    signingKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlyTheRenderFunctionSigns',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:Sign'],
        resources: ['*'],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': signerRole.roleArn } },
      }),
    );
    new CfnOutput(this, 'ManifestSigningKeyArn', {
      value: signingKey.keyArn,
      description:
        'Signs the run manifests. Verify with: eks-compliance verify s3://<bucket>/reports/<run>/<account>/<region>/<cluster>/ --kms-key-id <this>',
    });
    new CfnOutput(this, 'ManifestPublicKeyCommand', {
      value: `aws kms get-public-key --key-id ${signingKey.keyArn} --query PublicKey --output text | base64 -d | openssl pkey -pubin -inform DER -out eks-compliance-public-key.pem`,
      description: 'Saves the public key of the manifest signing key as PEM (it is also beside every cluster report)',
    });
    return signingKey;
  }

  /** cdk-nag IAM5 on the organization's target roles (`iam::*:role/NAME`: its accounts are read at run time). */
  private acknowledgeCrossAccountFindings(role: iam.Role, access: CrossAccountAccess): void {
    const validations = Validations.of(role);
    for (const arn of access.discoverRoleArns.filter((a) => a.includes('::*:'))) {
      validations.acknowledge({
        id: `AwsSolutions-IAM5[Resource::${arn.replace(this.partition, '<AWS::Partition>')}]`,
        reason:
          "discovery.organization: the organization's accounts are read at run time, so the target role is named in " +
          'any account; each target role trusts only the reporter roles, so no other account is reached.',
      });
    }
  }

  private functionRole(id: string, description: string): iam.Role {
    const role = new iam.Role(this, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description });
    return role;
  }

  /**
   * The durable report links (`report.links: redirect`). The email (and each Security Hub finding) links to the links
   * function's URL with a token that the Report (and Render) function signs with an HMAC key in KMS (GenerateMac); the
   * links function verifies it (VerifyMac), presigns the report for 5 minutes with its own role and answers 302. So a
   * link lives as long as its token, not as long as the signing function's session credentials.
   */
  private reportLinks(
    reportsKey: kms.IKey,
    signerRoles: iam.Role[],
    logGroup: logs.ILogGroup,
    report: Pick<ReporterConfig['report'], 'linkExpiryDays' | 'linksConcurrency'>,
  ): { url: lambda.FunctionUrl; linkKey: kms.Key } {
    // HMAC keys cannot rotate automatically (cdk-nag's KMS5 applies to symmetric encryption keys only, so it does
    // not flag this one). Rotating by hand means a new key, which invalidates the links in emails already sent.
    const linkKey = new kms.Key(this, 'LinkKey', {
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
      description: 'eks-compliance-reporter: signs the report links in the email',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of signerRoles) {
      role.addToPolicy(new iam.PolicyStatement({ actions: ['kms:GenerateMac'], resources: [linkKey.keyArn] }));
    }
    // The key policy's default statement lets the account's IAM policies grant use of the key; this Deny keeps
    // signing to the link makers' roles whatever another identity policy of the account says. A negated condition
    // with several values holds when the principal is none of them.
    const signers = signerRoles.map((r) => r.roleArn);
    linkKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlyTheLinkMakersSignLinks',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:GenerateMac'],
        resources: ['*'],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': signers.length === 1 ? signers[0] : signers } },
      }),
    );

    const linksRole = this.functionRole('LinksRole', 'Verifies a report link and presigns the report it names');
    // GetObject only (no List, no GetBucket*): the presigned URL carries exactly this role's rights.
    linksRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects('reports/*')] }),
    );
    // The reports are SSE-KMS objects; the presigned GET decrypts them with the links role's permissions.
    reportsKey.grantDecrypt(linksRole);
    linksRole.addToPolicy(new iam.PolicyStatement({ actions: ['kms:VerifyMac'], resources: [linkKey.keyArn] }));

    const links = new ReporterFunction(this, 'Links', {
      handler: 'links',
      memorySize: 256,
      timeout: Duration.seconds(10),
      role: linksRole,
      environment: {
        REPORTS_BUCKET: this.bucket.bucketName,
        REPORT_LINK_KEY: linkKey.keyArn,
        // Links claiming a longer life than any link is issued for are refused before KMS is asked.
        REPORT_LINK_EXPIRY_DAYS: String(report.linkExpiryDays),
      },
      logGroup,
      // Optional: caps what a flood of requests to the public URL can run up (and keeps it from starving the
      // account's other functions), at the price of 429s for people opening links during one.
      reservedConcurrentExecutions: report.linksConcurrency,
    });
    // Public on purpose: people open the links from an email client, which cannot sign requests with IAM. Each
    // request is authorized by its HMAC token instead, and the function can only presign GETs under reports/.
    const url = links.fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    new CfnOutput(this, 'ReportLinksUrl', {
      value: url.url,
      description: 'The links function: the email links to reports through this URL (report.links: redirect)',
    });
    return { url, linkKey };
  }

  private scanFunctionIn(
    network: NetworkPlacement,
    props: Omit<ConstructorParameters<typeof ReporterFunction>[2], 'logGroup'>,
    logGroup: logs.ILogGroup,
  ): ReporterFunction {
    const id = resourceId(network.name);
    const vpc = ec2.Vpc.fromVpcAttributes(this, `Vpc${id}`, {
      vpcId: network.vpcId,
      // Only used to pair subnets; the subnet ids themselves decide placement.
      availabilityZones: network.subnetIds.map((_, i) => `${network.name}-az${i}`),
      privateSubnetIds: network.subnetIds,
    });
    Validations.of(vpc).acknowledge({
      id: 'Annotation::@aws-cdk/aws-ec2:noSubnetRouteTableId',
      reason: 'The subnets are only used to place the scan function; nothing here reads their route tables.',
    });
    const securityGroups = network.securityGroupIds?.length
      ? network.securityGroupIds.map((sg, i) => ec2.SecurityGroup.fromSecurityGroupId(this, `Sg${id}${i}`, sg))
      : [
          new ec2.SecurityGroup(this, `ScanSg${id}`, {
            vpc,
            description: `eks-compliance-reporter scan function in ${network.name}: HTTPS out to cluster endpoints and AWS APIs`,
            allowAllOutbound: false,
          }),
        ];
    const own = securityGroups.find((sg): sg is ec2.SecurityGroup => sg instanceof ec2.SecurityGroup);
    own?.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to the cluster endpoint and AWS APIs');
    // A private endpoint answers only what the cluster's security group lets in. Named in the config, the stack adds
    // the rule; otherwise the output gives the group to allow (docs/deployment.md has the command).
    (network.clusterSecurityGroupIds ?? []).forEach((clusterSg, i) => {
      const cluster = ec2.SecurityGroup.fromSecurityGroupId(this, `ClusterSg${id}${i}`, clusterSg, {
        allowAllOutbound: false,
      });
      for (const scanSg of securityGroups) {
        cluster.addIngressRule(
          ec2.Peer.securityGroupId(scanSg.securityGroupId),
          ec2.Port.tcp(443),
          `eks-compliance-reporter scan function in ${network.name}: HTTPS to the cluster endpoint`,
        );
      }
    });
    new CfnOutput(this, `ScanSecurityGroup${id}`, {
      value: securityGroups.map((sg) => sg.securityGroupId).join(','),
      description:
        `The scan function's security group in ${network.name}: the cluster's security group must allow TCP 443 from it` +
        (network.clusterSecurityGroupIds?.length ? ' (added by this stack)' : ' (see docs/deployment.md)'),
    });
    return new ReporterFunction(this, `Scan${id}`, {
      ...props,
      logGroup,
      vpc,
      vpcSubnets: { subnets: vpc.privateSubnets },
      securityGroups,
    });
  }

  /**
   * Each acknowledged cdk-nag finding with the reason it is accepted. cdk-nag 3 matches findings exactly
   * (`AwsSolutions-IAM5[Resource::…]`), so the wildcard findings are listed one by one, grouped by why they are safe.
   */
  private acknowledgeNagFindings(functions: ReporterFunction[]): void {
    const ref = (c: Construct) => this.getLogicalId(c.node.defaultChild as CfnElement);
    const bucket = ref(this.bucket);
    const arn = `arn:<AWS::Partition>`;
    const execution = `${arn}:states:${nagRegion(this)}:${nagAccount(this)}:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${ref(this.stateMachine)}"}]}]}`;
    const groups: Array<[reason: string, findings: string[]]> = [
      [
        'Object keys are per run and per cluster, so each role may write only its own keys of the reporter bucket (functions/run/layout.ts WRITE_PATTERNS: the run id and cluster are the wildcards) and read the runs/ and history/ prefixes (the links function: reports/); the Distributed Map reads its item list by a key known at run time.',
        [...new Set([...Object.values(WRITE_PATTERNS).flat(), 'runs/*', 'history/*', 'reports/*'])]
          .map((p) => `Resource::<${bucket}.Arn>/${p}`)
          .concat(`Resource::${arn}:s3:::<${bucket}>/*`),
      ],
      [
        'KMS data-key actions emitted by CDK grants, limited to the reporter key.',
        ['Action::kms:ReEncrypt*', 'Action::kms:GenerateDataKey*'],
      ],
      [
        'Step Functions invokes the reporter functions by ARN; the :* suffix covers their versions, nothing else.',
        functions.map((f) => `Resource::<${ref(f.fn)}.Arn>:*`),
      ],
      [
        'The Distributed Map starts child executions of this state machine only.',
        [`Resource::${execution}:*`, `Resource::${execution}/*:*`],
      ],
    ];
    if (this.reportSender) {
      groups.push([
        'SES checks a send against every identity involved, recipients included while the account is in the sandbox; the statement allows ses:SendEmail only, only with the configured sender as FromAddress (ses:FromAddress condition) and only to the configured recipients (ses:Recipients condition).',
        [`Resource::${arn}:ses:${nagRegion(this)}:${nagAccount(this)}:identity/*`],
      ]);
    }
    acknowledgeAwsReadFindings(this);
    const validations = Validations.of(this);
    for (const [reason, findings] of groups) {
      for (const finding of findings) validations.acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
    }
    validations.acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        reason:
          'Only the AWS-managed AWSLambdaVPCAccessExecutionRole is attached, to VPC-placed scan functions; it is the documented minimum for managing their network interfaces.',
      },
      {
        id: 'AwsSolutions-L1',
        reason:
          'nodejs22.x is the newest runtime this project is tested against; moving to nodejs24.x is tracked separately.',
      },
      {
        id: 'AwsSolutions-SF1',
        reason:
          'Logging is at ALL level; execution data is excluded on purpose because it would copy cluster inventories into logs.',
      },
    );
  }
}
