import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import supertest from 'supertest';
import { createApp } from '../app';
import { buildDeps } from '../bootstrap';
import { loadConfig } from '../config';
import type { AppDeps } from '../deps';
import type { AppState } from '../http/types';
import { createLogger } from '../lib/logger';
import { WechatSimulator } from '../wechat/simulator';
import type { TestDriver } from './drivers';
import { createTestDatabase } from './test-db';

export const TEST_APPID = 'wxtest00000000001';
export const TEST_APP_SECRET = 'test-app-secret-0123456789';
/** Base64 of 32 bytes: the phone key of every test app. */
export const TEST_PHONE_KEY = Buffer.alloc(32, 7).toString('base64');

export interface TestClock {
  now(): Date;
  /** Moves the clock forward (tokens, codes and windows expire). */
  advance(ms: number): void;
}

export interface TestApp {
  driver: TestDriver;
  deps: AppDeps;
  app: Koa<AppState>;
  /** supertest bound to the app's callback (no port). */
  request: () => ReturnType<typeof supertest>;
  simulator: WechatSimulator;
  clock: TestClock;
  close(): Promise<void>;
}

/**
 * A real app on a fresh database of `driver`, whose WeChat client talks HTTP to a strict simulator on
 * an ephemeral port, with a movable clock. One per test file (or per describe block).
 */
export async function createTestApp(driver: TestDriver, options: { poolSize?: number; env?: NodeJS.ProcessEnv } = {}): Promise<TestApp> {
  let offsetMs = 0;
  const clock: TestClock = {
    now: () => new Date(Date.now() + offsetMs),
    advance: (ms) => {
      offsetMs += ms;
    },
  };
  const simulator = new WechatSimulator({ appid: TEST_APPID, secret: TEST_APP_SECRET, now: () => clock.now().getTime() });
  const simServer = http.createServer(simulator.app().callback());
  await new Promise<void>((resolve) => simServer.listen(0, '127.0.0.1', resolve));
  const simUrl = `http://127.0.0.1:${(simServer.address() as AddressInfo).port}`;

  const testDb = await createTestDatabase(driver, options.poolSize === undefined ? {} : { poolSize: options.poolSize });
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'test-jwt-secret-0123456789-0123456789',
    PHONE_ENC_KEY: TEST_PHONE_KEY,
    WECHAT_APPID: TEST_APPID,
    WECHAT_SECRET: TEST_APP_SECRET,
    WECHAT_API_BASE: simUrl,
    ...options.env,
  });
  const deps = buildDeps(config, testDb.database, createLogger('silent'), { wechatBaseUrl: simUrl, now: clock.now });
  const app = createApp(deps);
  const callback = app.callback();
  return {
    driver,
    deps,
    app,
    request: () => supertest(callback),
    simulator,
    clock,
    close: async () => {
      await new Promise<void>((resolve) => simServer.close(() => resolve()));
      await testDb.dispose();
    },
  };
}
