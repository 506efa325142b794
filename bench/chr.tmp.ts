import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import { renderHtml } from '../functions/report/html.js';
import { syntheticResults } from './benchmarks/pdf-vs-chromium.js';
const results = syntheticResults(7200, 10000);
const html = renderHtml({ results, history: [] });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
function chromiumTicks(): number {
  let t = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chromium')) continue;
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      t += Number(f[11]) + Number(f[12]);
    } catch {}
  }
  return t;
}
for (let r = 0; r < 3; r++) {
  const page = await browser.newPage();
  await page.setContent(html, { waitUntil: 'load' });
  await page.pdf({ format: 'A4', printBackground: true });
  await page.close();
  let prev = chromiumTicks();
  const series: number[] = [];
  for (let i = 0; i < 20; i++) { await sleep(100); const now = chromiumTicks(); series.push(now - prev); prev = now; }
  console.log('ticks per 100ms after close:', series.join(' '));
}
await browser.close();
