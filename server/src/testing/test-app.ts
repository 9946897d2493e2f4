import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type Koa from 'koa';
import supertest from 'supertest';
import { createApp } from '../app';
import { buildDeps } from '../bootstrap';
import { loadConfig, REPO_ROOT } from '../config';
import type { AppDeps } from '../deps';
import type { AppState } from '../http/types';
import { createLogger } from '../lib/logger';
import { WechatPaySimulator } from '../wechat/pay';
import { WechatSimulator } from '../wechat/simulator';
import { WecomSimulator } from '../wecom/simulator';
import { AliyunSmsClient } from '../sms/client';
import { SmsSimulator } from '../sms/simulator';
import { findSmsTemplate } from '../modules/sms/templates';
import type { TestDriver } from './drivers';
import { createTestDatabase, openSameTestDatabase, type TestDatabase } from './test-db';

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
  paySimulator: WechatPaySimulator;
  /** The WeCom simulator (its own port); its callbacks go to this app's `/api/wecom/callback`. */
  wecomSimulator: WecomSimulator;
  /** The Aliyun SMS simulator (its own port); it pushes receipts and replies to this app's `/api/sms/aliyun/*`. */
  smsSimulator: SmsSimulator;
  /** The app also listens on a loopback port: WeChat Pay notifications and benchmarks use it. */
  baseUrl: string;
  /** Its database (a second instance made with `sameDatabaseAs` opens its own pool on the same one). */
  testDb: TestDatabase;
  clock: TestClock;
  close(): Promise<void>;
}

/**
 * A real app on a fresh database of `driver`, whose WeChat client talks HTTP to a strict simulator on
 * an ephemeral port, with a movable clock. One per test file (or per describe block).
 */
export async function createTestApp(driver: TestDriver, options: TestAppOptions = {}): Promise<TestApp> {
  let offsetMs = 0;
  const clock: TestClock = {
    now: () => new Date(Date.now() + offsetMs),
    advance: (ms) => {
      offsetMs += ms;
    },
  };
  const poolOptions = options.poolSize === undefined ? {} : { poolSize: options.poolSize };
  const shared = options.sameDatabaseAs;
  const testDb = shared ? await openSameTestDatabase(shared.testDb, poolOptions) : await createTestDatabase(driver, poolOptions);
  // The simulators keep their state (and the pay keys) in the app's database, as under `npm start`.
  const simDb = testDb.database.db;
  const simulator = new WechatSimulator({ appid: TEST_APPID, secret: TEST_APP_SECRET, db: simDb, now: () => clock.now().getTime(), shopBase: () => baseUrl });
  const simServer = await listen(simulator.app().callback());
  const simUrl = urlOf(simServer);
  const paySimulator = await WechatPaySimulator.open({ mchid: TEST_MCHID, appid: TEST_APPID, db: simDb, now: () => clock.now().getTime() });
  const paySimServer = await listen(paySimulator.app().callback());
  const appServer = await listen();
  const baseUrl = urlOf(appServer);
  const wecomSimulator = new WecomSimulator({
    ...TEST_WECOM,
    callbackUrl: `${baseUrl}/api/wecom/callback`,
    db: simDb,
    now: () => clock.now().getTime(),
  });
  const wecomSimServer = await listen(wecomSimulator.app().callback());
  const smsCallback = (kind: string) => `${baseUrl}/api/sms/aliyun/${kind}?token=${TEST_SMS.callbackToken}`;
  const smsSimulator = new SmsSimulator({
    accessKeyId: TEST_SMS.accessKeyId,
    accessKeySecret: TEST_SMS.accessKeySecret,
    db: simDb,
    now: () => clock.now().getTime(),
    reportUrl: smsCallback('report'),
    uplinkUrl: smsCallback('uplink'),
    // Like the demo: the app's approved templates count as registered at the provider.
    lookupTemplate: async (code) => {
      const found = await findSmsTemplate(simDb, code);
      return found?.status === 'approved' ? found : null;
    },
  });
  const smsSimServer = await listen(smsSimulator.app().callback());

  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'test-jwt-secret-0123456789-0123456789',
    PHONE_ENC_KEY: TEST_PHONE_KEY,
    WECHAT_APPID: TEST_APPID,
    WECHAT_SECRET: TEST_APP_SECRET,
    WECHAT_API_BASE: simUrl,
    ...payEnvironment(paySimulator, urlOf(paySimServer)),
    PUBLIC_URL: baseUrl,
    WECOM_CORP_ID: TEST_WECOM.corpId,
    WECOM_CONTACT_SECRET: TEST_WECOM.secret,
    WECOM_CALLBACK_TOKEN: TEST_WECOM.callbackToken,
    WECOM_ENCODING_AES_KEY: TEST_WECOM.encodingAesKey,
    WECOM_API_BASE: urlOf(wecomSimServer),
    WECOM_DEFAULT_USER_IDS: 'sales-01',
    ALIYUN_SMS_ACCESS_KEY_ID: TEST_SMS.accessKeyId,
    ALIYUN_SMS_ACCESS_KEY_SECRET: TEST_SMS.accessKeySecret,
    ALIYUN_SMS_CALLBACK_TOKEN: TEST_SMS.callbackToken,
    ALIYUN_SMS_ENDPOINT: urlOf(smsSimServer),
    // Content-addressed files: every test app may share one folder (and generated demo images stay cached).
    MEDIA_DIR: path.join(REPO_ROOT, 'data/test-media'),
    ...options.env,
  });
  const deps = buildDeps(config, testDb.database, createLogger('silent'), { wechatBaseUrl: simUrl, payNotifyBaseUrl: baseUrl, now: clock.now });
  const app = createApp(deps);
  const callback = app.callback();
  appServer.on('request', callback);
  return {
    driver,
    deps,
    app,
    request: () => supertest(callback),
    simulator,
    paySimulator,
    wecomSimulator,
    smsSimulator,
    baseUrl,
    testDb,
    clock,
    close: async () => {
      await Promise.all(
        [simServer, paySimServer, wecomSimServer, smsSimServer, appServer].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
      );
      await testDb.dispose();
    },
  };
}

export const TEST_MCHID = '1230000109';

/** The test account's Aliyun SMS credentials (the SMS simulator's) and the callback URLs' token. */
export const TEST_SMS = {
  accessKeyId: 'LTAItestsms00000001',
  accessKeySecret: 'test-sms-access-key-secret-0123',
  callbackToken: 'test-sms-callback-token-0123456789',
};

/**
 * Runs `work` with a 1 s Aliyun client in the app and the SMS simulator set to hang on its next call (2.5 s),
 * so that call is a timeout; the app's own client is put back afterwards.
 */
export async function withSmsTimeout<T>(t: TestApp, work: () => Promise<T>): Promise<T> {
  const patient = t.deps.sms;
  t.deps.sms = new AliyunSmsClient({
    accessKeyId: TEST_SMS.accessKeyId,
    accessKeySecret: TEST_SMS.accessKeySecret,
    endpoint: t.deps.config.sms?.endpoint ?? '',
    now: () => t.clock.now().getTime(),
    timeoutMs: 1000,
  });
  t.smsSimulator.timeoutNext();
  try {
    return await work();
  } finally {
    t.deps.sms = patient;
  }
}

/** The test corp's WeCom credentials (the WeCom simulator's; the official sample's token and AES key). */
export const TEST_WECOM = {
  corpId: 'wwtestcorp0000001',
  secret: 'test-wecom-contact-secret-0123456789',
  callbackToken: 'QDG6eK',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
};

export interface TestAppOptions {
  poolSize?: number;
  env?: NodeJS.ProcessEnv;
  /**
   * A second instance on the same server database (its own pool, simulators, servers and deps, as a second
   * process would have); closing it leaves the database to its owner.
   */
  sameDatabaseAs?: TestApp;
}

async function listen(handler?: http.RequestListener): Promise<http.Server> {
  const server = handler ? http.createServer(handler) : http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function urlOf(server: http.Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The app is configured like production (WECHAT_PAY_* variables) with the pay simulator's merchant keys. */
function payEnvironment(simulator: WechatPaySimulator, simUrl: string): NodeJS.ProcessEnv {
  const credentials = simulator.clientCredentials();
  const [publicKeyId, publicKey] = [...simulator.verificationKeys()][0] ?? [];
  if (!publicKeyId || !publicKey) throw new Error('pay simulator has no verification key');
  const pem = (key: unknown, type: 'pkcs8' | 'spki') =>
    typeof key === 'string' ? key : (key as import('node:crypto').KeyObject).export({ type, format: 'pem' }).toString();
  return {
    WECHAT_PAY_MCHID: TEST_MCHID,
    WECHAT_PAY_MERCHANT_SERIAL_NO: credentials.merchantSerialNo,
    WECHAT_PAY_MERCHANT_PRIVATE_KEY: pem(credentials.merchantPrivateKey, 'pkcs8'),
    WECHAT_PAY_API_V3_KEY: credentials.apiV3Key,
    WECHAT_PAY_PUBLIC_KEY_ID: publicKeyId,
    WECHAT_PAY_PUBLIC_KEY: pem(publicKey, 'spki'),
    WECHAT_PAY_BASE_URL: simUrl,
  };
}
