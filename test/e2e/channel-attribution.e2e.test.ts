import fs from 'node:fs';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { BrowserContext, Page, Response } from 'playwright-core';
import { DEMO_PASSWORD } from './support/admin-page';
import { openPage, screenshot } from './support/browser';
import { visible } from './support/page';
import { startServer, type RunningServer } from './support/server';
import { addDefaultAddress, loginInShop, shopperCall } from './support/shopper';

/**
 * Issue 13 end to end in the H5 build (Debian's Chromium, 390×844) against the real server (`npm start`'s
 * main.ts, demo data, WeChat simulators, event consumers running): the admin makes a 包裹卡 channel with a
 * plan and a code, downloads the code's mini-program code image and decodes it to the shop URL with
 * `?scene=`; a shopper opens a well-formed unknown scene (recorded, counted nowhere), then THAT URL
 * (a matched touch of the channel), logs in, orders and pays on the simulated WeChat Pay sheet; the
 * channel report then shows one new member, one order and the paid amount under the channel for both
 * attribution models, and plan progress moved. Screenshots: /tmp/shots/ and test/artifacts/screenshots/.
 */
describe('H5 channel attribution: QR code → ?scene= → login → order → pay → channel report', () => {
  let server: RunningServer;
  const contexts: BrowserContext[] = [];
  let staffToken = '';

  beforeAll(async () => {
    server = await startServer();
    const login = await call<{ accessToken: string }>('POST', '/api/admin/auth/login', { username: 'owner', password: DEMO_PASSWORD });
    staffToken = login.accessToken;
  }, 300_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await server?.stop();
  });

  async function call<T>(method: string, url: string, body?: unknown, token?: string): Promise<T> {
    const res = await fetch(`${server.baseUrl}${url}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }
  const admin = <T>(method: string, url: string, body?: unknown) => call<T>(method, url, body, staffToken);

  interface ReportRow {
    channelId: number | null;
    touches: number;
    newMembers: number;
    firstOrderMembers: number;
    orders: number;
    gmvFen: number;
    paidFen: number;
    plannedMembers: number;
    plannedGmvFen: number;
    memberProgress: number | null;
    gmvProgress: number | null;
  }

  /** Today and yesterday in Asia/Shanghai (the report's calendar). */
  function reportRange(): { from: string; to: string } {
    const day = (date: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(date);
    return { from: day(new Date(Date.now() - 86_400_000)), to: day(new Date()) };
  }

  async function reportRow(channelId: number, model: 'first' | 'last'): Promise<ReportRow> {
    const { from, to } = reportRange();
    const report = await admin<{ rows: ReportRow[] }>('GET', `/api/admin/channels/report?from=${from}&to=${to}&model=${model}`);
    const row = report.rows.find((candidate) => candidate.channelId === channelId);
    if (!row) throw new Error(`no report row for channel ${channelId}: ${JSON.stringify(report.rows.map((r) => r.channelId))}`);
    return row;
  }

  /** The event consumers run in the server process: wait until the report shows what `isDone` wants. */
  async function waitForRow(channelId: number, model: 'first' | 'last', isDone: (row: ReportRow) => boolean): Promise<ReportRow> {
    const deadline = Date.now() + 30_000;
    let row = await reportRow(channelId, model);
    while (!isDone(row) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      row = await reportRow(channelId, model);
    }
    return row;
  }

  /** Opens `url` as a fresh start of the shop (a new document, same browser storage) and returns its touch request. */
  async function openAsNewStart(page: Page, url: string): Promise<{ body: { deviceId?: string; touches: Record<string, unknown>[] }; response: Response }> {
    await page.goto('about:blank');
    const touched = page.waitForResponse((res) => res.url().endsWith('/api/touches') && res.request().method() === 'POST', { timeout: 20_000 });
    await page.goto(url);
    const response = await touched;
    return { body: response.request().postDataJSON() as { deviceId?: string; touches: Record<string, unknown>[] }, response };
  }

  it('the scanned code opens the shop with ?scene=, and the member, order and GMV land under its channel (first and last touch)', async () => {
    // The admin: a 包裹卡 channel with a plan (1,000 cards × 10% → 100 members × 1 order × ¥50 = ¥5,000) and one code.
    const channel = await admin<{ id: number; plannedMembers: number; plannedGmvFen: number }>('POST', '/api/admin/channels', {
      kind: 'package_card',
      name: 'E2E 包裹卡 12月',
      fixedCostFen: 10_000,
      unitCostMilliFen: 350_000,
      plannedReach: 1000,
      plannedConversionBp: 1000,
      plannedOrdersPerMemberX100: 100,
      plannedAovFen: 5000,
    });
    expect(channel).toMatchObject({ plannedMembers: 100, plannedGmvFen: 500_000 });
    const code = await admin<{ id: number; scene: string }>('POST', `/api/admin/channels/${channel.id}/codes`, { label: 'E2E 单码' });
    expect(code.scene).toMatch(/^c=[0-9A-Za-z]{6}$/);
    const codes = await admin<{ items: { id: number; scene: string }[] }>('GET', `/api/admin/channels/${channel.id}/codes`);
    expect(codes.items.map((item) => item.scene)).toContain(code.scene);

    // Its mini-program code image decodes to the H5 shop URL with ?scene=.
    const png = await fetch(`${server.baseUrl}/api/admin/channel-codes/${code.id}/qrcode.png`, { headers: { Authorization: `Bearer ${staffToken}` } });
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toMatch(/^image\/png/);
    const image = PNG.sync.read(Buffer.from(await png.arrayBuffer()));
    const decoded = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
    const shopUrl = decoded?.data ?? '';
    expect(shopUrl).toBe(`${server.baseUrl}/#/pages/index/index?scene=${encodeURIComponent(code.scene)}`);

    const before = await reportRow(channel.id, 'first');
    expect(before).toMatchObject({ touches: 0, newMembers: 0, orders: 0, gmvFen: 0 });

    // A well-formed scene nobody issued: the touch is accepted (kept as unknown_code) and the shop works.
    const page = await openPage(contexts, { mobile: true });
    const unknown = await openAsNewStart(page, `${server.baseUrl}/#/pages/index/index?scene=${encodeURIComponent('c=Zz0Zz0')}`);
    expect(unknown.response.status()).toBe(202);
    expect(unknown.body.deviceId).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(unknown.body.touches.map((touch) => touch.kind).sort()).toEqual(['launch', 'show']);
    expect(unknown.body.touches.every((touch) => touch.scene === 'c=Zz0Zz0')).toBe(true);
    await page.locator('.pcard').first().waitFor({ timeout: 30_000 });

    // The scanned URL: launch + show of one start in one request, with the same device id.
    const scanned = await openAsNewStart(page, shopUrl);
    expect(scanned.response.status()).toBe(202);
    expect(scanned.body.deviceId).toBe(unknown.body.deviceId);
    expect(scanned.body.touches).toHaveLength(2);
    for (const touch of scanned.body.touches) expect(touch).toMatchObject({ scene: code.scene });
    expect(scanned.body.touches).not.toContainEqual(expect.objectContaining({ wxScene: expect.anything() }));
    await page.locator('.pcard').first().waitFor({ timeout: 30_000 });
    await shot(page, 'channel-shop-scanned');
    // Matched → counted as scans of the channel (the unknown scene was not).
    const scannedRow = await waitForRow(channel.id, 'first', (row) => row.touches >= 1);
    expect(scannedRow.touches).toBeGreaterThanOrEqual(1);
    expect(scannedRow.touches).toBeLessThanOrEqual(2);

    // Login (simulated) on this device: the member's acquisition channel is the scanned one.
    const shopper = await loginInShop(page, server.baseUrl, 'e2e_channel_card');
    await addDefaultAddress(server.baseUrl, shopper);

    // Order in the shop and pay on the simulated WeChat Pay sheet.
    const found = (await (await fetch(`${server.baseUrl}/api/products?q=${encodeURIComponent('每日坚果')}`)).json()) as { items: { id: number }[] };
    await page.goto(`${server.baseUrl}/#/pages/product/index?id=${String(found.items[0]?.id)}`);
    await page.locator('.price-block').waitFor({ timeout: 30_000 });
    await page.locator('.action-bar').getByText('立即购买').click();
    const chip = page.locator('.sku-chip', { hasText: '25g×7包' });
    if (!((await chip.getAttribute('class')) ?? '').includes('sku-chip--chosen')) await chip.click();
    await visible(page, '已选：25g×7包');
    await page.locator('.sheet__footer').getByText('立即购买').click();
    await page.locator('.checkout .address-card').waitFor({ timeout: 30_000 });
    await page.locator('.price-summary__payable').waitFor({ timeout: 30_000 });
    const created = page.waitForResponse((res) => new URL(res.url()).pathname === '/api/orders' && res.request().method() === 'POST', { timeout: 60_000 });
    await page.locator('.checkout-submit__button').click();
    const order = (await (await created).json()) as { id: number };
    const sheet = page.locator('.sim-pay');
    await sheet.waitFor({ timeout: 30_000 });
    await sheet.locator('.sim-pay__button').click();
    await visible(page, '支付成功', 30_000);
    await shot(page, 'channel-shop-paid');
    const paid = (await shopperCall(server.baseUrl, shopper, 'GET', `/api/orders/${order.id}`)) as {
      status: string;
      payableFen: number;
      paidAt: string | null;
    };
    expect(paid.paidAt).not.toBeNull();
    expect(paid.payableFen).toBeGreaterThan(0);

    // The report, both models: one new member, one order, GMV = the paid amount; plan vs actual moved.
    for (const model of ['first', 'last'] as const) {
      const row = await waitForRow(channel.id, model, (candidate) => candidate.newMembers >= 1 && candidate.orders >= 1);
      expect(row).toMatchObject({
        newMembers: 1,
        firstOrderMembers: 1,
        orders: 1,
        paidFen: paid.payableFen,
        gmvFen: paid.payableFen,
        plannedMembers: 100,
        plannedGmvFen: 500_000,
      });
      expect(row.memberProgress).toBe(1);
      expect(row.gmvProgress).toBeGreaterThan(0);
    }
  }, 300_000);
});

/** Waits for Taro's page slide-in, scrolls to the top, saves the shot in test/artifacts/screenshots and /tmp/shots. */
async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(700);
  // (a string: the test workspace has no DOM types)
  await page.evaluate(
    `for (const el of [document.scrollingElement, ...document.querySelectorAll('.taro-tabbar__panel, .taro_page')]) if (el) el.scrollTop = 0;`,
  );
  const file = await screenshot(page, name);
  fs.mkdirSync('/tmp/shots', { recursive: true });
  fs.copyFileSync(file, path.join('/tmp/shots', `${name}.png`));
}
