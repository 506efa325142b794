import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  buildEmailModel,
  EMAIL_TOP_NEW_FAILURES,
  type EmailInput,
  emailPreview,
  type LinkExpiryLimit,
  type LinkTerms,
  type ReportLinks,
  renderEmail,
  SUBJECT_MAX_LENGTH,
} from '../../functions/report/email.js';
import { EMAIL_ACTION_ITEMS_MAX } from '../../functions/report/email-actions.js';
import { summarizeCluster } from '../../functions/report/summary.js';
import type { ScanResults } from '../../functions/scoring/results.js';
import { clusterRun, EVIL_CLUSTER_NAME, EVIL_SINGLE_LINE, previousRun } from '../fixtures/report/fleet.js';
import { reportHistory, reportResults } from '../fixtures/report/scan-results.js';
import { launchChromium } from '../support/chromium.js';
import { pageWidths, screenshotFolder } from '../support/screenshots.js';
import { needs } from '../support/tools.js';

const EXPIRES = '2026-12-03T06:05:00.000Z';
const links = (name: string) => ({
  html: `https://reports.s3.eu-west-1.amazonaws.com/${encodeURIComponent(name)}/report.html?X-Amz-Expires=604800&X-Amz-Signature=abc`,
  pdf: `https://reports.s3.eu-west-1.amazonaws.com/${encodeURIComponent(name)}/report.pdf?X-Amz-Signature=def`,
});
/** A cluster of the email: its summary (against its previous run, when given) and its links. */
const cluster = (results: ScanResults, reportLinks: ReportLinks = {}, previous?: ScanResults) => ({
  summary: summarizeCluster(results, previous ? [previous] : []),
  reportLinks,
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
      cluster(evil, links(evil.cluster.name), previousRun(evil, 50)),
      cluster(healthy, links('healthy'), previousRun(healthy, 88)),
      cluster(clusterRun('brand-new', { score: 70 }), {}),
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
    const many = renderEmail(input({ clusters: [cluster(clusterRun('x'.repeat(10_000)), {})] }));
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
    assert.ok(email.text.includes(`- ${EVIL_SINGLE_LINE} (eu-west-1): score 45, ▼ 5 since last week, 1 new failure`));
  });

  test('top new failures across the fleet: most severe first, at most ten, the rest counted', () => {
    const clusters = Array.from({ length: 12 }, (_, i) => {
      const results = clusterRun(`c${String(i).padStart(2, '0')}`);
      // The previous run had nothing failing, so every failing check is new: 3 per cluster.
      const previous: ScanResults = {
        ...previousRun(results, 50),
        checks: results.checks.map((c) => ({ ...c, status: c.status === 'fail' ? 'pass' : c.status, failing: [] })),
      };
      return cluster(results, {}, previous);
    });
    const model = buildEmailModel(input({ clusters }));
    assert.equal(model.newFailures.length, EMAIL_TOP_NEW_FAILURES);
    assert.equal(model.newFailuresMore, 36 - EMAIL_TOP_NEW_FAILURES);
    assert.ok(model.newFailures.every((f) => f.severityLabel === 'Critical'));
    assert.equal(model.newFailures[0].checkId, 'pod-privileged');
    assert.equal(model.newFailures[0].objects, 3);
    const rendered = renderEmail(input({ clusters }));
    assert.ok(rendered.text.includes('… and 26 more new failures in the cluster reports.'));
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
    const none = renderEmail(input({ clusters: [cluster(clusterRun('x'), {})] }));
    assert.doesNotMatch(none.text, /presigned/);
    assert.ok(none.text.includes('(no report links)'));
  });

  test('only http(s) links are kept: a javascript: URL is dropped', () => {
    const evilLinks = renderEmail(
      input({
        clusters: [cluster(clusterRun('x'), { html: 'javascript:alert(1)', pdf: 'data:text/html,<b>' })],
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
          cluster(a, {}, previousRun(a, 70)),
          cluster(inAccount('222222222222'), {}),
          cluster(inAccount('111111111111', 'us-east-1'), {}),
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

/** The previous run with nothing failing: every failing check of `results` is new. */
function allNew(results: ScanResults): ScanResults {
  return {
    ...previousRun(results, 50),
    checks: results.checks.map((c) => ({ ...c, status: c.status === 'fail' ? 'pass' : c.status, failing: [] })),
  };
}

/** The register entries the block must list: expired or expiring in results.json, whatever else they are. */
function dueIds(records: ReadonlyArray<{ id: string; state: string }> | undefined): string[] {
  return (records ?? []).filter((r) => r.state === 'expired' || r.state === 'expiring').map((r) => r.id);
}

describe('the email\'s "Action needed" block', () => {
  const model = buildEmailModel(input());
  const email = renderEmail(input());
  const group = (key: string) => model.actions.find((g) => g.key === key);

  test('comes first, in both parts', () => {
    assert.ok(email.text.indexOf('ACTION NEEDED') < email.text.indexOf('CLUSTERS'));
    assert.ok(email.html.indexOf('Action needed') < email.html.indexOf('>Clusters<'));
    assert.deepEqual(
      model.actions.map((g) => g.key),
      ['new-failures', 'waivers', 'not-scanned', 'coverage'],
    );
  });

  test('new critical and high failures only; medium and low ones stay in the list below', () => {
    const results = clusterRun('all-new');
    const m = buildEmailModel(input({ clusters: [cluster(results, {}, allNew(results))], failed: [] }));
    const severe = results.checks.filter((c) => c.status === 'fail' && ['critical', 'high'].includes(c.severity));
    const items = m.actions.find((g) => g.key === 'new-failures')?.items ?? [];
    assert.deepEqual(
      items.map((i) => i.text.match(/\(([^)]+)\): /)?.[1]),
      severe.map((c) => c.id),
    );
    assert.ok(
      m.newFailures.some((f) => f.severityLabel === 'Medium'),
      'a medium new failure is listed below',
    );
    assert.ok(items.every((i) => i.label === 'Critical' || i.label === 'High'));
    // One cluster in the email: no cluster name repeated under each item.
    assert.ok(items.every((i) => i.where === ''));
    assert.equal(group('new-failures')?.heading, '1 new high failure');
    assert.ok(
      email.text.includes(
        '- [High] cluster-admin is bound only where needed (rbac-cluster-admin-bindings): 1 object failing',
      ),
    );
  });

  test('waivers expired or expiring within 30 days, each once with the clusters it concerns', () => {
    const waivers = group('waivers');
    const due = dueIds(reportResults().waivers);
    assert.ok(due.length >= 2, 'the fixture has an expired and an expiring waiver');
    assert.deepEqual(waivers?.items.map((i) => i.text.split(' ')[0]).sort(), [...due].sort());
    assert.equal(waivers?.heading, '1 waiver expired, 1 waiver expires within 30 days');
    assert.ok(waivers?.items[0].text.includes('expired (held until 2026-11-05)'));
    assert.ok(waivers?.items[1].text.includes('expires in 12 days (2026-12-08)'));
    // The three scanned clusters share the config's waivers: named once each, with the region.
    assert.equal(
      waivers?.items[0].where,
      `${EVIL_SINGLE_LINE} (eu-west-1), healthy (eu-west-1), brand-new (eu-west-1)`,
    );
  });

  test('attestations expired or expiring, with the days left in words', () => {
    const results = reportResults();
    const [base] = results.attestations ?? [];
    const attestations = [
      { ...base, id: 'att-soon', state: 'expiring' as const, daysLeft: 1, expires: '2026-11-27' },
      { ...base, id: 'att-today', state: 'expiring' as const, daysLeft: 0, expires: '2026-11-26' },
      { ...base, id: 'att-gone', state: 'expired' as const, daysLeft: -3, expires: '2026-11-22' },
      { ...base, id: 'att-fine', state: 'active' as const },
    ];
    const m = buildEmailModel(input({ clusters: [cluster({ ...results, attestations })], failed: [] }));
    const g = m.actions.find((a) => a.key === 'attestations');
    assert.equal(g?.heading, '1 attestation expired, 2 attestations expire within 30 days');
    assert.deepEqual(
      g?.items.map((i) => i.text),
      [
        'att-gone attests NSA/CISA audit.review: expired (held until 2026-11-22)',
        'att-today attests NSA/CISA audit.review: expires today (2026-11-26)',
        'att-soon attests NSA/CISA audit.review: expires in 1 day (2026-11-27)',
      ],
    );
  });

  test('clusters not scanned and coverage gaps, clusters with the same gaps on one line', () => {
    assert.equal(group('not-scanned')?.heading, '1 cluster not scanned');
    assert.ok(group('not-scanned')?.items[0].text.startsWith(`${EVIL_SINGLE_LINE}-2 (eu-west-1): AccessDenied`));
    const coverage = group('coverage');
    assert.equal(coverage?.heading, 'Coverage gaps in 3 clusters');
    assert.equal(coverage?.items.length, 1);
    const results = reportResults();
    const notAssessed = results.checks.filter((c) => c.status === 'not-assessed');
    assert.equal(
      coverage?.items[0].text,
      `${results.gaps.length} data sources not collected (Kubelet configuration (configz), aws:guardduty), ` +
        `${notAssessed.length} check not assessed (${notAssessed.map((c) => c.id).join(', ')})`,
    );
  });

  test('each group lists at most EMAIL_ACTION_ITEMS_MAX items and counts the rest', () => {
    const clusters = Array.from({ length: EMAIL_ACTION_ITEMS_MAX + 3 }, (_, i) => {
      const results = clusterRun(`c${String(i).padStart(2, '0')}`);
      return cluster(results, {}, allNew(results));
    });
    const severe = buildEmailModel(input({ clusters })).actions[0];
    const perCluster = clusterRun('c00').checks.filter(
      (c) => c.status === 'fail' && ['critical', 'high'].includes(c.severity),
    ).length;
    assert.equal(severe.items.length, EMAIL_ACTION_ITEMS_MAX);
    assert.equal(
      severe.moreText,
      `… and ${clusters.length * perCluster - EMAIL_ACTION_ITEMS_MAX} more in the cluster reports.`,
    );
  });

  test('nothing due: the block says so', () => {
    const results = clusterRun('calm', { passAll: true });
    const calm = {
      ...results,
      gaps: [],
      checks: results.checks.filter((c) => c.status !== 'not-assessed'),
      waivers: results.waivers?.filter((w) => w.state === 'active'),
    };
    const rendered = renderEmail(input({ clusters: [cluster(calm, {})], failed: [] }));
    assert.ok(rendered.text.includes('Nothing needs action:'));
    assert.ok(rendered.html.includes('Nothing needs action:'));
  });
});

describe('the email names everything whole and reads on a phone', () => {
  const LONG = `payments-${'very-long-cluster-name-'.repeat(11)}end`;
  const LONG_REASON = `AccessDenied: sts:AssumeRole on arn:aws:iam::123456789012:role/${'r'.repeat(200)} was refused`;
  const long = clusterRun(LONG, { score: 40 });
  const email = renderEmail(
    input({
      clusters: [cluster(long, links(LONG), allNew(long))],
      failed: [{ cluster: `${LONG}-2`, region: 'eu-west-1', reason: LONG_REASON }],
    }),
  );

  test('no name or reason is cut, in either part (only the subject is capped)', () => {
    assert.ok(LONG.length > 250);
    // The HTML's <title> is the subject.
    for (const part of [email.text, email.html.replace(/<title>.*<\/title>/, '')]) {
      assert.ok(part.includes(LONG), 'the long cluster name appears whole');
      assert.ok(part.includes(`${LONG}-2`));
      assert.ok(part.includes(LONG_REASON), 'the long reason appears whole');
      assert.doesNotMatch(part, /…\)|\w…\s/, 'no ellipsis cut');
    }
    assert.ok(email.subject.length <= SUBJECT_MAX_LENGTH);
  });

  test('plurals: one cluster, one new failure, objects counted', () => {
    assert.ok(email.text.includes('Run run-2026-11-26 · 2026-11-26 06:30 UTC · 1 cluster scanned'));
    assert.ok(renderEmail(input()).text.includes('· 3 clusters scanned'));
    assert.match(email.text, /: 1 object\n/);
    assert.match(email.text, /: 31 objects\n/);
  });

  describe('in headless Chromium at 390 px', needs('chromium'), () => {
    let browser: Browser;
    const shots = screenshotFolder('email');
    before(async () => {
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
    });

    for (const [name, html] of [
      ['long-names', email.html],
      ['fleet', renderEmail(input()).html],
    ] as const) {
      test(`${name}: no sideways scroll of the page, every name inside it`, async (t) => {
        const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
        await page.route('**/*', (route) => route.abort());
        await page.setContent(html, { waitUntil: 'load' });
        const widths = await pageWidths(page);
        await shots.take(t, page, `email-390-${name}`);
        assert.equal(widths.clientWidth, 390);
        assert.ok(widths.scrollWidth <= widths.clientWidth, `page is ${widths.scrollWidth} px wide at 390`);
        // Every cell of every table fits the viewport, and none is squeezed to a few characters.
        const cells = await page.$$eval('td, th', (els) =>
          els.map((e) => {
            const r = e.getBoundingClientRect();
            return { right: r.right, width: r.width, text: (e.textContent ?? '').trim().slice(0, 30) };
          }),
        );
        assert.deepEqual(
          cells.filter((c) => c.right > 390.5),
          [],
        );
        await page.close();
      });
    }
  });
});

describe('emailPreview (--format email)', () => {
  const history = reportHistory();
  const results = reportResults();
  const preview = emailPreview(results, history, { html: 'report.html', pdf: 'report.pdf' });

  test('one cluster against its latest earlier run, linking to the reports beside it', () => {
    assert.ok(preview.text.includes('· 1 cluster scanned'));
    const model = buildEmailModel({
      runId: results.runId,
      generatedAt: results.generatedAt,
      clusters: [cluster(results, {}, history.at(-1))],
      failed: [],
    });
    assert.ok(preview.text.includes(model.clusters[0].deltaSentence));
    assert.match(preview.html, /href="report\.html"/);
    assert.match(preview.html, /href="report\.pdf"/);
    assert.ok(preview.text.includes('HTML report: report.html'));
  });

  test('a link that is a path or a scheme is dropped, not a file beside the email', () => {
    const odd = emailPreview(results, history, { html: '../secret.html', pdf: 'javascript:alert(1)' });
    assert.doesNotMatch(odd.html, /secret|javascript:/);
    assert.ok(odd.text.includes('(no report links)'));
  });
});
