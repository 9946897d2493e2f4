import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDatabase } from '../../testing/test-db';
import { WechatPayClient, type WechatPayClientOptions } from './client';
import { WechatPayNotificationError } from './errors';
import type { WechatPayNotification } from './schemas';
import { WechatPaySimulator, type WechatPaySimulatorOptions } from './simulator';

/** Test support for the WeChat Pay client and simulator (imported by *.test.ts only). */

export const MCHID = '1900000109';
export const APPID = 'wxpaytest00000001';
export const OPENID = 'oPayTestUser000000000000000';

/** A mutable clock shared by the simulator and the client of one test file. */
export interface TestClock {
  ms: number;
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** The simulator on an ephemeral port, its books in an embedded database of its own. */
export async function startSimulator(clock: TestClock, options: Partial<WechatPaySimulatorOptions> = {}) {
  const testDb = await createTestDatabase('pglite');
  const simulator = new WechatPaySimulator({ mchid: MCHID, appid: APPID, db: testDb.database.db, now: () => clock.ms, ...options });
  const server = http.createServer(simulator.app().callback());
  const baseUrl = await listen(server);
  return {
    simulator,
    baseUrl,
    close: async () => {
      await closeServer(server);
      await testDb.dispose();
    },
  };
}

/** A client configured against `simulator`, with overrides. */
export function clientFor(simulator: WechatPaySimulator, baseUrl: string, clock: TestClock, overrides: Partial<WechatPayClientOptions> = {}) {
  return new WechatPayClient({
    ...simulator.clientCredentials(),
    baseUrl,
    notifyUrl: 'https://shop.example.com/api/wechat/pay/notify',
    refundNotifyUrl: 'https://shop.example.com/api/wechat/pay/refund-notify',
    now: () => clock.ms,
    ...overrides,
  });
}

export interface ReceivedNotification {
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  /** What our side made of it: the notification, or the reason it was rejected. */
  outcome: WechatPayNotification | WechatPayNotificationError;
}

/**
 * A tiny notify endpoint: verifies and decrypts with `client()` and answers like ours will
 * (204 on success, 4xx `{"code":"FAIL","message":…}` on rejection).
 */
export async function startReceiver(client: () => WechatPayClient) {
  const received: ReceivedNotification[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      try {
        const outcome = client().verifyAndDecryptNotification({ headers: req.headers, rawBody });
        received.push({ headers: req.headers, rawBody, outcome });
        res.writeHead(204).end();
      } catch (error) {
        if (!(error instanceof WechatPayNotificationError)) throw error;
        received.push({ headers: req.headers, rawBody, outcome: error });
        res.writeHead(error.httpStatus, { 'Content-Type': 'application/json' }).end(JSON.stringify({ code: 'FAIL', message: error.message }));
      }
    });
  });
  const baseUrl = await listen(server);
  return { received, baseUrl, close: () => closeServer(server) };
}
