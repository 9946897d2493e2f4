import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PNG } from 'pngjs';
import { decodeQrPng } from '../modules/entry-codes/qr-decode';
import { createTestDatabase, type TestDatabase } from '../testing/test-db';
import { WechatClient } from './client';
import { WechatSimulator } from './simulator';

const APPID = 'wxwxacodetest0001';
const SECRET = 'wxa-code-test-secret-0000';
const SHOP = 'http://shop.test:8080';

describe('mini-program codes and URL Links: WechatClient against the simulator', () => {
  let now = Date.now();
  let testDb: TestDatabase;
  let simulator: WechatSimulator;
  const server = http.createServer();
  let baseUrl = '';
  const client = () => new WechatClient({ appid: APPID, secret: SECRET, baseUrl, now: () => now });

  beforeAll(async () => {
    testDb = await createTestDatabase('pglite');
    simulator = new WechatSimulator({ appid: APPID, secret: SECRET, db: testDb.database.db, now: () => now, shopBase: `${SHOP}/`, dailyLinkQuota: 3 });
    server.on('request', simulator.app().callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await testDb.dispose();
  });

  describe('getwxacodeunlimit', () => {
    it('answers a PNG that decodes to the H5 shop URL with ?scene=', async () => {
      const png = await client().getUnlimitedQrCode({ scene: "c=K7p2Qx!*'()", width: 430 });
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(PNG.sync.read(png).width).toBe(430);
      expect(decodeQrPng(png)).toBe(`${SHOP}/#/pages/index/index?scene=${encodeURIComponent("c=K7p2Qx!*'()")}`);
    });

    it('refuses a scene over 32 chars with 40169 and one with characters outside the alphabet with 40129', async () => {
      await expect(client().getUnlimitedQrCode({ scene: 'c='.padEnd(33, 'x') })).rejects.toMatchObject({ errcode: 40169 });
      await expect(client().getUnlimitedQrCode({ scene: '' })).rejects.toMatchObject({ errcode: 40169 });
      await expect(client().getUnlimitedQrCode({ scene: 'c=中文' })).rejects.toMatchObject({ errcode: 40129 });
      await expect(client().getUnlimitedQrCode({ scene: 'c=a%20b' })).rejects.toMatchObject({ errcode: 40129 });
    });

    it('refuses a page with a leading slash, or an unknown page while check_path is on, with 41030', async () => {
      await expect(client().getUnlimitedQrCode({ scene: 'c=1', page: '/pages/index/index' })).rejects.toMatchObject({ errcode: 41030 });
      await expect(client().getUnlimitedQrCode({ scene: 'c=1', page: 'pages/nowhere/index' })).rejects.toMatchObject({ errcode: 41030 });
      const png = await client().getUnlimitedQrCode({ scene: 'c=1', page: 'pages/nowhere/index', checkPath: false, width: 280 });
      expect(decodeQrPng(png)).toBe(`${SHOP}/#/pages/nowhere/index?scene=c%3D1`);
    });

    it('refuses a width outside 280..1280 and a bad env_version', async () => {
      await expect(client().getUnlimitedQrCode({ scene: 'c=1', width: 279 })).rejects.toMatchObject({ errcode: 47001 });
      await expect(client().getUnlimitedQrCode({ scene: 'c=1', width: 1281 })).rejects.toMatchObject({ errcode: 47001 });
      await expect(client().getUnlimitedQrCode({ scene: 'c=1', envVersion: 'beta' as 'trial' })).rejects.toMatchObject({ errcode: 40097 });
    });

    it('fetches a fresh token and retries once when the cached one was invalidated (40001)', async () => {
      const wechat = client();
      const first = await wechat.accessToken();
      await simulator.invalidateTokens();
      const tokensBefore = simulator.calls.stableToken;
      const callsBefore = simulator.calls.getUnlimited;
      const png = await wechat.getUnlimitedQrCode({ scene: 'c=retry' });
      expect(decodeQrPng(png)).toContain('scene=c%3Dretry');
      expect(simulator.calls.getUnlimited - callsBefore).toBe(2);
      expect(simulator.calls.stableToken - tokensBefore).toBe(1);
      expect(await wechat.accessToken()).not.toBe(first);
    });
  });

  describe('generate_urllink', () => {
    it('makes a wxaurl.cn link whose resolver opens the page with the query, and a cq appended to it', async () => {
      const { urlLink } = await client().generateUrlLink({ path: 'pages/index/index', query: 'scene=c%3DK7p2Qx', expireType: 1, expireInterval: 30 });
      expect(urlLink).toMatch(/^https:\/\/wxaurl\.cn\/[0-9A-Za-z]{12}$/);
      const ticket = urlLink.split('/').pop() ?? '';
      const opened = await fetch(`${baseUrl}/sim/urllink/${ticket}?cq=Ab3dE6gH9j`).then((r) => r.json() as Promise<Record<string, unknown>>);
      expect(opened).toMatchObject({ path: 'pages/index/index', query: 'scene=c%3DK7p2Qx', isExpired: false });
      expect(opened.h5Url).toBe(`${SHOP}/#/pages/index/index?scene=c%3DK7p2Qx&cq=Ab3dE6gH9j`);
      expect(new Date(String(opened.expiresAt)).getTime()).toBe(now + 30 * 86_400_000);
      expect((await fetch(`${baseUrl}/sim/urllink/nope`)).status).toBe(404);
    });

    it('refuses expire intervals outside 1..30 days and expire times past 30 days with 85401', async () => {
      for (const expireInterval of [0, 31, 1.5]) {
        await expect(client().generateUrlLink({ query: 'scene=c%3D1', expireType: 1, expireInterval })).rejects.toMatchObject({ errcode: 85401 });
      }
      const seconds = Math.floor(now / 1000);
      await expect(client().generateUrlLink({ expireType: 0, expireTime: seconds - 1 })).rejects.toMatchObject({ errcode: 85401 });
      await expect(client().generateUrlLink({ expireType: 0, expireTime: seconds + 30 * 86_400 + 1 })).rejects.toMatchObject({ errcode: 85401 });
    });

    it('refuses a bad query with 40212 and a bad path with 40165', async () => {
      await expect(client().generateUrlLink({ query: 'scene=中文', expireType: 1, expireInterval: 1 })).rejects.toMatchObject({ errcode: 40212 });
      await expect(client().generateUrlLink({ query: 'x'.repeat(1025), expireType: 1, expireInterval: 1 })).rejects.toMatchObject({ errcode: 40212 });
      await expect(client().generateUrlLink({ path: '/pages/index/index', expireType: 1, expireInterval: 1 })).rejects.toMatchObject({ errcode: 40165 });
      await expect(client().generateUrlLink({ path: 'pages/nowhere/index', expireType: 1, expireInterval: 1 })).rejects.toMatchObject({ errcode: 40165 });
    });

    it('counts the daily generation quota and answers 45009 past it, then again the next day', async () => {
      now += 2 * 86_400_000; // a fresh day (the quota of this simulator is 3)
      const make = () => client().generateUrlLink({ query: 'scene=c%3D1', expireType: 1, expireInterval: 1 });
      for (let i = 0; i < 3; i += 1) await make();
      await expect(make()).rejects.toMatchObject({ errcode: 45009 });
      now += 86_400_000;
      await expect(make()).resolves.toMatchObject({ urlLink: expect.stringMatching(/^https:\/\/wxaurl\.cn\//) });
    });
  });
});
