/**
 * Headless Chromium as the HTML tests and the PDF benchmark start it: no sandbox (tests run as root), no GPU, and
 * nothing that would reach the network on its own (updates, sync, first-run). Found on PATH or at CHROMIUM_PATH
 * (test/support/tools.ts).
 */
import { type Browser, chromium } from 'playwright-core';
import { tool } from './tools.js';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: tool('chromium'), args: CHROMIUM_ARGS });
}
