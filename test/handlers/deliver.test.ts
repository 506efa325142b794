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
import { compareRuns, trend } from '../../functions/report/history.js';
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
import type { ClusterItem } from '../../functions/run/layout.js';
import { renderCluster, statusesOf } from '../../functions/run/render-cluster.js';
import { evaluate } from '../../functions/scoring/evaluate.js';
import type { ScanResults } from '../../functions/scoring/results.js';
import { eventBridgeClient, eventBridgeForSuite, UNREACHABLE } from '../support/eventbridge-emulator.js';
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

/** What the Map items do before the Report step: render each cluster the scan left results for. */
async function renderAll(mem: ReturnType<typeof memoryBucket>, cfg = config()) {
  const clusters = mem.json(`runs/${RUN}/clusters.json`) as ClusterItem[];
  const outcomes = [];
  for (const cluster of clusters)
    outcomes.push(await renderCluster({ runId: RUN, cluster }, { config: cfg, bucket: mem.bucket }));
  return outcomes;
}

/** Every key a step read (GetObject) or wrote (PutObject) from the moment `since` calls had been made. */
function touched(mem: ReturnType<typeof memoryBucket>, since = 0) {
  const calls = mem.mock.calls().slice(since);
  const keys = (type: typeof GetObjectCommand | typeof PutObjectCommand) =>
    calls.filter((c) => c.args[0] instanceof type).map((c) => (c.args[0].input as { Key?: string }).Key ?? '');
  return { read: keys(GetObjectCommand), written: keys(PutObjectCommand) };
}

describe('renderCluster (the Map item)', () => {
  test("renders the cluster's reports, files its history and leaves its summary; a cluster without results is skipped", async () => {
    const mem = seededRun();
    const outcomes = await renderAll(mem);
    assert.deepEqual(
      outcomes.map((o) => [o.cluster, o.status]),
      [
        ['eu-west-1/alpha', 'rendered'],
        ['eu-west-1/beta', 'skipped'],
        ['us-east-1/gamma', 'skipped'],
      ],
    );
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
    assert.equal(mem.json(`history/eu-west-1/alpha/${GENERATED}.json`).runId, RUN);
    const summary = mem.json(`runs/${RUN}/summaries/eu-west-1/alpha.json`);
    assert.equal(summary.score, results().summary.score);
    assert.deepEqual(summary.reports, {
      html: `reports/${RUN}/eu-west-1/alpha/report.html`,
      pdf: `reports/${RUN}/eu-west-1/alpha/report.pdf`,
      csv: `reports/${RUN}/eu-west-1/alpha/findings.csv`,
      requirements: `reports/${RUN}/eu-west-1/alpha/requirements.csv`,
    });
    // Small whatever the cluster: the demo's results.json is many times its size.
    const size = mem.objects.get(`runs/${RUN}/summaries/eu-west-1/alpha.json`)?.body.length ?? 0;
    assert.ok(size < 24 * 1024, `${size} bytes`);
    assert.ok(size * 10 < renderResultsJson(results()).length);
  });

  test('a retried item renders its own cluster again and reads or writes nothing of another', async () => {
    const mem = seededRun();
    await renderAll(mem);
    const before = mem.mock.calls().length;
    const html = mem.objects.get(`reports/${RUN}/eu-west-1/alpha/report.html`)?.body;
    const again = await renderCluster(
      { runId: RUN, cluster: { name: 'alpha', region: 'eu-west-1' } },
      { config: config(), bucket: mem.bucket },
    );
    assert.equal(again.status, 'rendered');
    const { read, written } = touched(mem, before);
    const own = [
      `runs/${RUN}/clusters/eu-west-1/alpha/`,
      'history/eu-west-1/alpha/',
      `reports/${RUN}/eu-west-1/alpha/`,
    ];
    const ownSummary = `runs/${RUN}/summaries/eu-west-1/alpha.json`;
    for (const key of [...read, ...written]) {
      assert.ok(key === ownSummary || own.some((p) => key.startsWith(p)), key);
    }
    assert.ok(written.includes(ownSummary));
    assert.deepEqual(mem.objects.get(`reports/${RUN}/eu-west-1/alpha/report.html`)?.body, html, 'the same report');
  });

  test('a results file the schema refuses is neither rendered nor filed into history; the Report step lists it', async () => {
    const mem = seededRun();
    const { ses, mock } = sesMock();
    // A file a compromised or buggy scan could leave: valid JSON, wrong shape (a score the schema caps at 100).
    const tampered = results();
    (tampered.summary as { score: unknown }).score = 1000;
    mem.objects.set(`runs/${RUN}/clusters/eu-west-1/alpha/results.json`, {
      body: Buffer.from(JSON.stringify(tampered)),
    });
    const [alpha] = await renderAll(mem);
    assert.equal(alpha.status, 'failed');
    assert.ok(![...mem.objects.keys()].some((k) => k.startsWith('history/') && k.includes(GENERATED)));
    assert.ok(!mem.objects.has(`reports/${RUN}/eu-west-1/alpha/report.html`));
    assert.ok(!mem.objects.has(`runs/${RUN}/summaries/eu-west-1/alpha.json`));
    assert.match(
      mem.json(`runs/${RUN}/render-failures/eu-west-1-alpha.json`).reason,
      /does not match the results schema/,
    );

    await assert.rejects(
      deliverReports({ runId: RUN }, { config: config(), bucket: mem.bucket, ses, ...links }),
      (err) =>
        err instanceof ReportsIncompleteError &&
        /eu-west-1\/alpha: scanned, but its reports were not rendered/.test(err.message),
    );
    const text = mock.commandCalls(SendEmailCommand)[0].args[0].input.Content?.Simple?.Body?.Text?.Data ?? '';
    assert.match(text, /alpha[\s\S]*does not match the results schema: summary\/score: must be <= 100/);
    assert.deepEqual(checkedResults('{"schemaVersion": 1'), { problem: 'its results.json is not valid JSON' });
    assert.ok('results' in checkedResults(renderResultsJson(results())));
  });

  test(`reads at most ${HISTORY_RUNS} earlier runs of a cluster, newest first, and skips a damaged one`, async () => {
    const mem = seededRun();
    for (let week = 1; week <= HISTORY_RUNS + 3; week++) {
      const at = new Date(Date.parse(GENERATED) - week * 7 * 86_400_000).toISOString();
      mem.objects.set(`history/eu-west-1/alpha/${at}.json`, {
        body: Buffer.from(renderResultsJson(results(`old-${week}`, at))),
      });
    }
    // The latest earlier entry is of the wrong shape: skipped, not read into the trend.
    const lastWeek = new Date(Date.parse(GENERATED) - 7 * 86_400_000).toISOString();
    mem.putJson(`history/eu-west-1/alpha/${lastWeek}.json`, { schemaVersion: 1, runId: 'old' });
    await renderAll(mem);
    const historyReads = touched(mem).read.filter((k) => k.startsWith('history/'));
    assert.equal(historyReads.length, HISTORY_RUNS);
    const oldest = new Date(Date.parse(GENERATED) - HISTORY_RUNS * 7 * 86_400_000).toISOString();
    assert.ok(historyReads.includes(`history/eu-west-1/alpha/${oldest}.json`));
    // Compared with the latest readable run, two weeks earlier.
    assert.equal(mem.json(`runs/${RUN}/summaries/eu-west-1/alpha.json`).changes.previous.runId, 'old-2');
  });

  test('older history entries reduced to statuses compare and trend exactly as whole ones', () => {
    // Three weeks of a cluster whose checks fail, pass and fail again, so "failing since" needs the older runs.
    const week = (n: number) => new Date(Date.parse(GENERATED) - n * 7 * 86_400_000).toISOString();
    const whole = [3, 2, 1].map((n) => {
      const run = results(`week-${n}`, week(n));
      if (n === 2)
        run.checks = run.checks.map((c) => (c.id === run.checks[0].id ? { ...c, status: 'pass', failing: [] } : c));
      run.summary = { ...run.summary, score: 50 + n };
      return run;
    });
    const current = results();
    const reduced = [...whole.slice(0, -1).map(statusesOf), whole[whole.length - 1]];
    assert.deepEqual(compareRuns(current, reduced), compareRuns(current, whole));
    assert.deepEqual(trend([...reduced, current]), trend([...whole, current]));
    assert.ok(JSON.stringify(reduced[0]).length < JSON.stringify(whole[0]).length / 2, 'an older entry is small');
  });

  test('reports that cannot be written: a render failure record, and one ReportsIncomplete after the email', async () => {
    const mem = seededRun();
    const { ses, mock } = sesMock();
    mem.mock
      .on(PutObjectCommand, { Key: `reports/${RUN}/eu-west-1/alpha/report.pdf` })
      .rejects(new Error('SlowDown: please reduce your request rate'));
    const [alpha] = await renderAll(mem);
    assert.deepEqual(
      [alpha.status, 'reason' in alpha && alpha.reason],
      ['failed', 'SlowDown: please reduce your request rate'],
    );
    await assert.rejects(
      deliverReports({ runId: RUN }, { config: config(), bucket: mem.bucket, ses, ...links }),
      (err) => {
        assert.ok(err instanceof ReportsIncompleteError);
        assert.equal(err.name, 'ReportsIncomplete');
        assert.deepEqual(err.problems, [
          'eu-west-1/alpha: scanned, but its reports were not rendered: SlowDown: please reduce your request rate',
        ]);
        return true;
      },
    );
    assert.equal(mock.commandCalls(SendEmailCommand).length, 1, 'the email went out first');
    assert.ok(mem.text(`reports/${RUN}/fleet/fleet.pdf`), 'the fleet report was written');
  });
});

describe('deliverReports (the Report step)', () => {
  test('reads only the summaries and failure records, writes the fleet report and sends one email naming the failures', async () => {
    const mem = seededRun();
    await renderAll(mem);
    const { ses, mock } = sesMock();
    const before = mem.mock.calls().length;
    const out = await deliverReports({ runId: RUN }, { config: config(), bucket: mem.bucket, ses, ...links });
    assert.deepEqual(out, {
      runId: RUN,
      scanned: 1,
      failed: 3,
      email: 'sent',
      messageId: 'msg-1',
      fleetPdfAttached: true,
    });
    const { read, written } = touched(mem, before);
    // Never a results.json, a history entry or a cluster's report: the step's memory does not depend on them.
    for (const key of read) assert.doesNotMatch(key, /results\.json$|^history\/|^reports\//, key);
    assert.ok(read.includes(`runs/${RUN}/summaries/eu-west-1/alpha.json`));
    assert.deepEqual(written.sort(), [
      `reports/${RUN}/fleet/fleet.html`,
      `reports/${RUN}/fleet/fleet.pdf`,
      `runs/${RUN}/email-sent.json`,
      `runs/${RUN}/email-sent.json`,
    ]);
    assert.equal(mem.json(`runs/${RUN}/email-sent.json`).state, 'sent');
    // The fleet report lists what was not scanned too, with each reason: an auditor reading only it sees the gaps.
    const fleetHtml = mem.objects.get(`reports/${RUN}/fleet/fleet.html`)?.body.toString('utf8') ?? '';
    assert.match(fleetHtml, /1 cluster scanned · 2 not scanned · 1 discovery problem/);
    for (const seen of ['beta', 'Task timed out after 600', 'gamma', 'ap-south-2', 'UnrecognizedClientException']) {
      assert.ok(fleetHtml.includes(seen), `fleet.html names ${seen}`);
    }

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
    await renderAll(mem);
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
    await renderAll(mem);
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
    await renderAll(mem);
    const { ses, mock } = sesMock();
    mock
      .on(SendEmailCommand)
      .rejectsOnce(Object.assign(new Error('Throttling'), { name: 'TooManyRequestsException' }))
      .resolves({ MessageId: 'msg-2' });
    const deps = { config: config(), bucket: mem.bucket, ses, ...links };
    await assert.rejects(deliverReports({ runId: RUN }, deps), /Throttling/);
    assert.equal(mem.objects.has(`runs/${RUN}/email-sent.json`), false);
    assert.ok(mem.objects.has(`reports/${RUN}/fleet/fleet.pdf`), 'the fleet report stays written');
    const retry = await deliverReports({ runId: RUN }, deps);
    assert.equal(retry.email, 'sent');
    assert.equal(mock.commandCalls(SendEmailCommand).length, 2);
  });

  test('without recipients no email is sent and the fleet report is still written', async () => {
    const mem = seededRun();
    await renderAll(mem);
    const { ses, mock } = sesMock();
    const out = await deliverReports(
      { runId: RUN },
      { config: config({ recipients: [] }), bucket: mem.bucket, ses, ...links },
    );
    assert.equal(out.email, 'no-recipients');
    assert.equal(mock.commandCalls(SendEmailCommand).length, 0);
    assert.ok(mem.objects.has(`reports/${RUN}/fleet/fleet.html`));
    assert.equal(mem.objects.has(`runs/${RUN}/email-sent.json`), false);
  });

  test('a fleet PDF over the size limit is linked instead of attached', async () => {
    const mem = seededRun();
    await renderAll(mem);
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
    await renderAll(mem);
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

  test('the email still knows each cluster’s previous run from its summary: no cluster reads as a first run', async () => {
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
    await renderAll(mem);
    await deliverReports({ runId: RUN }, { config: config(), bucket: mem.bucket, ses, ...links });
    const text = mock.commandCalls(SendEmailCommand)[0].args[0].input.Content?.Simple?.Body?.Text?.Data ?? '';
    assert.doesNotMatch(text, /first run/, text);
    for (const name of names) assert.match(text, new RegExp(`- ${name} \\(eu-west-1\\): score`));
  });

  test('a damaged summary or a render the state machine recorded as failed is listed, and the step ends incomplete', async () => {
    const mem = seededRun();
    await renderAll(mem);
    mem.objects.set(`runs/${RUN}/summaries/eu-west-1/alpha.json`, { body: Buffer.from('{"summaryVersion": 99}') });
    mem.putJson(`runs/${RUN}/render-failures/eu-west-1-beta.json`, {
      error: { Error: 'Lambda.Unknown', Cause: JSON.stringify({ errorMessage: 'Runtime exited: out of memory' }) },
    });
    const { ses } = sesMock();
    await assert.rejects(
      deliverReports({ runId: RUN }, { config: config(), bucket: mem.bucket, ses, ...links }),
      (err) => {
        assert.ok(err instanceof ReportsIncompleteError);
        assert.deepEqual(err.problems, [
          'eu-west-1/alpha: its summary.json is unreadable',
          'eu-west-1/beta: scanned, but its reports were not rendered: Lambda.Unknown: Runtime exited: out of memory',
        ]);
        return true;
      },
    );
  });

  test('a missing clusters list is an error of the run', async () => {
    const mem = memoryBucket();
    const { ses } = sesMock();
    await assert.rejects(
      deliverReports({ runId: RUN }, { config: config(), bucket: mem.bucket, ses, ...links }),
      /clusters\.json is missing/,
    );
  });

  describe('EventBridge (config events): each run’s events go out once', () => {
    const eb = eventBridgeForSuite();

    test('a retried Report step puts no event again: the events are claimed as the email is', async () => {
      const mem = seededRun();
      await renderAll(mem);
      const { ses } = sesMock();
      const deps = { config: { ...config(), events: true }, bucket: mem.bucket, ses, ...links, events: eb.client };
      const first = eb.bus.events.length;
      const out = await deliverReports({ runId: RUN }, deps);
      // One Compliance Run Completed, one Cluster Scan Failed for each of beta and gamma.
      assert.deepEqual([out.events, out.eventsSent], ['sent', 3]);
      assert.equal(eb.bus.events.length, first + 3);
      assert.deepEqual(mem.json(`runs/${RUN}/events-sent.json`).state, 'sent');
      const completed = eb.bus.events[first].detail as { clusters: Array<{ name: string; reports: unknown }> };
      assert.deepEqual(
        completed.clusters.map((c) => c.name),
        ['alpha'],
      );
      const again = await deliverReports({ runId: RUN }, deps);
      assert.deepEqual([again.events, again.eventsSent, again.email], ['already-sent', 0, 'already-sent']);
      assert.equal(eb.bus.events.length, first + 3, 'no event was put twice');
    });

    test('when EventBridge takes none, the claim is released, the step ends incomplete, and a retry puts them', async () => {
      const mem = seededRun();
      await renderAll(mem);
      const { ses } = sesMock();
      const down = eventBridgeClient(UNREACHABLE);
      const cfg = { ...config(), events: true };
      await assert.rejects(
        deliverReports({ runId: RUN }, { config: cfg, bucket: mem.bucket, ses, ...links, events: down }),
        (err) => err instanceof ReportsIncompleteError && /EventBridge PutEvents failed/.test(err.message),
      );
      down.destroy();
      assert.equal(mem.objects.has(`runs/${RUN}/events-sent.json`), false);
      const first = eb.bus.events.length;
      const retry = await deliverReports(
        { runId: RUN },
        { config: cfg, bucket: mem.bucket, ses, ...links, events: eb.client },
      );
      assert.deepEqual([retry.events, retry.eventsSent, retry.email], ['sent', 3, 'already-sent']);
      assert.equal(eb.bus.events.length, first + 3);
    });
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
