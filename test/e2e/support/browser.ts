import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from './server';

/** Where screenshots go (kept out of git; look at them after a run). */
export const SCREENSHOT_DIR = path.join(ROOT, 'test/artifacts/screenshots');

/** What went wrong on the pages of the current test: failed requests, error responses, console errors. */
const pageProblems: string[] = [];

/** An API answer of 4xx is the shop's business (a refused coupon, a wrong password, shown as a message). */
function isApiClientError(url: string, status: number): boolean {
  return new URL(url).pathname.startsWith('/api/') && status >= 400 && status < 500;
}

/**
 * Every page of a browser this helper launched reports what failed: a request that did not complete
 * (a host that does not exist, a refused connection; a navigation's own cancellation excepted), a
 * response ≥ 400 for anything but a 4xx API answer, and console errors (other than the browser's
 * line for such an API answer). Each test ends by asserting the list is empty (the hook below).
 */
function watchPage(page: Page): void {
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? 'failed';
    if (reason !== 'net::ERR_ABORTED' && !isExpectedFailure(page, request.url()))
      pageProblems.push(`request failed: ${request.method()} ${request.url()} (${reason})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && !isApiClientError(response.url(), response.status())) {
      pageProblems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
    }
  });
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url } = message.location();
    const isApiAnswerLine = /^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text()) && url && isApiClientError(url, 400);
    if (!isApiAnswerLine && !(url && isExpectedFailure(page, url))) pageProblems.push(`console error: ${message.text()}${url ? ` (${url})` : ''}`);
  });
}

/** URLs a test breaks on purpose (a simulated network failure), by page. */
const expectedFailures = new WeakMap<Page, (url: string) => boolean>();

function isExpectedFailure(page: Page, url: string): boolean {
  return expectedFailures.get(page)?.(url) ?? false;
}

/** Declares that requests of `page` matching `isExpected` fail on purpose (the test aborts them itself). */
export function expectFailedRequests(page: Page, isExpected: (url: string) => boolean): void {
  expectedFailures.set(page, isExpected);
}

afterEach(() => {
  const problems = pageProblems.splice(0);
  if (problems.length > 0) throw new Error(`the browser saw ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
});

/** Debian's Chromium, headless, with the flags this closed network needs; its pages are watched (watchPage). */
export async function launchBrowser(options: { mobile?: boolean } = {}): Promise<BrowserContext> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'siyu-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
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
  context.pages().forEach(watchPage);
  context.on('page', watchPage);
  return context;
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
 * on any uncaught page error, failed request or console error (watchPage).
 */
export async function openPage(contexts: BrowserContext[], options: { mobile?: boolean; timeoutMs?: number } = {}): Promise<Page> {
  const context = await launchBrowser({ mobile: options.mobile ?? false });
  contexts.push(context);
  const page = await context.newPage();
  if (options.timeoutMs) page.setDefaultTimeout(options.timeoutMs);
  page.on('pageerror', (error) => {
    throw error;
  });
  return page;
}
