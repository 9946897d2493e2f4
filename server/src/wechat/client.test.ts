import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDatabase, type TestDatabase } from '../testing/test-db';
import { WechatApiError, WechatClient } from './client';
import { WechatSimulator } from './simulator';

const APPID = 'wxclienttest00001';
const SECRET = 'client-test-secret-0000';

describe('WechatClient against the simulator', () => {
  let now = Date.now();
  // The simulator keeps its codes and tokens in a database (an embedded one here).
  let testDb: TestDatabase;
  let simulator: WechatSimulator;
  const server = http.createServer();
  let baseUrl = '';
  const client = (overrides: Partial<{ appid: string; secret: string }> = {}) =>
    new WechatClient({ appid: overrides.appid ?? APPID, secret: overrides.secret ?? SECRET, baseUrl, now: () => now });

  beforeAll(async () => {
    testDb = await createTestDatabase('pglite');
    simulator = new WechatSimulator({ appid: APPID, secret: SECRET, db: testDb.database.db, now: () => now });
    server.on('request', simulator.app().callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await testDb.dispose();
  });

  it('exchanges a login code for the openid and unionid', async () => {
    const { code, openid } = await simulator.mintLoginCode('lily');
    const session = await client().code2Session(code);
    expect(session.openid).toBe(openid);
    expect(session.unionid).toMatch(/^u/);
  });

  it('fails with 40029 on a reused code', async () => {
    const { code } = await simulator.mintLoginCode('lily');
    const wechat = client();
    await wechat.code2Session(code);
    await expect(wechat.code2Session(code)).rejects.toMatchObject({ errcode: 40029 });
  });

  it('fails with 40013 on a wrong appid and 40125 on a wrong secret', async () => {
    const { code } = await simulator.mintLoginCode('lily');
    await expect(client({ appid: 'wxwrongappid00001' }).code2Session(code)).rejects.toMatchObject({ errcode: 40013 });
    await expect(client({ secret: 'wrong-secret-000000' }).code2Session(code)).rejects.toBeInstanceOf(WechatApiError);
    await expect(client({ secret: 'wrong-secret-000000' }).accessToken()).rejects.toMatchObject({ errcode: 40125 });
  });

  it('caches the access token across calls and renews it before expiry', async () => {
    const wechat = client();
    const before = simulator.calls.stableToken;
    const first = await wechat.accessToken();
    expect(await wechat.accessToken()).toBe(first);
    expect(simulator.calls.stableToken - before).toBe(1);
    now += (7200 - 240) * 1000; // within the 5-minute renewal margin
    const renewed = await wechat.accessToken();
    expect(simulator.calls.stableToken - before).toBe(2);
    expect(renewed).not.toBe(first);
  });

  it('shares one token request between concurrent callers', async () => {
    const wechat = client();
    const before = simulator.calls.stableToken;
    const tokens = await Promise.all([wechat.accessToken(), wechat.accessToken(), wechat.accessToken()]);
    expect(new Set(tokens).size).toBe(1);
    expect(simulator.calls.stableToken - before).toBe(1);
  });

  it('retries once with a fresh token when WeChat answers 40001', async () => {
    const wechat = client();
    await wechat.accessToken();
    await simulator.invalidateTokens();
    const { code } = await simulator.mintPhoneCode('lily', '13800138000');
    const before = simulator.calls.getPhoneNumber;
    const phone = await wechat.getPhoneNumber(code);
    expect(phone).toEqual({ phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86' });
    expect(simulator.calls.getPhoneNumber - before).toBe(2);
  });

  it('does not retry a phone code error (40029)', async () => {
    const wechat = client();
    const before = simulator.calls.getPhoneNumber;
    await expect(wechat.getPhoneNumber('no-such-code')).rejects.toMatchObject({ errcode: 40029 });
    expect(simulator.calls.getPhoneNumber - before).toBe(1);
  });

  it('reports an unreachable WeChat as WECHAT_UNAVAILABLE', async () => {
    const offline = new WechatClient({ appid: APPID, secret: SECRET, baseUrl: 'http://127.0.0.1:9', timeoutMs: 1000 });
    await expect(offline.code2Session('x')).rejects.toMatchObject({ code: 'WECHAT_UNAVAILABLE' });
  });
});
