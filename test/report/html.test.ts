import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import { renderHtml } from '../../functions/report/html.js';
import {
  HOSTILE_CLUSTER_NAME,
  HOSTILE_SCRIPT_NAME,
  reportCatalog,
  reportHistory,
  reportResults,
} from '../fixtures/report/scan-results.js';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

describe('renderHtml', () => {
  const html = renderHtml({ results: reportResults(), history: reportHistory(), catalog: reportCatalog });

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

  test('escapes cluster data in the markup', () => {
    assert.ok(!html.includes(HOSTILE_SCRIPT_NAME));
    assert.ok(!html.includes('<script>window.__pwned'));
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  });

  describe('in headless Chromium', () => {
    let browser: Browser;
    let page: Page;
    const blockedRequests: string[] = [];
    const pageErrors: string[] = [];

    before(async () => {
      browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
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
      assert.equal(await page.getByText('… and 6 more (see findings.csv)').count(), 1);
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
