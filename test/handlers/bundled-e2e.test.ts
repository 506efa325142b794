/**
 * The real esbuild bundles of the handlers, each run in a child process against emulators on 127.0.0.1: s3rver
 * (S3), aws-ses-v2-local (SES v2), KMS, Security Hub and EventBridge emulators, a fake EKS endpoint (which also denies
 * every other AWS call and logs STS, which must stay unused: the EKS token is presigned locally) and the fake
 * Kubernetes API servers. A three-cluster fleet: Discover → the Map's items (Scan, then Render when scanned; one
 * cluster unreachable) → Report, then a retried Render of one cluster and a retried Report.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { runCli } from '../../functions/cli/program.js';
import { REPORT_FILES } from '../../functions/run/deliver-reports.js';
import { validateResults } from '../../functions/scoring/validate-results.js';
import { writeConfigAsset } from '../../infra/constructs/lambda-bundle.js';
import { type EventBridgeEmulator, startEventBridge } from '../support/eventbridge-emulator.js';
import { type FakeKubeServer, startFakeKubeApi, syntheticCluster } from '../support/fake-kube-api.js';
import { asffProblems, type SecurityHubEmulator, startSecurityHub } from '../support/security-hub-emulator.js';
import { needs } from '../support/tools.js';
import { bundleHandlers, type HandlerBundle, type HandlerName, makeBundleDir, repoRoot } from './support/bundle.js';
import { emfLines } from './support/emf.js';
import { type Emulator, type SentEmail, startS3, startSes } from './support/emulators.js';
import { type FakeAws, startFakeAws } from './support/fake-aws.js';
import { type KmsEmulator, startKms } from './support/kms-emulator.js';
import { runBundledHandler } from './support/run-handler.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const REGION = 'eu-west-1';
/** The account in the function ARN the handler driver's context carries (support/run-handler.ts). */
const ACCOUNT = '111122223333';
/** A cluster's key segment: <account>/<region>/<name>. */
const at = (name: string) => `${ACCOUNT}/${REGION}/${name}`;
const BUCKET = 'reports';
const RUN_ID = 'run-2026-11-30';
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

/** Handlebars escapes `=` and `&` in attribute values; undo that to get the URL back. */
function decodeEntities(html: string): string {
  return html
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&amp;/g, '&');
}

/** Temporary credentials in the environment, as Lambda gives them; AWS_CREDENTIAL_EXPIRATION is the SDK's own. */
function sessionCredentials(expiration?: Date): Record<string, string> {
  return {
    AWS_SESSION_TOKEN: 'session-token',
    ...(expiration ? { AWS_CREDENTIAL_EXPIRATION: expiration.toISOString() } : {}),
  };
}

function floorToMinute(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 60_000) * 60_000);
}

/** As the email shows times: "2026-11-30 09:10 UTC". */
function shownTime(date: Date): string {
  return `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 16)} UTC`;
}

/** A presigned URL's X-Amz-Date (20261130T061000Z), in ms. */
function signedAt(url: string): number {
  const date = new URL(url).searchParams.get('X-Amz-Date') ?? '';
  return Date.parse(date.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
}

/** When a presigned URL stops working by its own terms: X-Amz-Date + X-Amz-Expires, in ms. */
function presignedEnd(url: string): number {
  return signedAt(url) + Number(new URL(url).searchParams.get('X-Amz-Expires')) * 1000;
}

describe('bundled handlers end to end', { timeout: 480_000, ...needs('openssl') }, () => {
  let work: string;
  let bundleDir: string | undefined;
  let bundles: Record<HandlerName, HandlerBundle>;
  let kube: FakeKubeServer;
  let kubeDelta: FakeKubeServer;
  let hub: SecurityHubEmulator;
  let bus: EventBridgeEmulator;
  let aws: FakeAws;
  let s3: Emulator;
  let ses: Emulator & { sent(): Promise<SentEmail[]> };
  let kms: KmsEmulator;
  /** The stack's manifest signing key (ECC_NIST_P256, SIGN_VERIFY), as the Report function is told of it. */
  let signingKey: string;
  let env: Record<string, string>;
  let client: S3Client;
  const logs: string[] = [];

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'handlers-e2e-'));
    const objects = [
      ...syntheticCluster(60, 3),
      {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: 'ip-10-0-1-1.eu-west-1.compute.internal', labels: { 'eks.amazonaws.com/nodegroup': 'main' } },
        spec: { providerID: 'aws:///eu-west-1a/i-0123456789abcdef0' },
        status: { nodeInfo: { kubeletVersion: 'v1.31.2-eks-1' } },
      },
    ];
    // One at a time, each assigned as soon as it runs, so `after` closes whatever started even if a later one fails.
    // Inside the repo so the bundles' `import '@aws-sdk/…'` (left to the Lambda runtime) resolves here.
    bundleDir = await makeBundleDir('handlers-e2e');
    bundles = await bundleHandlers(bundleDir);
    kube = await startFakeKubeApi({ objects, eksToken: { clusterName: 'alpha', region: REGION } });
    kubeDelta = await startFakeKubeApi({
      objects: syntheticCluster(20, 2),
      eksToken: { clusterName: 'delta', region: REGION },
    });
    hub = await startSecurityHub({ account: ACCOUNT });
    bus = await startEventBridge();
    s3 = await startS3(join(work, 's3'), BUCKET);
    ses = await startSes();
    kms = await startKms(REGION);
    signingKey = kms.createSigningKey();
    aws = await startFakeAws({
      region: REGION,
      clusters: [
        { name: 'alpha', endpoint: kube.url, caData: kube.caData, tags: { team: 'platform' } },
        // Nothing listens on port 9 of 127.0.0.1 (discard): connection refused.
        { name: 'beta', endpoint: 'https://127.0.0.1:9', caData: kube.caData, tags: { team: 'platform' } },
        { name: 'gamma', endpoint: kube.url, caData: kube.caData, tags: { team: 'other' } },
        { name: 'delta', endpoint: kubeDelta.url, caData: kubeDelta.caData, tags: { team: 'platform' } },
      ],
    });
    const config = {
      clusters: [{ name: 'alpha', region: REGION }],
      discovery: { regions: [REGION], tags: { team: 'platform' } },
      report: { sender: 'reports@example.com', recipients: ['security@example.com'], attachPdfMaxMb: 10 },
      securityHub: true,
      events: true,
    };
    env = {
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_CONFIG_FILE: join(work, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      // Every service not named below (ECR, Inspector, GuardDuty, Logs, EC2, IAM) lands on the fake, which denies it.
      AWS_ENDPOINT_URL: aws.url,
      AWS_ENDPOINT_URL_EKS: aws.url,
      AWS_ENDPOINT_URL_STS: aws.url,
      AWS_ENDPOINT_URL_S3: s3.url,
      AWS_ENDPOINT_URL_SESV2: ses.url,
      AWS_ENDPOINT_URL_KMS: kms.url,
      AWS_ENDPOINT_URL_SECURITYHUB: hub.url,
      AWS_ENDPOINT_URL_EVENTBRIDGE: bus.url,
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      POWERTOOLS_SERVICE_NAME: 'eks-compliance-reporter',
      POWERTOOLS_DEV: 'false',
      // Off outside Lambda anyway (no AWS_EXECUTION_ENV); said explicitly since no X-Ray daemon listens here.
      POWERTOOLS_TRACE_ENABLED: 'false',
      AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
      REPORTS_BUCKET: BUCKET,
      MANIFEST_SIGNING_KEY: signingKey,
    };
    // As the stack ships it: reporter-config.json in each function's asset, not an environment variable.
    for (const name of ['discover', 'scan', 'render', 'report'] as const) {
      await writeConfigAsset(JSON.stringify(config), bundles[name].dir);
    }
    client = new S3Client({
      region: REGION,
      endpoint: s3.url,
      forcePathStyle: true,
      credentials: CREDENTIALS,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  });

  after(async () => {
    client?.destroy();
    await Promise.allSettled([
      kube?.close(),
      kubeDelta?.close(),
      aws?.close(),
      s3?.close(),
      ses?.close(),
      kms?.close(),
      hub?.close(),
      bus?.close(),
    ]);
    if (work) await rm(work, { recursive: true, force: true });
    if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
  });

  const timings: string[] = [];
  /** Each invocation's output, in the order they finished. */
  const outputs: Array<{ name: HandlerName; event: unknown; output: string }> = [];

  async function invoke(name: HandlerName, event: unknown, envPatch: Record<string, string> = {}): Promise<unknown> {
    const started = performance.now();
    // 120 s, not the default 45: three scans start at once, and this machine may be shared.
    const run = await runBundledHandler(bundles[name].dir, event, { ...env, ...envPatch }, 120_000);
    timings.push(`${name} ${Math.round(performance.now() - started)} ms (process start included)`);
    logs.push(run.output);
    outputs.push({ name, event, output: run.output });
    return run.result;
  }

  /** The EMF lines of the one invocation of `name` whose event matches. */
  function metricsOf(name: HandlerName, match: (event: unknown) => boolean = () => true) {
    const found = outputs.filter((o) => o.name === name && match(o.event));
    assert.equal(found.length, 1, `one ${name} invocation`);
    return emfLines(found[0].output);
  }

  async function getText(key: string): Promise<string> {
    const out = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return (await out.Body?.transformToString('utf8')) ?? '';
  }

  async function getBytes(key: string): Promise<Buffer> {
    const out = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return Buffer.from((await out.Body?.transformToByteArray()) ?? []);
  }

  async function keys(prefix: string): Promise<string[]> {
    const out = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
    return (out.Contents ?? []).map((o) => o.Key ?? '').sort();
  }

  /** The CLI in this process, with the emulators' endpoints and credentials in the environment the SDK reads. */
  async function cliWithEnv(args: string[]): Promise<{ code: number; out: string; err: string }> {
    const vars: Record<string, string> = {
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_S3: s3.url,
      AWS_ENDPOINT_URL_KMS: kms.url,
      AWS_CONFIG_FILE: join(work, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      XDG_CONFIG_HOME: join(work, 'config'),
    };
    const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
    Object.assign(process.env, vars);
    const out = new PassThrough();
    const err = new PassThrough();
    const text = { out: '', err: '' };
    out.on('data', (c: Buffer) => {
      text.out += c.toString();
    });
    err.on('data', (c: Buffer) => {
      text.err += c.toString();
    });
    try {
      const code = await runCli(args, { out, err, env: process.env });
      return { code, ...text };
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  }

  /** A new run made of the first run's scan results, so the Report step can run again under other settings. */
  async function copyScanResults(runId: string): Promise<void> {
    for (const key of ['clusters.json', `clusters/${at('alpha')}/results.json`]) {
      await client.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: `runs/${runId}/${key}`,
          Body: await getText(`runs/${RUN_ID}/${key}`),
        }),
      );
    }
  }

  /** A new run's Map item for alpha: its render, from the results copied into the run. */
  async function renderAlpha(runId: string): Promise<void> {
    const cluster = JSON.parse(await getText(`runs/${runId}/clusters.json`)).find(
      (c: { name: string }) => c.name === 'alpha',
    );
    const out = (await invoke('render', { cluster, runId })) as { status: string };
    assert.equal(out.status, 'rendered');
  }

  test('discover → (scan, render) ×3 → report, then a retried render and a retried report send nothing twice', async (t) => {
    const discovery = (await invoke('discover', { runId: RUN_ID, startedAt: '2026-11-30T06:00:00Z' })) as {
      runId: string;
      clustersKey: string;
      count: number;
    };
    assert.deepEqual(discovery, { runId: RUN_ID, clustersKey: `runs/${RUN_ID}/clusters.json`, count: 3 });
    const clusters = JSON.parse(await getText(discovery.clustersKey)) as Array<{ name: string; region: string }>;
    // Each with the reporter's own account, read from the function ARN in the invocation context.
    assert.deepEqual(clusters, [
      { name: 'alpha', region: REGION, account: ACCOUNT },
      { name: 'beta', region: REGION, account: ACCOUNT },
      { name: 'delta', region: REGION, account: ACCOUNT },
    ]);

    // The Distributed Map's item selector: {cluster: <item>, runId}. Each item scans, then (the Choice on the scan's
    // status) renders its own cluster's reports; the render gets {cluster, runId} as the state machine passes them.
    const items = await Promise.all(
      clusters.map(async (cluster) => {
        const scan = (await invoke('scan', { cluster, runId: discovery.runId })) as { status: string; cluster: string };
        const render =
          scan.status === 'scanned'
            ? ((await invoke('render', { cluster, runId: discovery.runId })) as { status: string })
            : undefined;
        return { scan, render };
      }),
    );
    assert.deepEqual(
      items.map((o) => [o.scan.cluster, o.scan.status, o.render?.status]),
      [
        [at('alpha'), 'scanned', 'rendered'],
        [at('beta'), 'failed', undefined],
        [at('delta'), 'scanned', 'rendered'],
      ],
    );
    // Each cluster's reports are written by its own Map item, before the Report step runs.
    for (const name of ['alpha', 'delta']) {
      assert.ok((await keys(`reports/${RUN_ID}/${at(name)}/`)).includes(`reports/${RUN_ID}/${at(name)}/report.pdf`));
      const summary = JSON.parse(await getText(`runs/${RUN_ID}/summaries/${at(name)}.json`));
      assert.equal(summary.reports.pdf, `reports/${RUN_ID}/${at(name)}/report.pdf`);
    }
    assert.deepEqual(await keys(`reports/${RUN_ID}/fleet/`), [], 'no fleet report before the Report step');

    const results = JSON.parse(await getText(`runs/${RUN_ID}/clusters/${at('alpha')}/results.json`));
    const validation = validateResults(results);
    assert.equal(validation.valid, true, validation.errors.join('\n'));
    assert.equal(results.runId, RUN_ID);
    // The bundle carries the package version (there is no package.json beside it in Lambda).
    assert.equal(results.tool.version, JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')).version);
    assert.notEqual(results.tool.version, '0.0.0');
    assert.equal(results.cluster.name, 'alpha');
    assert.equal(results.cluster.source, 'eks');
    assert.ok(
      results.gaps.some((g: { source: string }) => /guardduty|inspector|ecr/i.test(g.source)),
      'the denied AWS-side calls are gaps',
    );
    const snapshot = JSON.parse(
      gunzipSync(await getBytes(`runs/${RUN_ID}/clusters/${at('alpha')}/snapshot.json.gz`)).toString('utf8'),
    );
    assert.equal(snapshot.cluster.name, 'alpha');
    assert.equal(snapshot.kubernetes.inventories.pods.status, 'collected');

    const failure = JSON.parse(await getText(`runs/${RUN_ID}/failures/${ACCOUNT}-${REGION}-beta.json`));
    assert.equal(failure.cluster.name, 'beta');
    assert.match(failure.reason, /ECONNREFUSED|connect|refused/i);

    // Session credentials that expire in 3 h, as an STS or container provider gives them: the links end then.
    const credentialsExpire = new Date(Date.now() + 3 * 3_600_000 + 30_000);
    const report = (await invoke('report', { runId: RUN_ID }, sessionCredentials(credentialsExpire))) as {
      email: string;
      scanned: number;
      failed: number;
    };
    assert.deepEqual([report.email, report.scanned, report.failed], ['sent', 2, 1]);

    // EventBridge: one Compliance Run Completed with both scanned clusters, one Cluster Scan Failed for beta.
    assert.deepEqual(
      bus.events.map((e) => [e.source, e.detailType]),
      [
        ['eks-compliance-reporter', 'Compliance Run Completed'],
        ['eks-compliance-reporter', 'Cluster Scan Failed'],
      ],
    );
    const completed = bus.events[0].detail as {
      runId: string;
      fleet: Record<string, unknown>;
      clusters: Array<{
        name: string;
        score: number;
        previousScore: null;
        change: null;
        reports: Record<string, string>;
      }>;
      reports: { bucket: string; fleet: Record<string, string> };
    };
    assert.equal(completed.runId, RUN_ID);
    assert.deepEqual(
      { ...completed.fleet, averageScore: undefined, lowestScore: undefined },
      { clusters: 3, scanned: 2, notScanned: 1, discoveryProblems: 0, averageScore: undefined, lowestScore: undefined },
    );
    assert.deepEqual(completed.clusters.map((c) => c.name).sort(), ['alpha', 'delta']);
    for (const c of completed.clusters) {
      const own = JSON.parse(await getText(`runs/${RUN_ID}/clusters/${at(c.name)}/results.json`));
      assert.equal(c.score, own.summary.score);
      // The first run: no previous score, so no change.
      assert.deepEqual([c.previousScore, c.change], [null, null]);
      assert.deepEqual(c.reports, {
        html: `reports/${RUN_ID}/${at(c.name)}/report.html`,
        pdf: `reports/${RUN_ID}/${at(c.name)}/report.pdf`,
        csv: `reports/${RUN_ID}/${at(c.name)}/findings.csv`,
        requirements: `reports/${RUN_ID}/${at(c.name)}/requirements.csv`,
      });
    }
    assert.deepEqual(completed.reports, {
      bucket: BUCKET,
      fleet: { html: `reports/${RUN_ID}/fleet/fleet.html`, pdf: `reports/${RUN_ID}/fleet/fleet.pdf` },
    });
    const failedEvent = bus.events[1].detail as Record<string, unknown>;
    assert.deepEqual([failedEvent.cluster, failedEvent.region, failedEvent.account], ['beta', REGION, ACCOUNT]);
    assert.match(String(failedEvent.reason), /ECONNREFUSED|connect|refused/i);

    // Security Hub: every judged requirement of both clusters, valid ASFF under this account's product, linked.
    const imported = [...hub.findings.values()].map((s) => s.finding as Record<string, unknown>);
    assert.ok(imported.length > 0);
    for (const f of imported) assert.deepEqual(asffProblems(f, { account: ACCOUNT, region: REGION }), [], String(f.Id));
    assert.deepEqual([...new Set(imported.map((f) => (f.Resources as Array<{ Id: string }>)[0].Id))].sort(), [
      `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/alpha`,
      `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/delta`,
    ]);
    assert.ok(
      imported.every((f) => /^https?:\/\/127\.0\.0\.1:\d+\/reports\/reports\/.*report\.html/.test(String(f.SourceUrl))),
    );
    assert.ok(hub.calls.every((n) => n <= 100) && hub.calls.length >= 2, `calls ${hub.calls.join(',')}`);
    assert.equal((report as { findingsImported?: number }).findingsImported, imported.length);

    const written = await keys(`reports/${RUN_ID}/`);
    for (const file of ['report.html', 'report.pdf', 'findings.csv', 'requirements.csv']) {
      assert.ok(written.includes(`reports/${RUN_ID}/${at('alpha')}/${file}`), `${file} in ${written.join(', ')}`);
    }
    assert.ok(written.includes(`reports/${RUN_ID}/fleet/fleet.pdf`));
    const pdf = await getBytes(`reports/${RUN_ID}/${at('alpha')}/report.pdf`);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.match(await getText(`reports/${RUN_ID}/${at('alpha')}/report.html`), /<html/i);
    assert.match(await getText(`reports/${RUN_ID}/${at('alpha')}/findings.csv`), /alpha|check/i);
    assert.deepEqual(await keys(`history/${at('alpha')}/`), [`history/${at('alpha')}/${results.generatedAt}.json`]);
    assert.deepEqual(await keys(`history/${REGION}/`), [], 'nothing under the old, account-less layout');

    const emails = await ses.sent();
    assert.equal(emails.length, 1);
    const [email] = emails;
    assert.deepEqual(email.destination.to, ['security@example.com']);
    assert.equal(email.attachments?.length, 1);
    assert.equal(email.attachments?.[0].contentType, 'application/pdf');
    assert.match(email.attachments?.[0].filename ?? '', /\.pdf$/);
    assert.match(email.body.text ?? '', /beta/);
    assert.match(email.body.html ?? '', /beta/);

    // The presigned report link in the email opens the report.
    const link = /https?:\/\/127\.0\.0\.1:\d+\/reports\/reports\/[^"\s<>]+report\.html[^"\s<>]*/.exec(
      decodeEntities(email.body.html ?? ''),
    )?.[0];
    assert.ok(link, 'a presigned link to report.html');
    const opened = await fetch(link);
    assert.equal(opened.status, 200);
    assert.match(await opened.text(), /<html/i);

    // The email states the credentials' expiry (to the minute shown), and the URL ends exactly then.
    const stated = floorToMinute(credentialsExpire);
    assert.ok(
      (email.body.text ?? '').includes(
        `The report links are presigned and stop working on ${shownTime(stated)}, when the credentials that ` +
          `signed them expire. The reports stay in s3://${BUCKET}/reports/${RUN_ID}/ until the bucket's retention ends.`,
      ),
      email.body.text,
    );
    assert.equal(presignedEnd(link), stated.getTime());

    // Metrics: one EMF line per invocation, in the stack's namespace with the one `service` dimension the alarms use.
    const discoverEmf = metricsOf('discover');
    assert.equal(discoverEmf.length, 1);
    assert.equal(discoverEmf[0].namespace, 'EksComplianceReporter');
    assert.deepEqual(discoverEmf[0].dimensions, [['service']]);
    assert.equal(discoverEmf[0].raw.service, 'eks-compliance-reporter');
    assert.deepEqual(discoverEmf[0].metrics, { ClustersDiscovered: 3 });
    const ofCluster = (name: string) => (e: unknown) => (e as { cluster: { name: string } }).cluster.name === name;
    assert.deepEqual(
      metricsOf('scan', ofCluster('beta')).map((l) => l.metrics),
      [{ ClustersScanned: 0, ClusterScansFailed: 1 }],
      'the unreachable cluster returns normally and is counted as a failed scan',
    );
    assert.deepEqual(
      metricsOf('scan', ofCluster('alpha')).map((l) => l.metrics),
      [{ ClustersScanned: 1, ClusterScansFailed: 0 }],
    );
    assert.deepEqual(
      metricsOf('render', ofCluster('alpha')).map((l) => l.metrics),
      [{ ClusterReportsNotRendered: 0 }],
    );
    assert.deepEqual(
      metricsOf('report').map((l) => l.metrics),
      [{ ReportsDelivered: 2, EmailsSent: 1 }],
    );

    // A retried Map item renders its own cluster again: the same findings updated in Security Hub, none added, and
    // no other cluster's objects touched.
    const deltaPdf = await getBytes(`reports/${RUN_ID}/${at('delta')}/report.pdf`);
    const retried = (await invoke('render', { cluster: clusters[0], runId: RUN_ID })) as { status: string };
    assert.equal(retried.status, 'rendered');
    assert.equal(hub.findings.size, imported.length, 'a retried render updates the same findings, adds none');
    assert.deepEqual(await getBytes(`reports/${RUN_ID}/${at('delta')}/report.pdf`), deltaPdf);
    assert.deepEqual(await keys(`history/${at('alpha')}/`), [`history/${at('alpha')}/${results.generatedAt}.json`]);

    const claim = JSON.parse(await getText(`runs/${RUN_ID}/email-sent.json`));
    assert.equal(claim.state, 'sent');

    const again = (await invoke('report', { runId: RUN_ID })) as { email: string; events: string };
    assert.deepEqual([again.email, again.events], ['already-sent', 'already-sent']);
    assert.equal(hub.findings.size, imported.length);
    assert.equal((await ses.sent()).length, 1, 'a retried report sends no second email');
    assert.equal(bus.events.length, 2, 'a retried report puts no event again');
    assert.deepEqual(
      emfLines(outputs[outputs.length - 1].output).map((l) => l.metrics),
      [{ ReportsDelivered: 2, EmailsSent: 0 }],
      'the retry counts no email',
    );

    // STS is asked only who the scan is (once per cluster scanned; the token is presigned locally), and the token
    // never reaches a log line.
    const stsActions = aws.requests.filter((r) => r.service === 'sts').map((r) => r.action);
    assert.ok(stsActions.length > 0, 'the scan records its AWS identity');
    assert.deepEqual(new Set(stsActions), new Set(['GetCallerIdentity']));
    assert.ok(aws.requests.some((r) => r.service === 'eks' && r.path === '/clusters'));
    assert.ok(kube.requests.length > 0 && kube.requests.every((r) => r.method === 'GET'));
    const allLogs = logs.join('\n');
    assert.doesNotMatch(allLogs, /k8s-aws-v1\.[A-Za-z0-9_-]{20}/);
    assert.match(allLogs, /"service":"eks-compliance-reporter"/);
    for (const line of timings) t.diagnostic(line);
  });

  test('each cluster’s reports are signed with the KMS key: verify s3://… --kms-key-id holds and re-performs', async () => {
    const prefix = `reports/${RUN_ID}/${at('alpha')}/`;
    const evidence = ['manifest.json', 'manifest.sig', 'public-key.pem', 'results.json', 'snapshot.json.gz'];
    assert.deepEqual(
      await keys(prefix),
      [...Object.values(REPORT_FILES), ...evidence].map((f) => `${prefix}${f}`).sort(),
    );
    // The run's own results.json and snapshot, copied beside the reports.
    assert.equal(
      await getText(`${prefix}results.json`),
      await getText(`runs/${RUN_ID}/clusters/${at('alpha')}/results.json`),
    );
    assert.deepEqual(
      await getBytes(`${prefix}snapshot.json.gz`),
      await getBytes(`runs/${RUN_ID}/clusters/${at('alpha')}/snapshot.json.gz`),
    );
    const manifest = JSON.parse(await getText(`${prefix}manifest.json`));
    assert.equal(manifest.signature.kmsKeyArn, signingKey);
    assert.equal(manifest.runId, RUN_ID);
    assert.ok(
      kms.calls.some((c) => c.operation === 'Sign' && c.keyId === signingKey && c.signedFor === 'kms'),
      'the Render function signed with the stack key',
    );

    // openssl alone, with the public key published beside the reports.
    const dir = join(work, 'openssl');
    await mkdir(dir, { recursive: true });
    for (const f of ['manifest.json', 'manifest.sig', 'public-key.pem'])
      await writeFile(join(dir, f), await getBytes(`${prefix}${f}`));
    const checked = execFileSync('openssl', [
      'dgst',
      '-sha256',
      '-verify',
      join(dir, 'public-key.pem'),
      '-signature',
      join(dir, 'manifest.sig'),
      join(dir, 'manifest.json'),
    ]);
    assert.match(checked.toString(), /Verified OK/);

    // The CLI, read-only from S3, with the public key from KMS (GetPublicKey), re-evaluating the signed snapshot.
    const calls = kms.calls.length;
    const verify = await cliWithEnv(['verify', `s3://${BUCKET}/${prefix}`, '--kms-key-id', signingKey, '--reproduce']);
    assert.equal(verify.code, 0, verify.out + verify.err);
    assert.match(
      verify.out,
      new RegExp(`^ok\\s+manifest\\.json\\s+signature valid: .*\\(KMS key ${signingKey}\\)$`, 'm'),
    );
    assert.match(verify.out, /^ok\s+report\.pdf\s+attached evidence-manifest\.json is signed by the same key/m);
    assert.match(verify.out, /^reproduced: (\d+) of \1 checks and (\d+) of \2 requirements the same/m);
    assert.deepEqual(
      kms.calls.slice(calls).map((c) => c.operation),
      ['GetPublicKey'],
      'verifying only reads the public key',
    );

    // One byte of the PDF in the bucket changed: verify names it.
    const pdf = await getBytes(`${prefix}report.pdf`);
    pdf[pdf.indexOf('EKS compliance report')] = 'X'.charCodeAt(0);
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${prefix}report.pdf`, Body: pdf }));
    const tampered = await cliWithEnv(['verify', `s3://${BUCKET}/${prefix}`, '--kms-key-id', signingKey]);
    assert.equal(tampered.code, 1);
    assert.match(tampered.err, /verify failed: report\.pdf: changed/);
  });

  test('Lambda-like session credentials without an expiration: the email states an upper bound only', async () => {
    // A second run from the first one's scan results, reported with a session token and no expiration.
    const runId = `${RUN_ID}-b`;
    await copyScanResults(runId);
    await renderAlpha(runId);
    const before = (await ses.sent()).length;
    const report = (await invoke('report', { runId }, sessionCredentials())) as { email: string };
    assert.equal(report.email, 'sent');
    const emails = await ses.sent();
    assert.equal(emails.length, before + 1);
    const text = emails[emails.length - 1].body.text ?? '';

    const link = /HTML report: (\S+)/.exec(text)?.[1];
    assert.ok(link, text);
    // linkExpiryDays defaults to 7, rounded down to the minute the email shows.
    const stated = floorToMinute(new Date(signedAt(link) + 7 * 86_400_000));
    assert.equal(presignedEnd(link), stated.getTime());
    assert.ok(
      text.includes(
        `The report links are presigned to stop working on ${shownTime(stated)} at the latest. They are signed ` +
          'with temporary credentials and may stop working earlier, when those credentials expire. ' +
          `The reports stay in s3://${BUCKET}/reports/${runId}/ until the bucket's retention ends.`,
      ),
      text,
    );
    assert.ok(text.includes(`(links expire ${shownTime(stated)} at the latest)`));
    const opened = await fetch(link);
    assert.equal(opened.status, 200);
  });

  test('redirect links (report.links: redirect): the email links to the link function, which opens the report', async () => {
    const runId = `${RUN_ID}-c`;
    await copyScanResults(runId);
    await renderAlpha(runId);
    const keyArn = kms.createHmacKey();
    // The function URL the stack passes; the link function itself is invoked below as Lambda would for that URL.
    const linksUrl = 'https://abcdefghij.lambda-url.eu-west-1.on.aws/';
    const before = (await ses.sent()).length;
    const sentAt = Date.now();
    const report = (await invoke(
      'report',
      { runId },
      { ...sessionCredentials(), REPORT_LINKS_URL: linksUrl, REPORT_LINK_KEY: keyArn },
    )) as { email: string };
    assert.equal(report.email, 'sent');
    const text = (await ses.sent())[before].body.text ?? '';

    const link = /HTML report: (\S+)/.exec(text)?.[1] ?? '';
    assert.ok(link.startsWith(`${linksUrl}?t=`), text);
    assert.doesNotMatch(text, /X-Amz-Signature/, 'no presigned S3 URL in the email');
    // Not bounded by the Report function's session credentials: the full seven days, stated without a caveat.
    const stated = floorToMinute(new Date(sentAt + 7 * 86_400_000));
    const statedLater = floorToMinute(new Date(Date.now() + 7 * 86_400_000));
    const said = [stated, statedLater].map(
      (at) => `The report links stop working on ${shownTime(at)}. The reports stay in s3://${BUCKET}/reports/${runId}/`,
    );
    assert.ok(
      said.some((s) => text.includes(s)),
      text,
    );
    assert.doesNotMatch(text, /at the latest|may stop working earlier/);

    const urlEvent = (t: string) => ({
      version: '2.0',
      rawPath: '/',
      rawQueryString: `t=${t}`,
      queryStringParameters: { t },
      requestContext: { http: { method: 'GET', path: '/' } },
    });
    const token = new URL(link).searchParams.get('t') ?? '';
    const opened = (await invoke('links', urlEvent(token), { REPORT_LINK_KEY: keyArn })) as {
      statusCode: number;
      headers: Record<string, string>;
    };
    assert.equal(opened.statusCode, 302);
    const page = await fetch(opened.headers.location);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<html/i);
    assert.equal(new URL(opened.headers.location).searchParams.get('X-Amz-Expires'), '300');

    const [body] = token.split('.');
    const forged = (await invoke('links', urlEvent(`${body}.${'A'.repeat(43)}`), { REPORT_LINK_KEY: keyArn })) as {
      statusCode: number;
    };
    assert.equal(forged.statusCode, 403);

    // The Report function only signs and the link function only verifies, with the one key. (The manifest signing
    // key's calls, Sign and GetPublicKey, are another key's, checked in their own test.)
    const calls = kms.calls
      .filter((c) => c.keyId !== signingKey)
      .map((c) => `${c.operation} ${c.keyId === keyArn ? 'key' : c.keyId} ${c.signedFor}`);
    const signed = calls.filter((c) => c.startsWith('GenerateMac'));
    assert.ok(signed.length >= 2 && signed.every((c) => c === 'GenerateMac key kms'), calls.join('\n'));
    assert.deepEqual(calls.slice(signed.length), ['VerifyMac key kms', 'VerifyMac key kms']);
    const linkLogs = outputs
      .filter((o) => o.name === 'links')
      .map((o) => o.output)
      .join('\n');
    assert.ok(!linkLogs.includes(token.split('.')[1]), 'the token is never logged');
    assert.match(linkLogs, /link opened/);
  });

  test('the scan, render and report bundles stay within the size budget (issue 7)', async (t) => {
    for (const [name, b] of Object.entries(bundles))
      t.diagnostic(`${name} bundle ${(b.bytes / 1024 / 1024).toFixed(2)} MiB`);
    assert.ok(bundles.scan.bytes <= 3 * 1024 * 1024, `scan bundle ${bundles.scan.bytes} bytes`);
    for (const name of ['render', 'report'] as const) {
      const folder = await folderBytes(bundles[name].dir);
      t.diagnostic(`${name} asset folder ${(folder / 1024 / 1024).toFixed(2)} MiB`);
      assert.ok(folder <= 6 * 1024 * 1024, `${name} asset folder ${folder} bytes, fonts included`);
      assert.ok(folder > bundles[name].bytes + 1024 * 1024, `the fonts are in the ${name} folder`);
    }
    // The report carries its own SES v2 client (attachments in Simple content are newer than some runtime SDKs);
    // the other handlers take every client from the runtime.
    const imports = async (name: HandlerName) =>
      [
        ...(await readFile(join(bundles[name].dir, 'index.mjs'), 'utf8')).matchAll(
          /from\s*"(@aws-sdk\/client-[a-z0-9-]+)"/g,
        ),
      ].map((m) => m[1]);
    const reportImports = await imports('report');
    assert.ok(!reportImports.includes('@aws-sdk/client-sesv2'), reportImports.join(', '));
    assert.ok(reportImports.includes('@aws-sdk/client-s3'), reportImports.join(', '));
    assert.ok((await imports('scan')).includes('@aws-sdk/client-ec2'));
  });
});
