import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { renderHtml } from '../../functions/report/html.js';
import {
  ATTESTATION_STATEMENT,
  auditHistory,
  auditResults,
  EXTRA_FAILING,
  HOSTILE_CLUSTER_NAME,
  HOSTILE_SCRIPT_NAME,
  MISSING_PERMISSION,
  reportCatalog,
} from '../fixtures/report/scan-results.js';
import { launchChromium } from '../support/chromium.js';
import { needs } from '../support/tools.js';

describe('renderHtml', () => {
  const html = renderHtml({ results: auditResults(), history: auditHistory(), catalog: reportCatalog });

  test('is self-contained: no attribute or stylesheet points outside the page', () => {
    const references = html.match(/\b(?:src|href|action|srcset|xlink:href|poster|data)\s*=\s*"[^"]*"/gi) ?? [];
    assert.ok(references.length > 0, 'the table of contents links exist');
    assert.deepEqual(
      references.filter((r) => !/="#/.test(r)),
      [],
    );
    assert.doesNotMatch(html, /url\(|@import/i);
    assert.doesNotMatch(html, /<(?:link|img|iframe|object|embed)\b/i);
  });

  test('every id is unique and every in-page link has a target', () => {
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      [],
    );
    const targets = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(
      targets.filter((t) => !ids.includes(t)),
      [],
    );
  });

  test('escapes cluster data in the markup', () => {
    assert.ok(!html.includes(HOSTILE_SCRIPT_NAME));
    assert.ok(!html.includes('<script>window.__pwned'));
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  });

  describe('in headless Chromium', needs('chromium'), () => {
    let browser: Browser;
    let page: Page;
    const blockedRequests: string[] = [];
    const pageErrors: string[] = [];

    before(async () => {
      browser = await launchChromium();
      page = await browser.newPage();
      await page.route('**/*', async (route) => {
        const url = route.request().url();
        if (url.startsWith('data:')) return route.continue();
        blockedRequests.push(url);
        return route.abort();
      });
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.setContent(html, { waitUntil: 'load' });
    });

    after(async () => {
      await browser?.close();
    });

    test('title and h1 name the cluster', async () => {
      assert.equal(await page.title(), `EKS compliance report: ${HOSTILE_CLUSTER_NAME}`);
      const h1 = await page.locator('h1').textContent();
      assert.ok(h1?.includes(HOSTILE_CLUSTER_NAME));
    });

    test('hostile names are shown as text and no injected script ran', async () => {
      const names = await page.locator('td.object-name').allTextContents();
      assert.ok(names.includes(HOSTILE_SCRIPT_NAME));
      assert.equal(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned), undefined);
      const scripts = await page.locator('script').allTextContents();
      assert.equal(scripts.length, 1, 'only the report filter script');
      assert.ok(scripts.every((s) => !s.includes('__pwned') && !s.includes('alert(1)')));
      assert.deepEqual(pageErrors, []);
    });

    test('no request left the page', () => {
      assert.deepEqual(blockedRequests, []);
    });

    test('the trend chart is an inline SVG with one point per run', async () => {
      assert.equal(await page.locator('svg#trend-chart').count(), 1);
      assert.equal(await page.locator('svg#trend-chart circle').count(), 4);
      assert.match((await page.locator('#trend-desc').textContent()) ?? '', /from 48 .* to 61/);
    });

    test('shows the cap notice for long lists', async () => {
      assert.equal(
        await page.getByText('… and 6 more not listed here: findings.csv and results.json list every one').count(),
        1,
      );
    });

    test('has the same sections as the PDF, in order, and the fix list by namespace for engineers', async () => {
      const headings = await page.locator('h2').allTextContents();
      assert.deepEqual(headings, [
        'Data sources and permissions used',
        'Executive summary',
        'Limitations',
        'Frameworks',
        'Fixes by namespace',
        'Coverage gaps (not assessed)',
        'Waivers register',
        'Attestations register',
        'Platform exemptions',
        'Appendix',
      ]);
      const appendix = await page.locator('#appendix h3').allTextContents();
      assert.deepEqual(appendix, ['Method', 'Data sources', 'Score formula', 'Glossary']);
      assert.equal(await page.locator('#top-risks').isVisible(), true);
      assert.equal(await page.locator('table.top-risks tbody tr').count(), 5);
    });

    test('the registers show each waiver and attestation with its state', async () => {
      for (const [id, state] of [
        ['w-node-exporter', 'Active'],
        ['w-cni', 'Expiring ≤30 days'],
        ['w-legacy', 'Expired'],
        ['w-stale', 'Unused'],
      ]) {
        const row = page.locator(`tr[data-waiver="${id}"]`);
        assert.equal(await row.count(), 1, id);
        assert.ok(((await row.textContent()) ?? '').includes(state), `${id} is ${state}`);
      }
      const attestation = (await page.locator('tr[data-attestation="att-audit"]').textContent()) ?? '';
      assert.ok(attestation.includes('Active') && attestation.includes(ATTESTATION_STATEMENT));
      assert.ok(attestation.includes('sec-team@example.com'));
    });

    test('the data sources name the not-collected ones and the missing permission', async () => {
      const cover = (await page.locator('.cover-sources').textContent()) ?? '';
      assert.ok(cover.includes('6 data sources: 4 collected, 2 not collected.'));
      assert.ok(cover.includes(`missing ${MISSING_PERMISSION}`));
      const row = (await page.locator('tr[data-source="aws:guardDuty"]').textContent()) ?? '';
      assert.ok(row.includes('Not collected') && row.includes(MISSING_PERMISSION));
    });

    test('each failing check is shown once; other requirements link to it; passing ones show evidence', async () => {
      assert.equal(await page.locator('article[data-check="pod-privileged"]').count(), 1);
      const ref = page.locator('#framework-nsa-cisa-1-2 .check-ref', { hasText: 'pod-privileged' });
      assert.equal(await ref.locator('a').getAttribute('href'), '#check-pod-privileged');
      assert.equal(
        await page.getByText('eks-secrets-encryption: 1 object evaluated, none failing').first().isVisible(),
        true,
      );
    });

    test('the still-failing list is capped with the rest counted', async () => {
      const more = `… and ${2 + EXTRA_FAILING - 10} more`;
      assert.equal(await page.getByText(more, { exact: true }).count(), 1);
    });

    test('filters findings by severity, status, namespace and search text', async () => {
      const visibleRows = () => page.locator('tr[data-finding]:visible').count();
      const total = await page.locator('tr[data-finding]').count();
      assert.equal(await visibleRows(), total);

      await page.selectOption('#filter-severity', 'critical');
      assert.equal(await visibleRows(), 4);
      assert.equal(await page.locator('article[data-check="pod-run-as-non-root"]').isVisible(), false);
      assert.equal(await page.locator('article[data-check="pod-privileged"]').isVisible(), true);

      await page.selectOption('#filter-status', 'waived');
      assert.equal(await visibleRows(), 1);

      await page.selectOption('#filter-severity', '');
      await page.selectOption('#filter-status', '');
      await page.selectOption('#filter-namespace', 'batch');
      assert.equal(await visibleRows(), 12);

      await page.selectOption('#filter-namespace', '');
      await page.selectOption('#filter-framework', 'cis-eks-1.8.0');
      assert.equal(await page.locator('article[data-check="pod-run-as-non-root"]').isVisible(), true);

      await page.selectOption('#filter-framework', '');
      await page.fill('#filter-search', 'ci-deployer');
      assert.equal(await visibleRows(), 1);
      assert.match((await page.locator('#filter-status-text').textContent()) ?? '', /^1 of \d+/);

      await page.fill('#filter-search', '');
      assert.equal(await visibleRows(), total);
    });
  });
});
