import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { defaultConfig } from '../../functions/config/load.js';
import type { ReporterConfig } from '../../functions/config/types.js';
import { loadDemoSnapshot } from '../../functions/demo/index.js';
import { OUTPUT_FILE_NAMES } from '../../functions/pipeline.js';
import { type PresignValidity, presignedLinks, type SigningCredentials } from '../../functions/publish/presign.js';
import { renderResultsJson } from '../../functions/report/json.js';
import {
  checkedResults,
  deliverReports,
  failureReason,
  HISTORY_RUNS,
  NO_RESULT_REASON,
  REPORT_FILES,
  ReportsIncompleteError,
} from '../../functions/run/deliver-reports.js';
import { evaluate } from '../../functions/scoring/evaluate.js';
import type { ScanResults } from '../../functions/scoring/results.js';
import { memoryBucket } from './support/memory-bucket.js';

const RUN = 'run-9';
const GENERATED = '2026-11-30T06:10:00.000Z';
let demo: ScanResults | undefined;

function results(runId = RUN, generatedAt = GENERATED): ScanResults {
  demo ??= evaluate(loadDemoSnapshot(), { runId: RUN, generatedAt: GENERATED });
  return { ...structuredClone(demo), runId, generatedAt };
}

function config(patch: Partial<ReporterConfig['report']> = {}): ReporterConfig {
  const base = defaultConfig();
  return {
    ...base,
    report: { ...base.report, sender: 'reports@example.com', recipients: ['sec@example.com'], ...patch },
  };
}

/** A run with one scanned cluster, one the state machine recorded as failed, and one that left nothing. */
function seededRun() {
  const mem = memoryBucket();
  mem.putJson(`runs/${RUN}/clusters.json`, [
    { name: 'alpha', region: 'eu-west-1' },
    { name: 'beta', region: 'eu-west-1' },
    { name: 'gamma', region: 'us-east-1' },
  ]);
  mem.objects.set(`runs/${RUN}/clusters/eu-west-1/alpha/results.json`, {
    body: Buffer.from(renderResultsJson(results())),
  });
  mem.putJson(`runs/${RUN}/failures/eu-west-1-beta.json`, {
    cluster: { name: 'beta', region: 'eu-west-1' },
    runId: RUN,
    error: { Error: 'Lambda.Unknown', Cause: JSON.stringify({ errorMessage: 'Task timed out after 600.00 seconds' }) },
  });
  mem.putJson(`runs/${RUN}/discovery.json`, {
    runId: RUN,
    problems: [{ region: 'ap-south-2', reason: 'UnrecognizedClientException' }],
  });
  return mem;
}

function sesMock() {
  const ses = new SESv2Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 's' } });
  const mock = mockClient(ses);
  mock.on(SendEmailCommand).resolves({ MessageId: 'msg-1' });
  return { ses, mock };
}

const presigned: string[] = [];
const presign = async (key: string, validity: Required<PresignValidity>) => {
  presigned.push(key);
  const signed = validity.signingDate.toISOString().replace(/[-:]|\.\d+/g, '');
  return `https://reports.s3.eu-west-1.amazonaws.com/${key}?X-Amz-Date=${signed}&X-Amz-Expires=${validity.expiresInSeconds}`;
};
/** Long-lived credentials: the configured lifetime holds. */
const links = { links: presignedLinks(presign, async (): Promise<SigningCredentials> => ({ temporary: false })) };

describe('deliverReports', () => {
  test('renders every cluster report and the fleet, files history and sends one email naming the failures', async () => {
    const mem = seededRun();
    const { ses, mock } = sesMock();
    const out = await deliverReports({ runId: RUN }, { config: config(), bucket: mem.bucket, ses, ...links });
    assert.deepEqual(out, {
      runId: RUN,
      scanned: 1,
      failed: 3,
      email: 'sent',
      messageId: 'msg-1',
      fleetPdfAttached: true,
    });

    for (const file of ['report.html', 'report.pdf', 'findings.csv', 'requirements.csv']) {
      assert.ok(mem.objects.has(`reports/${RUN}/eu-west-1/alpha/${file}`), file);
    }
    assert.equal(mem.objects.get(`reports/${RUN}/eu-west-1/alpha/report.pdf`)?.contentType, 'application/pdf');
    // The deployed step and the CLI write the same file names.
    for (const [format, name] of Object.entries(REPORT_FILES)) {
      assert.equal(OUTPUT_FILE_NAMES[format as keyof typeof REPORT_FILES], name, format);
    }
    const matrix = mem.objects.get(`reports/${RUN}/eu-west-1/alpha/requirements.csv`);
    assert.equal(matrix?.contentType, 'text/csv; charset=utf-8');
    assert.ok(mem.objects.has(`reports/${RUN}/fleet/fleet.pdf`));
    assert.ok(mem.objects.has(`reports/${RUN}/fleet/fleet.html`));
    assert.equal(mem.json(`history/eu-west-1/alpha/${GENERATED}.json`).runId, RUN);
    assert.equal(mem.json(`runs/${RUN}/email-sent.json`).state, 'sent');

    const calls = mock.commandCalls(SendEmailCommand);
    assert.equal(calls.length, 1);
    const input = calls[0].args[0].input;
    assert.equal(input.FromEmailAddress, 'reports@example.com');
    assert.deepEqual(input.Destination?.ToAddresses, ['sec@example.com']);
    const simple = input.Content?.Simple;
    assert.ok(simple?.Body?.Html?.Data && simple.Body.Text?.Data);
    const text = simple.Body.Text.Data;
    assert.match(text, /beta/);
    assert.match(text, /Task timed out after 600/);
    assert.match(text, /gamma/);
    assert.match(text, /no result was written/);
    assert.match(text, /ap-south-2/);
    const attachment = simple.Attachments?.[0];
    assert.equal(attachment?.ContentType, 'application/pdf');
    assert.equal(
      Buffer.from(attachment?.RawContent ?? [])
        .subarray(0, 5)
        .toString('latin1'),
      '%PDF-',
    );
    assert.ok(presigned.includes(`reports/${RUN}/eu-west-1/alpha/report.html`));
  });

  test('a retried report does not email again, and does not move the results', async () => {
    const mem = seededRun();
    const { ses, mock } = sesMock();
    const deps = { config: config(), bucket: mem.bucket, ses, ...links };
    await deliverReports({ runId: RUN }, deps);
    const again = await deliverReports({ runId: RUN }, deps);
    assert.equal(again.email, 'already-sent');
    assert.equal(mock.commandCalls(SendEmailCommand).length, 1);
    assert.ok(mem.objects.has(`runs/${RUN}/clusters/eu-west-1/alpha/results.json`));
  });

  test('the claim holds on a store that ignores conditional writes (HeadObject first)', async () => {
    const mem = seededRun();
    const { ses, mock } = sesMock();
    const loose = memoryBucket({ ignoreConditions: true });
    for (const [k, v] of mem.objects) loose.objects.set(k, v);
    const deps = { config: config(), bucket: loose.bucket, ses, ...links };
    await deliverReports({ runId: RUN }, deps);
    assert.equal((await deliverReports({ runId: RUN }, deps)).email, 'already-sent');
    assert.equal(mock.commandCalls(SendEmailCommand).length, 1);
  });

  test('when SES refuses, the claim is released and the retry sends', async () => {
    const mem = seededRun();
    const { ses, mock } = sesMock();
    mock
      .on(SendEmailCommand)
      .rejectsOnce(Object.assign(new Error('Throttling'), { name: 'TooManyRequestsException' }))
      .resolves({ MessageId: 'msg-2' });
    const deps = { config: config(), bucket: mem.bucket, ses, ...links };
    await assert.rejects(deliverReports({ runId: RUN }, deps), /Throttling/);
    assert.equal(mem.objects.has(`runs/${RUN}/email-sent.json`), false);
    assert.ok(mem.objects.has(`reports/${RUN}/eu-west-1/alpha/report.pdf`), 'reports stay written');
    const retry = await deliverReports({ runId: RUN }, deps);
    assert.equal(retry.email, 'sent');
    assert.equal(mock.commandCalls(SendEmailCommand).length, 2);
  });

  test('without recipients no email is sent and the reports are still written', async () => {
    const mem = seededRun();
    const { ses, mock } = sesMock();
    const out = await deliverReports(
      { runId: RUN },
      { config: config({ recipients: [] }), bucket: mem.bucket, ses, ...links },
    );
    assert.equal(out.email, 'no-recipients');
    assert.equal(mock.commandCalls(SendEmailCommand).length, 0);
    assert.ok(mem.objects.has(`reports/${RUN}/eu-west-1/alpha/report.html`));
    assert.equal(mem.objects.has(`runs/${RUN}/email-sent.json`), false);
  });

  test('a fleet PDF over the size limit is linked instead of attached', async () => {
    const mem = seededRun();
    const { ses, mock } = sesMock();
    presigned.length = 0;
    const out = await deliverReports(
      { runId: RUN },
      {
        config: config({ attachPdfMaxMb: 0.001, linkExpiryDays: 3 }),
        bucket: mem.bucket,
        ses,
        ...links,
        now: () => new Date(GENERATED),
      },
    );
    assert.equal(out.fleetPdfAttached, false);
    const simple = mock.commandCalls(SendEmailCommand)[0].args[0].input.Content?.Simple;
    assert.equal(simple?.Attachments, undefined);
    assert.ok(presigned.includes(`reports/${RUN}/fleet/fleet.pdf`));
    assert.match(simple?.Body?.Html?.Data ?? '', /X-Amz-Expires(=|&#x3D;)259200/);
    assert.match(
      simple?.Body?.Text?.Data ?? '',
      /download it from the link below \(the link expires 2026-12-03 06:10 UTC\)/,
    );
  });

  test('links end when the signing credentials expire, and the email says so', async () => {
    const mem = seededRun();
    const { ses, mock } = sesMock();
    // Session credentials that end 5 h 30 min 45 s after the run: earlier than the 7 days configured.
    const expiration = new Date(Date.parse(GENERATED) + (5.5 * 3600 + 45) * 1000);
    await deliverReports(
      { runId: RUN },
      {
        config: config({ linkExpiryDays: 7 }),
        bucket: mem.bucket,
        ses,
        links: presignedLinks(presign, async () => ({ temporary: true, expiration })),
        now: () => new Date(GENERATED),
      },
    );
    const text = mock.commandCalls(SendEmailCommand)[0].args[0].input.Content?.Simple?.Body?.Text?.Data ?? '';
    assert.ok(
      text.includes(
        'The report links are presigned and stop working on 2026-11-30 11:40 UTC, when the credentials that signed ' +
          `them expire. The reports stay in s3://reports/reports/${RUN}/ until the bucket's retention ends.`,
      ),
      text,
    );
    assert.ok(text.includes('(links expire 2026-11-30 11:40 UTC)'));
    const url = new URL(/HTML report: (\S+)/.exec(text)?.[1] ?? '');
    assert.equal(url.searchParams.get('X-Amz-Date'), '20261130T061000Z');
    assert.equal(url.searchParams.get('X-Amz-Expires'), String(5.5 * 3600));
  });

  test('a results file the schema refuses is neither rendered nor filed into history; the cluster is reported failed', async () => {
    const mem = seededRun();
    const { ses, mock } = sesMock();
    // A file a compromised or buggy scan could leave: valid JSON, wrong shape (a score the schema caps at 100).
    const tampered = results();
    (tampered.summary as { score: unknown }).score = 1000;
    mem.objects.set(`runs/${RUN}/clusters/eu-west-1/alpha/results.json`, {
      body: Buffer.from(JSON.stringify(tampered)),
    });
    // An earlier history entry of the wrong shape is skipped, not read into the trend.
    const earlier = new Date(Date.parse(GENERATED) - 7 * 86_400_000).toISOString();
    mem.putJson(`history/eu-west-1/alpha/${earlier}.json`, { schemaVersion: 1, runId: 'old' });
    const out = await deliverReports({ runId: RUN }, { config: config(), bucket: mem.bucket, ses, ...links });
    assert.equal(out.scanned, 0);
    assert.equal(out.failed, 4);
    assert.ok(![...mem.objects.keys()].some((k) => k.startsWith('history/') && k.includes(GENERATED)));
    assert.ok(!mem.objects.has(`reports/${RUN}/eu-west-1/alpha/report.html`));
    const text = mock.commandCalls(SendEmailCommand)[0].args[0].input.Content?.Simple?.Body?.Text?.Data ?? '';
    assert.match(text, /alpha[\s\S]*does not match the results schema: summary\/score: must be <= 100/);
    assert.deepEqual(checkedResults('{"schemaVersion": 1'), { problem: 'its results.json is not valid JSON' });
    assert.ok('results' in checkedResults(renderResultsJson(results())));
  });

  test(`reads at most ${HISTORY_RUNS} earlier runs of a cluster, newest first`, async () => {
    const mem = seededRun();
    const { ses } = sesMock();
    for (let week = 1; week <= HISTORY_RUNS + 3; week++) {
      const at = new Date(Date.parse(GENERATED) - week * 7 * 86_400_000).toISOString();
      mem.objects.set(`history/eu-west-1/alpha/${at}.json`, {
        body: Buffer.from(renderResultsJson(results(`old-${week}`, at))),
      });
    }
    await deliverReports({ runId: RUN }, { config: config(), bucket: mem.bucket, ses, ...links });
    const historyReads = mem.mock
      .commandCalls(GetObjectCommand)
      .map((c) => c.args[0].input.Key ?? '')
      .filter((k) => k.startsWith('history/'));
    assert.equal(historyReads.length, HISTORY_RUNS);
    const oldest = new Date(Date.parse(GENERATED) - HISTORY_RUNS * 7 * 86_400_000).toISOString();
    assert.ok(historyReads.includes(`history/eu-west-1/alpha/${oldest}.json`));
  });

  test('a fleet is read and reduced cluster by cluster: never more than two results in hand at once', async () => {
    const mem = memoryBucket();
    const { ses, mock } = sesMock();
    const names = Array.from({ length: 6 }, (_, i) => `c${i}`);
    mem.putJson(
      `runs/${RUN}/clusters.json`,
      names.map((name) => ({ name, region: 'eu-west-1' })),
    );
    for (const name of names) {
      const own = results();
      own.cluster = { ...own.cluster, name };
      mem.objects.set(`runs/${RUN}/clusters/eu-west-1/${name}/results.json`, {
        body: Buffer.from(renderResultsJson(own)),
      });
      const lastWeek = new Date(Date.parse(GENERATED) - 7 * 86_400_000).toISOString();
      const earlier = { ...results('last-week', lastWeek), cluster: own.cluster };
      mem.objects.set(`history/eu-west-1/${name}/${lastWeek}.json`, { body: Buffer.from(renderResultsJson(earlier)) });
    }
    await deliverReports({ runId: RUN }, { config: config(), bucket: mem.bucket, ses, ...links });
    // A results.json read opens a cluster; its history entry written after its reports closes it.
    let open = 0;
    let most = 0;
    for (const call of mem.mock.calls()) {
      const input = call.args[0].input as { Key?: string };
      const key = input.Key ?? '';
      if (call.args[0] instanceof GetObjectCommand && key.endsWith('/results.json')) open++;
      if (call.args[0] instanceof PutObjectCommand && key.startsWith('history/') && !key.includes('last-week')) open--;
      most = Math.max(most, open);
    }
    assert.equal(open, 0, 'every cluster read was rendered and filed');
    assert.ok(most <= 2, `${most} clusters' results were held at once`);
    // The email still knows each cluster's previous run: no cluster reads as a first run.
    const text = mock.commandCalls(SendEmailCommand)[0].args[0].input.Content?.Simple?.Body?.Text?.Data ?? '';
    assert.doesNotMatch(text, /first run/, text);
  });

  test('a cluster whose reports cannot be written: the rest is delivered, then one ReportsIncomplete error', async () => {
    const mem = seededRun();
    const { ses, mock } = sesMock();
    mem.mock
      .on(PutObjectCommand, { Key: `reports/${RUN}/eu-west-1/alpha/report.pdf` })
      .rejects(new Error('SlowDown: please reduce your request rate'));
    await assert.rejects(
      deliverReports({ runId: RUN }, { config: config(), bucket: mem.bucket, ses, ...links }),
      (err) => {
        assert.ok(err instanceof ReportsIncompleteError);
        assert.equal(err.name, 'ReportsIncomplete');
        assert.deepEqual(err.problems, ['eu-west-1/alpha: SlowDown: please reduce your request rate']);
        return true;
      },
    );
    assert.equal(mock.commandCalls(SendEmailCommand).length, 1, 'the email went out first');
    assert.ok(mem.text(`reports/${RUN}/fleet/fleet.pdf`), 'the fleet report was written');
  });

  test('a missing clusters list is an error of the run', async () => {
    const mem = memoryBucket();
    const { ses } = sesMock();
    await assert.rejects(
      deliverReports({ runId: RUN }, { config: config(), bucket: mem.bucket, ses, ...links }),
      /clusters\.json is missing/,
    );
  });
});

describe('failureReason', () => {
  test('reads the scan function record, the state machine catch record and plain causes', () => {
    assert.equal(failureReason(JSON.stringify({ reason: 'connect ECONNREFUSED' })), 'connect ECONNREFUSED');
    assert.equal(
      failureReason(JSON.stringify({ error: { Error: 'States.Timeout', Cause: 'The task timed out' } })),
      'States.Timeout: The task timed out',
    );
    assert.equal(
      failureReason(
        JSON.stringify({ error: { Error: 'Error', Cause: '{"errorMessage":"boom","errorType":"Error"}' } }),
      ),
      'Error: boom',
    );
    assert.equal(failureReason('not json'), 'the failure record is unreadable');
    assert.equal(failureReason('{}'), 'the scan failed without a reason');
    assert.match(NO_RESULT_REASON, /^no result was written/);
  });
});
