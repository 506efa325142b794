/**
 * The handlers' telemetry: which metrics each step counts, that instrumentHandler flushes them as one EMF line
 * (also on the real stdout, in a child process), and that tracing switched on inside "Lambda" neither breaks the
 * handler nor needs a daemon: the subsegment goes as UDP to the address the test listens on.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { instrumentHandler } from '../../functions/handlers/instrument.js';
import { METRIC_DIMENSIONS, METRICS_NAMESPACE, SERVICE_NAME } from '../../functions/handlers/metric-names.js';
import { deliverMetrics, discoverMetrics, scanMetrics } from '../../functions/handlers/run-metrics.js';
import { emfLines } from './support/emf.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** A Metrics whose flushes are kept instead of printed. */
class CapturedMetrics extends Metrics {
  readonly flushed: Array<Record<string, unknown>> = [];
  override publishStoredMetrics(): this {
    if (this.hasStoredMetrics()) this.flushed.push(JSON.parse(JSON.stringify(this.serializeMetrics())));
    this.clearMetrics();
    return this;
  }
}

function telemetry() {
  return {
    metrics: new CapturedMetrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME }),
    tracer: new Tracer({ serviceName: SERVICE_NAME, enabled: false }),
  };
}

describe('run metrics', () => {
  test('a failed scan counts as ClusterScansFailed 1, a scanned one as ClustersScanned 1', () => {
    const failed = scanMetrics({
      status: 'failed',
      runId: 'r',
      cluster: 'eu-west-1/beta',
      stage: 'collect',
      reason: 'ECONNREFUSED',
      failureKey: 'k',
    });
    assert.deepEqual(failed, [
      { name: 'ClustersScanned', value: 0 },
      { name: 'ClusterScansFailed', value: 1 },
    ]);
    const scanned = scanMetrics({ status: 'scanned', runId: 'r', cluster: 'eu-west-1/a', score: 90, resultsKey: 'k' });
    assert.deepEqual(
      scanned.map((p) => p.value),
      [1, 0],
    );
  });

  test('discover counts clusters; report counts cluster reports and sent emails only', () => {
    assert.deepEqual(discoverMetrics({ runId: 'r', clustersKey: 'k', count: 7 }), [
      { name: 'ClustersDiscovered', value: 7 },
    ]);
    assert.deepEqual(deliverMetrics({ runId: 'r', scanned: 3, failed: 1, email: 'sent' }), [
      { name: 'ReportsDelivered', value: 3 },
      { name: 'EmailsSent', value: 1 },
    ]);
    assert.equal(deliverMetrics({ runId: 'r', scanned: 3, failed: 1, email: 'already-sent' })[1].value, 0);
  });
});

describe('instrumentHandler', () => {
  test('returns the work result and flushes its metrics once, under the namespace and dimension alarms use', async () => {
    const t = telemetry();
    const handler = instrumentHandler(
      async (event) => ({ echoed: event }),
      () => [
        { name: 'ClustersScanned', value: 0 },
        { name: 'ClusterScansFailed', value: 1 },
      ],
      t,
    );
    assert.deepEqual(await handler({ a: 1 }, { awsRequestId: 'req-1', functionName: 'f' }), { echoed: { a: 1 } });
    assert.equal(t.metrics.flushed.length, 1);
    const [emf] = t.metrics.flushed;
    const directive = (emf._aws as { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][] }> })
      .CloudWatchMetrics[0];
    assert.equal(directive.Namespace, 'EksComplianceReporter');
    assert.deepEqual(directive.Dimensions, [Object.keys(METRIC_DIMENSIONS)]);
    assert.equal(emf.service, 'eks-compliance-reporter');
    assert.equal(emf.ClusterScansFailed, 1);
    assert.equal(emf.ClustersScanned, 0);
  });

  test('the work gets the invocation context too (Discover reads its account from the function ARN)', async () => {
    const context = {
      awsRequestId: 'req-2',
      functionName: 'discover',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111122223333:function:discover',
    };
    const handler = instrumentHandler(
      async (event, ctx) => ({ event, ctx }),
      () => [],
      telemetry(),
    );
    assert.deepEqual(await handler({ runId: 'r' }, context), { event: { runId: 'r' }, ctx: context });
    assert.deepEqual(await handler({ runId: 'r' }), { event: { runId: 'r' }, ctx: undefined });
  });

  test('work that throws rethrows and flushes nothing (the crash is the Errors metric)', async () => {
    const t = telemetry();
    const handler = instrumentHandler(
      async () => {
        throw new Error('bucket unwritable');
      },
      () => [{ name: 'ClustersScanned', value: 1 }],
      t,
    );
    await assert.rejects(handler({}), /bucket unwritable/);
    assert.equal(t.metrics.flushed.length, 0);
  });
});

/** Runs a script with tsx in a child, with only the given environment; returns stdout and stderr. */
function runChild(script: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      stdio: 'pipe',
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

const CHILD = `
import { instrumentHandler } from './functions/handlers/instrument.ts';
const handler = instrumentHandler(async () => ({ status: 'failed' }), () => [{ name: 'ClusterScansFailed', value: 1 }]);
const result = await handler({}, { awsRequestId: 'req-1', functionName: 'scan' });
console.log('RESULT ' + JSON.stringify(result));
`;

describe('in a child process', () => {
  test('the shared Metrics writes exactly one EMF line to stdout', async () => {
    const { code, out } = await runChild(CHILD, { POWERTOOLS_DEV: 'false' });
    assert.equal(code, 0, out);
    assert.match(out, /RESULT \{"status":"failed"\}/);
    const lines = emfLines(out);
    assert.equal(lines.length, 1, out);
    assert.equal(lines[0].namespace, 'EksComplianceReporter');
    assert.deepEqual(lines[0].metrics, { ClusterScansFailed: 1 });
  });

  test('POWERTOOLS_METRICS_DISABLED=true prints no EMF line', async () => {
    const { code, out } = await runChild(CHILD, { POWERTOOLS_METRICS_DISABLED: 'true' });
    assert.equal(code, 0, out);
    assert.equal(emfLines(out).length, 0);
  });

  test('with tracing on as in Lambda, the handler works and its subsegment goes to the X-Ray daemon address', async () => {
    const daemon = createSocket('udp4');
    const received: string[] = [];
    daemon.on('message', (m) => received.push(m.toString('utf8')));
    await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
    try {
      const { port } = daemon.address();
      const { code, out } = await runChild(CHILD, {
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
        AWS_LAMBDA_FUNCTION_NAME: 'scan',
        // How the X-Ray SDK knows it runs in Lambda: it then reads the facade segment from _X_AMZN_TRACE_ID.
        LAMBDA_TASK_ROOT: repoRoot,
        _HANDLER: 'index.handler',
        _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
        AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${port}`,
        AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
        POWERTOOLS_DEV: 'false',
      });
      assert.equal(code, 0, out);
      assert.match(out, /RESULT \{"status":"failed"\}/);
      // UDP from the child may land just after it exits.
      for (let i = 0; i < 20 && !received.some((m) => m.includes('## index.handler')); i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const segment = received.find((m) => m.includes('## index.handler'));
      assert.ok(segment, `a subsegment named after the handler, got: ${received.join('\n')}`);
      assert.match(segment, /ColdStart/);
    } finally {
      daemon.close();
    }
  });
});
