import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  buildEmailModel,
  EMAIL_TOP_NEW_FAILURES,
  type EmailInput,
  type LinkExpiryLimit,
  type LinkTerms,
  renderEmail,
  SUBJECT_MAX_LENGTH,
} from '../../functions/report/email.js';
import type { ScanResults } from '../../functions/scoring/results.js';
import { clusterRun, EVIL_CLUSTER_NAME, EVIL_SINGLE_LINE, previousRun } from '../fixtures/report/fleet.js';

const EXPIRES = '2026-12-03T06:05:00.000Z';
const links = (name: string) => ({
  html: `https://reports.s3.eu-west-1.amazonaws.com/${encodeURIComponent(name)}/report.html?X-Amz-Expires=604800&X-Amz-Signature=abc`,
  pdf: `https://reports.s3.eu-west-1.amazonaws.com/${encodeURIComponent(name)}/report.pdf?X-Amz-Signature=def`,
});
const LOCATION = 's3://reports/reports/run-2026-11-26/';
const terms = (limit: LinkExpiryLimit): LinkTerms => ({ expiresAt: EXPIRES, limit, reportsLocation: LOCATION });

function input(overrides: Partial<EmailInput> = {}): EmailInput {
  const evil = clusterRun(EVIL_CLUSTER_NAME, { score: 45 });
  const healthy = clusterRun('healthy', { score: 92, passAll: true });
  return {
    runId: 'run-2026-11-26',
    generatedAt: '2026-11-26T06:30:00.000Z',
    clusters: [
      { results: evil, previous: previousRun(evil, 50), reportLinks: links(evil.cluster.name) },
      { results: healthy, previous: previousRun(healthy, 88), reportLinks: links('healthy') },
      { results: clusterRun('brand-new', { score: 70 }), reportLinks: {} },
    ],
    failed: [
      {
        cluster: `${EVIL_CLUSTER_NAME}-2`,
        region: 'eu-west-1',
        reason: 'AccessDenied\r\nX-Injected: 1 <img src=x onerror=alert(1)>',
      },
    ],
    fleetPdf: { attached: true, sizeBytes: 1_572_864 },
    links: terms('requested'),
    ...overrides,
  };
}

describe('renderEmail', () => {
  const email = renderEmail(input());

  test('the subject is one line, capped, and carries no control characters', () => {
    assert.doesNotMatch(email.subject, /[\u0000-\u001f\u007f]/);
    assert.ok(email.subject.length <= SUBJECT_MAX_LENGTH);
    assert.equal(
      email.subject,
      `EKS compliance: 3 clusters · lowest score 45 (${EVIL_SINGLE_LINE}) · 1 new failure · 1 not scanned`,
    );
    const many = renderEmail(input({ clusters: [{ results: clusterRun('x'.repeat(10_000)), reportLinks: {} }] }));
    assert.ok(many.subject.length <= SUBJECT_MAX_LENGTH, `${many.subject.length}`);
    assert.ok(many.subject.endsWith('…') || many.subject.includes('new failure'));
  });

  test('fleet summary: score, change since last week with arrows, new failures', () => {
    const model = buildEmailModel(input());
    assert.deepEqual(
      model.clusters.map((c) => [c.name, c.scoreText, c.deltaText, c.newFailures]),
      [
        [EVIL_SINGLE_LINE, '45', '▼ 5', 1],
        ['healthy', '92', '▲ 4', 0],
        ['brand-new', '70', 'first run', 0],
      ],
    );
    assert.ok(email.html.includes('▼ 5') && email.html.includes('▲ 4'));
    assert.ok(email.text.includes(`- ${EVIL_SINGLE_LINE} (eu-west-1): score 45, ▼ 5 since last week, 1 new failures`));
  });

  test('top new failures across the fleet: most severe first, at most ten, the rest counted', () => {
    const clusters = Array.from({ length: 12 }, (_, i) => {
      const results = clusterRun(`c${String(i).padStart(2, '0')}`);
      // The previous run had nothing failing, so every failing check is new: 3 per cluster.
      const previous: ScanResults = {
        ...previousRun(results, 50),
        checks: results.checks.map((c) => ({ ...c, status: c.status === 'fail' ? 'pass' : c.status, failing: [] })),
      };
      return { results, previous, reportLinks: {} };
    });
    const model = buildEmailModel(input({ clusters }));
    assert.equal(model.newFailures.length, EMAIL_TOP_NEW_FAILURES);
    assert.equal(model.newFailuresMore, 36 - EMAIL_TOP_NEW_FAILURES);
    assert.ok(model.newFailures.every((f) => f.severityLabel === 'Critical'));
    assert.equal(model.newFailures[0].checkId, 'pod-privileged');
    assert.equal(model.newFailures[0].objects, 3);
    const rendered = renderEmail(input({ clusters }));
    assert.ok(rendered.text.includes('... and 26 more new failures'));
  });

  test('failed clusters with their reasons, links with their expiry, the fleet PDF attached', () => {
    assert.ok(email.html.includes('Clusters not scanned'));
    assert.ok(
      email.text.includes(
        `- ${EVIL_SINGLE_LINE}-2 (eu-west-1): AccessDenied X-Injected: 1 <img src=x onerror=alert(1)>`,
      ),
    );
    assert.ok(email.html.includes('AccessDenied X-Injected: 1 &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;'));
    assert.ok(email.html.includes('stop working on 2026-12-03 06:05 UTC'));
    assert.ok(email.text.includes('stop working on 2026-12-03 06:05 UTC'));
    assert.ok(email.html.includes('links expire 2026-12-03 06:05 UTC'));
    assert.ok(
      email.html.includes(
        'href="https://reports.s3.eu-west-1.amazonaws.com/healthy/report.html?X-Amz-Expires&#x3D;604800&amp;X-Amz-Signature&#x3D;abc"',
      ),
    );
    assert.ok(
      email.text.includes(
        'HTML report: https://reports.s3.eu-west-1.amazonaws.com/healthy/report.html?X-Amz-Expires=604800&X-Amz-Signature=abc',
      ),
    );
    assert.ok(email.text.includes('The fleet report PDF (1.5 MB) is attached to this email.'));
  });

  test('a fleet PDF over the limit is linked instead, with its expiry', () => {
    const linked = renderEmail(
      input({
        fleetPdf: {
          attached: false,
          link: 'https://b.s3.amazonaws.com/fleet.pdf?sig=1',
          sizeBytes: 25 * 1024 * 1024,
        },
      }),
    );
    assert.ok(
      linked.text.includes(
        'The fleet report PDF (25.0 MB) is too large to attach; download it from the link below (the link expires 2026-12-03 06:05 UTC).',
      ),
    );
    assert.ok(linked.text.includes('Fleet report PDF: https://b.s3.amazonaws.com/fleet.pdf?sig=1'));
    assert.ok(linked.html.includes('href="https://b.s3.amazonaws.com/fleet.pdf?sig&#x3D;1"'));
  });

  test('with long-lived signing credentials the requested expiry is stated as exact, with where the reports stay', () => {
    const note =
      'The report links are presigned and stop working on 2026-12-03 06:05 UTC. ' +
      `The reports stay in ${LOCATION} until the bucket's retention ends.`;
    assert.ok(email.text.includes(note), email.text);
    assert.ok(email.html.includes(note.replace("'", '&#x27;')));
    assert.doesNotMatch(email.text, /at the latest|may stop/);
  });

  test('when the signing credentials expire first, that is the expiry stated and why', () => {
    const linked = renderEmail(
      input({
        links: terms('credentials'),
        fleetPdf: { attached: false, link: 'https://b.s3.amazonaws.com/fleet.pdf?sig=1', sizeBytes: 25 * 1024 * 1024 },
      }),
    );
    assert.ok(
      linked.text.includes(
        'The report links are presigned and stop working on 2026-12-03 06:05 UTC, when the credentials that signed ' +
          `them expire. The reports stay in ${LOCATION} until the bucket's retention ends.`,
      ),
      linked.text,
    );
    assert.ok(linked.html.includes('2026-12-03 06:05 UTC, when the credentials that signed them expire.'));
    assert.ok(linked.text.includes('(the link expires 2026-12-03 06:05 UTC).'));
    assert.doesNotMatch(linked.text, /at the latest|may stop/);
  });

  test('temporary credentials of unknown expiry: an upper bound, a warning, and where the reports stay', () => {
    const linked = renderEmail(
      input({
        links: terms('temporary-credentials'),
        fleetPdf: { attached: false, link: 'https://b.s3.amazonaws.com/fleet.pdf?sig=1', sizeBytes: 25 * 1024 * 1024 },
      }),
    );
    const note =
      'The report links are presigned to stop working on 2026-12-03 06:05 UTC at the latest. They are signed with ' +
      'temporary credentials and may stop working earlier, when those credentials expire. ' +
      `The reports stay in ${LOCATION} until the bucket's retention ends.`;
    assert.ok(linked.text.includes(note), linked.text);
    assert.ok(linked.html.includes(note.replace("'", '&#x27;')));
    assert.ok(linked.text.includes('(links expire 2026-12-03 06:05 UTC at the latest)'));
    assert.ok(linked.html.includes('links expire 2026-12-03 06:05 UTC at the latest'));
    assert.ok(
      linked.text.includes('download it from the link below (the link expires 2026-12-03 06:05 UTC at the latest).'),
    );
    assert.doesNotMatch(linked.text, /stop working on 2026-12-03 06:05 UTC\./);
  });

  test('without any link nothing is said about link expiry', () => {
    const none = renderEmail(input({ clusters: [{ results: clusterRun('x'), reportLinks: {} }] }));
    assert.doesNotMatch(none.text, /presigned/);
    assert.ok(none.text.includes('(no report links)'));
  });

  test('only http(s) links are kept: a javascript: URL is dropped', () => {
    const evilLinks = renderEmail(
      input({
        clusters: [
          {
            results: clusterRun('x'),
            reportLinks: { html: 'javascript:alert(1)', pdf: 'data:text/html,<b>' },
          },
        ],
        fleetPdf: { attached: false, link: 'javascript:alert(2)', sizeBytes: 10 },
      }),
    );
    assert.doesNotMatch(evilLinks.html, /javascript:|data:text/);
    assert.doesNotMatch(evilLinks.text, /javascript:|data:text/);
    assert.ok(evilLinks.text.includes('no link is available'));
  });

  test('HTML is email-client safe: tables and inline styles, no script, style block, external resource or form', () => {
    assert.doesNotMatch(email.html, /<script|<style|<link|<img|<iframe|<form|<object|<embed|\son[a-z]+=/i);
    assert.ok(!email.html.includes('<script>'));
    assert.ok(email.html.includes('evil Bcc: x@y.z &lt;script&gt;'));
    assert.match(email.html, /<table role="presentation"/);
    const hrefs = [...email.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    assert.ok(hrefs.length >= 4);
    assert.ok(hrefs.every((h) => h.startsWith('https://')));
    assert.doesNotMatch(email.html, /src=|url\(/i);
  });

  test('no line of either part can be read as a header or a forged line', () => {
    for (const part of [email.text, email.html]) {
      assert.ok(!part.split(/\r?\n/).some((line) => /^\s*(Bcc|X-Injected):/i.test(line)), part);
      assert.ok(!part.includes('\r'));
    }
  });

  test('an empty run still renders', () => {
    const empty = renderEmail(input({ clusters: [], failed: [], fleetPdf: undefined }));
    assert.equal(empty.subject, 'EKS compliance: 0 clusters · 0 new failures');
    assert.ok(empty.text.includes('No cluster was scanned in this run.'));
    assert.ok(empty.html.includes('No new failures since last week.'));
  });

  test('clusters of one name and region in several accounts are told apart by account, and only those', () => {
    const inAccount = (accountId: string, region = 'eu-west-1') => {
      const run = clusterRun('prod', { region, score: 60 });
      return { ...run, cluster: { ...run.cluster, accountId } };
    };
    const a = inAccount('111111111111');
    const model = buildEmailModel(
      input({
        clusters: [
          { results: a, previous: previousRun(a, 70), reportLinks: {} },
          { results: inAccount('222222222222'), reportLinks: {} },
          { results: inAccount('111111111111', 'us-east-1'), reportLinks: {} },
        ],
        failed: [
          { cluster: 'prod', region: 'eu-west-1', account: '333333333333', reason: 'AccessDenied' },
          { cluster: 'edge', region: 'eu-west-1', account: '333333333333', reason: 'timeout' },
        ],
      }),
    );
    assert.deepEqual(
      model.clusters.map((c) => [c.name, c.region]),
      [
        ['prod', 'eu-west-1, account 111111111111'],
        ['prod', 'eu-west-1, account 222222222222'],
        ['prod', 'us-east-1'],
      ],
    );
    assert.deepEqual(
      model.failed.map((f) => [f.cluster, f.region]),
      [
        ['prod', 'eu-west-1, account 333333333333'],
        ['edge', 'eu-west-1'],
      ],
    );
    // The new-failures list names the cluster in one cell, with where it is.
    assert.ok(model.newFailures.length > 0);
    assert.ok(model.newFailures.every((f) => f.cluster === 'prod (eu-west-1, account 111111111111)'));
  });
});
