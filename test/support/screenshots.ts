/**
 * Where the layout tests put their Chromium screenshots: a fresh folder under the system's temp folder, printed as a
 * test diagnostic so a reader finds the pictures in the test output. The folder is removed after the tests unless
 * KEEP is set (KEEP=1 npm test), to keep the pictures for a look.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, type TestContext } from 'node:test';
import type { Page } from 'playwright-core';

export interface ScreenshotFolder {
  readonly dir: string;
  /**
   * A PNG of `page` as `<name>.png`, the whole page by default or the viewport (a long report is too tall for one
   * picture); the path is printed as a diagnostic of `t`.
   */
  take(t: TestContext, page: Page, name: string, options?: { fullPage?: boolean }): Promise<string>;
}

/** A folder for this test file's screenshots, removed in an `after` hook unless KEEP is set. */
export function screenshotFolder(prefix: string): ScreenshotFolder {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-screenshots-`));
  after(() => {
    if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    async take(t, page, name, options = {}) {
      const path = join(dir, `${name}.png`);
      await page.screenshot({ path, fullPage: options.fullPage ?? true });
      t.diagnostic(`screenshot: ${path}${process.env.KEEP ? '' : ' (removed after the run; KEEP=1 keeps it)'}`);
      return path;
    },
  };
}

/** The page's scrolling width against its viewport: a page that scrolls sideways has scrollWidth > clientWidth. */
export function pageWidths(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  // A string: the test project is compiled without the DOM's types.
  return page.evaluate(`(() => {
    const root = document.scrollingElement || document.documentElement;
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
  })()`);
}
