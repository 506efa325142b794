/**
 * report.html as an engineer reads it, in headless Chromium at 1,440 and 390 px: the demo's report and a stress
 * report with long names and messages. Columns keep a readable width, the page never scrolls sideways (tables scroll
 * in their own box), in-page links land below the sticky filter bar, the filters cover every status and collapse
 * what they empty, commands are code blocks, the fix list by namespace holds every failing object, no request
 * leaves the page, and axe-core finds no critical or serious violation. Screenshots go to a temp folder whose path
 * the test output prints (KEEP=1 keeps it).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { historyResults, loadDemo } from '../../functions/pipeline.js';
import { renderHtml } from '../../functions/report/html.js';
import { STATUS_FILTER_OPTIONS } from '../../functions/report/model.js';
import { evaluate } from '../../functions/scoring/evaluate.js';
import type { ScanResults } from '../../functions/scoring/results.js';
import { auditHistory, auditResults, reportCatalog } from '../fixtures/report/scan-results.js';
import { launchChromium } from '../support/chromium.js';
import { pageWidths, screenshotFolder } from '../support/screenshots.js';
import { needs } from '../support/tools.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** A DNS subdomain name of the maximum length Kubernetes allows: 253 characters. */
const LONG_NAME = [...Array.from({ length: 3 }, (_, i) => `${String(i)}${'a'.repeat(62)}`), `x${'b'.repeat(60)}`].join(
  '.',
);
const LONG_MESSAGE = `image ${'registry.example.com/'.repeat(12)}team/app@sha256:${'0123456789abcdef'.repeat(4)} in container main ${'does not pass the rule because of a long explanation, '.repeat(8)}`;

/** The audit fixture with a 253-character object name and long messages in a namespace of a long name too. */
function stressResults(): ScanResults {
  const results = auditResults();
  const checks = results.checks.map((c) =>
    c.status !== 'fail'
      ? c
      : {
          ...c,
          failing: [
            ...c.failing,
            { kind: 'Deployment', namespace: `team-${'n'.repeat(58)}`, name: LONG_NAME, message: LONG_MESSAGE },
          ],
        },
  );
  return { ...results, checks };
}

async function demoResults(): Promise<{ results: ScanResults; history: ScanResults[] }> {
  const demo = await loadDemo();
  const results = evaluate(demo.snapshot, {
    waivers: demo.config.waivers,
    attestations: demo.config.attestations,
  });
  return { results, history: await historyResults(demo.history, undefined, demo.config) };
}

interface CellWidth {
  table: string;
  column: number;
  width: number;
  em: number;
  text: string;
}

/** Every rendered cell of every table: its width and its font size, with the table's class. */
function cellWidths(page: Page): Promise<CellWidth[]> {
  return page.$$eval('table td, table th', (cells) => {
    const view = globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string } };
    return cells
      .map((c) => c as unknown as DomElement)
      .filter((c) => c.offsetParent !== null && (c.textContent ?? '').trim() !== '')
      .map((c) => ({
        table: c.closest('table')?.className ?? '',
        column: c.cellIndex ?? -1,
        width: c.getBoundingClientRect().width,
        em: Number.parseFloat(view.getComputedStyle(c).fontSize),
        text: (c.textContent ?? '').trim().slice(0, 40),
      }));
  });
}

/** The few DOM members the page functions below use (the test project compiles without the DOM's types). */
interface DomElement {
  offsetParent: unknown;
  textContent: string | null;
  dataset: Record<string, string | undefined>;
  cellIndex?: number;
  value?: string;
  closest(selector: string): { className: string } | null;
  getBoundingClientRect(): { width: number };
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}
interface BrowserGlobals {
  getComputedStyle(e: unknown): { fontSize: string; position: string };
  location: { hash: string };
}

const REQUIREMENT_TABLES = ['requirements', 'passing', 'manual', 'not-assessed'];

describe('report.html layout, anchors and filters in Chromium', needs('chromium'), () => {
  let browser: Browser;
  const shots = screenshotFolder('report-html');
  const pages: { name: string; html: string; results: ScanResults }[] = [];
  const requests: string[] = [];

  before(async () => {
    browser = await launchChromium();
    const demo = await demoResults();
    pages.push({ name: 'demo', html: renderHtml(demo), results: demo.results });
    const stress = stressResults();
    pages.push({
      name: 'stress',
      html: renderHtml({ results: stress, history: auditHistory(), catalog: reportCatalog }),
      results: stress,
    });
  });
  after(async () => {
    await browser?.close();
  });

  async function open(html: string, width: number, options: { bypassCSP?: boolean } = {}): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 }, ...options });
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('data:')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    await page.setContent(html, { waitUntil: 'load' });
    return page;
  }

  for (const width of [1440, 390]) {
    for (const name of ['demo', 'stress']) {
      test(`${name} at ${width} px: readable columns, no sideways scroll of the page`, async (t) => {
        const { html, results } = pages.find((p) => p.name === name) ?? assert.fail(name);
        const page = await open(html, width);
        const widths = await pageWidths(page);
        assert.equal(widths.clientWidth, width);
        assert.ok(widths.scrollWidth <= widths.clientWidth, `the page is ${widths.scrollWidth} px wide at ${width}`);

        const cells = await cellWidths(page);
        assert.ok(cells.length > 100, `${cells.length} cells`);
        // Id columns of the requirement tables: at least 4 em, the id on one line.
        const ids = cells.filter((c) => REQUIREMENT_TABLES.includes(c.table) && c.column === 0);
        assert.ok(ids.length >= results.frameworks.reduce((n, f) => n + f.requirements.length, 0));
        const narrowIds = ids.filter((c) => c.width < 4 * c.em);
        assert.deepEqual(narrowIds, [], 'no Id column under 4 em');
        // No cell of any table under 3 em (a one-character column is about 1 em).
        assert.deepEqual(
          cells.filter((c) => c.width < 3 * c.em),
          [],
        );
        // The long object name is whole in the page, broken across lines rather than cut.
        if (name === 'stress') {
          assert.ok((await page.locator('.object-name', { hasText: LONG_NAME }).count()) > 0);
        }
        await shots.take(t, page, `${name}-${width}-top`, { fullPage: false });
        await page.locator('table.requirements').first().scrollIntoViewIfNeeded();
        await shots.take(t, page, `${name}-${width}-requirements`, { fullPage: false });
        await page.locator('#fixes').scrollIntoViewIfNeeded();
        await shots.take(t, page, `${name}-${width}-fixes`, { fullPage: false });
        await page.close();
      });
    }
  }

  test('an in-page link lands below the sticky filter bar (1,440 px)', async () => {
    const { html } = pages[0];
    const page = await open(html, 1440);
    const links = page.locator('#fixes a[href^="#check-"]');
    assert.ok((await links.count()) > 0);
    for (const index of [0, Math.floor((await links.count()) / 2)]) {
      const link = links.nth(index);
      const target = ((await link.getAttribute('href')) ?? '').slice(1);
      await link.click();
      await page.waitForFunction((id) => (globalThis as unknown as BrowserGlobals).location.hash === `#${id}`, target);
      await page.waitForTimeout(100);
      const bar = await page.locator('#filters').boundingBox();
      const box = await page.locator(`[id="${target}"]`).boundingBox();
      assert.ok(bar && box);
      assert.equal(
        await page
          .locator('#filters')
          .evaluate((f) => (globalThis as unknown as BrowserGlobals).getComputedStyle(f).position),
        'sticky',
        'the bar sticks at this width',
      );
      assert.ok(bar.y <= 1, `the bar is at the top (y ${bar.y})`);
      assert.ok(box.y >= bar.y + bar.height, `${target} at ${box.y} is under the bar ending at ${bar.y + bar.height}`);
    }
    await page.close();
  });

  test('every status filter hides the other rows and collapses what it empties', async () => {
    const { html, results } = pages[0];
    const page = await open(html, 1440);
    const statuses = await page
      .locator('#filter-status option')
      .evaluateAll((o) => o.map((e) => (e as unknown as DomElement).value).filter(Boolean));
    assert.deepEqual(
      statuses,
      STATUS_FILTER_OPTIONS.map((o) => o.value),
    );
    for (const status of statuses) {
      await page.selectOption('#filter-status', status);
      const rows = await page.locator('table.requirements tr[data-req]').evaluateAll((trs) =>
        trs.map((tr) => ({
          status: (tr as unknown as DomElement).dataset.status,
          verdict: (tr as unknown as DomElement).dataset.verdict,
          visible: (tr as unknown as DomElement).offsetParent !== null,
        })),
      );
      const matches = (r: { status?: string; verdict?: string }) =>
        status === 'attested' ? r.verdict === 'attestation' : r.status === status;
      const expected = results.frameworks
        .flatMap((f) => f.requirements)
        .filter((r) => (status === 'attested' ? r.verdictSource === 'attestation' : r.status === status)).length;
      assert.equal(rows.filter((r) => r.visible).length, expected, `${status}: visible requirement rows`);
      assert.ok(rows.filter((r) => r.visible).every(matches), `${status}: only ${status} rows`);
      // A group (heading and table) left with nothing visible is collapsed; a visible one shows something.
      const groups = await page.locator('.req-group').evaluateAll((gs) =>
        gs.map((g) => ({
          visible: (g as unknown as DomElement).offsetParent !== null,
          items: Array.from(
            (g as unknown as DomElement).querySelectorAll('tr[data-req], section.failing-requirement'),
          ).filter((i) => i.offsetParent !== null).length,
        })),
      );
      assert.deepEqual(
        groups.filter((g) => g.visible && g.items === 0),
        [],
        `${status}: no empty group shown`,
      );
      // The fix list is failing objects only.
      const fixesShown = await page.locator('section.ns-fix:visible').count();
      if (status === 'fail') assert.ok(fixesShown > 0);
      else assert.equal(fixesShown, 0, `${status}: no fix shown`);
    }
    await page.selectOption('#filter-status', '');
    assert.equal(await page.locator('.is-filtered-out').count(), 0, 'clearing the filter shows everything again');
    await page.close();
  });

  test('commands are code blocks; the fix list holds every failing object by namespace', async () => {
    const { html, results } = pages[0];
    const page = await open(html, 1440);
    const commands = await page.locator('.remediation pre.command > code').allTextContents();
    assert.ok(commands.length > 10, `${commands.length} commands`);
    assert.ok(
      commands.every((c) => /^(kubectl|aws|eksctl|helm) /.test(c)),
      commands.join('\n'),
    );
    const remediationText = await page.locator('.remediation').allTextContents();
    assert.ok(
      remediationText.every((r) => !r.includes('`')),
      'no backtick left in the prose',
    );

    const failing = results.checks.filter((c) => c.status === 'fail').flatMap((c) => c.failing);
    const namespaces = [...new Set(failing.map((f) => f.namespace ?? ''))];
    const shown = await page
      .locator('section.ns-fix')
      .evaluateAll((s) => s.map((e) => (e as unknown as DomElement).dataset.namespace ?? ''));
    assert.deepEqual([...shown].sort(), [...namespaces].sort());
    for (const ns of namespaces.filter(Boolean).slice(0, 3)) {
      const objects = new Set(failing.filter((f) => f.namespace === ns).map((f) => `${f.kind}\u0000${f.name}`));
      const section = page.locator(`section.ns-fix[data-namespace="${ns}"]`);
      assert.equal(await section.locator('tr[data-fix-object]').count(), Math.min(objects.size, 50), ns);
      await page.selectOption('#filter-namespace', ns);
      assert.deepEqual(
        await page
          .locator('section.ns-fix:visible')
          .evaluateAll((s) => s.map((e) => (e as unknown as DomElement).dataset.namespace)),
        [ns],
      );
    }
    await page.close();
  });

  for (const width of [1440, 390]) {
    test(`axe-core: no critical or serious violation (demo, ${width} px)`, async () => {
      // axe is injected by the test, which the page's CSP would otherwise refuse (it allows its own script only).
      const page = await open(pages[0].html, width, { bypassCSP: true });
      await page.evaluate(AXE_SOURCE);
      const violations = (await page.evaluate(
        `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, sample: v.nodes[0] && v.nodes[0].target })))`,
      )) as { id: string; impact: string; nodes: number }[];
      assert.deepEqual(
        violations.filter((v) => v.impact === 'critical' || v.impact === 'serious'),
        [],
      );
      await page.close();
    });
  }

  test('no request left the page', () => {
    assert.deepEqual(requests, []);
  });
});
