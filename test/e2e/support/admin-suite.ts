import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { adminLogin, adminShot } from './admin-page';
import { openPage, SCREENSHOT_DIR } from './browser';
import { startServer, type RunningServer } from './server';

/** Screenshots also land in /tmp/shots for a quick look after a run. */
export const SHOTS_COPY_DIR = '/tmp/shots';

export interface AdminSuite {
  /** The server started in beforeAll (read it inside hooks and tests, not at describe time). */
  readonly server: RunningServer;
  /** Every browser context the suite opened (openPage adds to it); closed in afterAll. */
  readonly contexts: BrowserContext[];
  /** A fresh 1440 × 900 page signed in to the console as a demo staff account (owner, analyst, …). */
  openAdmin: (username: string) => Promise<Page>;
}

/**
 * The admin browser suites' setup, called at the top of a describe: the real server on a fresh demo
 * database before all tests (`startTimeoutMs`, default 120 s), the browser contexts closed and the
 * server stopped after; pages open with `pageTimeoutMs` (default 30 s) as actions' and waits' limit; `env`
 * goes to the server (e.g. DEMO_JOURNEYS).
 */
export function adminSuite(options: { startTimeoutMs?: number; pageTimeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): AdminSuite {
  let running: RunningServer | undefined;
  const contexts: BrowserContext[] = [];
  const server = (): RunningServer => {
    if (!running) throw new Error('the server starts in beforeAll');
    return running;
  };
  beforeAll(async () => {
    running = await startServer(options.env ? { env: options.env } : {});
  }, options.startTimeoutMs ?? 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await running?.stop();
  });
  return {
    get server() {
      return server();
    },
    contexts,
    openAdmin: async (username) => {
      const page = await openPage(contexts, { timeoutMs: options.pageTimeoutMs ?? 30_000 });
      await adminLogin(page, server().baseUrl, username);
      return page;
    },
  };
}

/** Copies the screenshot saved as `name` to SHOTS_COPY_DIR. */
export function copyShot(name: string): void {
  fs.mkdirSync(SHOTS_COPY_DIR, { recursive: true });
  const file = `${name}.png`;
  if (fs.existsSync(path.join(SCREENSHOT_DIR, file))) fs.copyFileSync(path.join(SCREENSHOT_DIR, file), path.join(SHOTS_COPY_DIR, file));
}

/** adminShot, with a copy in SHOTS_COPY_DIR. */
export async function adminShotCopied(page: Page, name: string): Promise<void> {
  await adminShot(page, name);
  copyShot(name);
}
