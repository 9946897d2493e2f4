import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from './server';

/** Where screenshots go (kept out of git; look at them after a run). */
export const SCREENSHOT_DIR = path.join(ROOT, 'test/artifacts/screenshots');

/** Debian's Chromium, headless, with the flags this closed network needs. */
export async function launchBrowser(options: { mobile?: boolean } = {}): Promise<BrowserContext> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siyu-chromium-'));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', // the same default as test/scripts/preflight.mjs
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    ...(options.mobile
      ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' }
      : { viewport: { width: 1440, height: 900 }, locale: 'zh-CN' }),
  });
}

/** Saves a full-page screenshot as test/artifacts/screenshots/<name>.png and returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * A fresh browser context (kept in `contexts` so the test file closes it) and a page that fails the test
 * on any uncaught page error. Demo product pictures live on a placeholder host: their requests are failed
 * fast and the pages show their placeholders.
 */
export async function openPage(contexts: BrowserContext[], options: { mobile?: boolean; timeoutMs?: number } = {}): Promise<Page> {
  const context = await launchBrowser({ mobile: options.mobile ?? false });
  contexts.push(context);
  await context.route('https://img.siyu.example/**', (route) => route.abort());
  const page = await context.newPage();
  if (options.timeoutMs) page.setDefaultTimeout(options.timeoutMs);
  page.on('pageerror', (error) => {
    throw error;
  });
  return page;
}
