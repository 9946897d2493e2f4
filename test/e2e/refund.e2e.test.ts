import crypto from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { formatFen, type Fen } from '@siyu/shared';
import { screenshot, openPage } from './support/browser';
import { expectText, visible } from './support/page';
import { startServer, type RunningServer } from './support/server';
import { loginShopper, shopperCall, type Shopper } from './support/shopper';

/**
 * A member asks for a refund of one line of a paid two-line order in the H5 shop (Debian's Chromium,
 * mobile viewport) against the real server with the WeChat and WeChat Pay simulators; staff approve it
 * through the admin API and the simulator settles it. Screenshots: test/artifacts/screenshots/refund-*.png.
 */
describe('H5 refund request in a browser', () => {
  let server: RunningServer;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServer();
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await server?.stop();
  });

  const openShop = (): Promise<Page> => openPage(contexts, { mobile: true });

  /** Two SKUs of one product, one unit each → an order paid through the simulated WeChat Pay sheet. */
  async function paidOrder(shopper: Shopper): Promise<{ id: number; lines: { lineNo: number; title: string; payableFen: number }[] }> {
    const found = (await (await fetch(`${server.baseUrl}/api/products?q=${encodeURIComponent('每日坚果')}`)).json()) as { items: { id: number }[] };
    const product = (await (await fetch(`${server.baseUrl}/api/products/${found.items[0]?.id}`)).json()) as { skus: { id: number }[] };
    const lines = product.skus.slice(0, 2).map((sku) => ({ skuId: sku.id, quantity: 1 }));
    expect(lines).toHaveLength(2);
    const address = await shopperCall(server.baseUrl, shopper, 'POST', '/api/me/addresses', {
      recipientName: '林小满',
      phone: '13800138000',
      regionCodes: ['310000', '310100', '310115'],
      regionText: '上海市 浦东新区',
      detail: '世纪大道 100 号 8 楼',
    });
    const quote = await shopperCall(server.baseUrl, shopper, 'POST', '/api/checkout/quote', { lines });
    const order = await shopperCall(
      server.baseUrl,
      shopper,
      'POST',
      '/api/orders',
      { lines, addressId: address.id, expectedPayableFen: quote.payableTotalFen },
      { 'Idempotency-Key': `e2e-${crypto.randomBytes(8).toString('hex')}` },
    );
    const { requestPayment } = await shopperCall(server.baseUrl, shopper, 'POST', `/api/orders/${String(order.id)}/pay`, {});
    const paid = await fetch(`${server.baseUrl}/wechat-sim/pay/sim/request-payment`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(requestPayment),
    });
    expect(paid.ok).toBe(true);
    return waitFor('the payment notification', async () => {
      const current = await shopperCall(server.baseUrl, shopper, 'GET', `/api/orders/${String(order.id)}`);
      return current.status === 'paid' ? (current as unknown as Awaited<ReturnType<typeof paidOrder>>) : null;
    });
  }

  async function loginAs(page: Page, name: string): Promise<void> {
    await page.goto(`${server.baseUrl}/#/pages/me/index`);
    await page.getByText('登录 / 注册').click();
    await page.locator('.login__input input').fill(name);
    await page.getByText('以该身份登录').click();
    await page.locator('.login').waitFor({ state: 'detached', timeout: 15_000 });
    await page.locator('.me__orders-title').filter({ visible: true }).waitFor({ timeout: 15_000 });
  }

  async function staffPost(path: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
    const res = await fetch(`${server.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  it('paid order → 申请退款 of one line with the previewed amount → 退款中 / 待审核 → staff approve → 部分退款 / 已退款', async () => {
    const name = 'e2e_refund';
    const shopper = await loginShopper(server.baseUrl, name);
    const order = await paidOrder(shopper);
    const first = order.lines[0];
    if (!first) throw new Error('no line');

    const page = await openShop();
    await loginAs(page, name);
    await page.goto(`${server.baseUrl}/#/pages/order/index?id=${order.id}`);
    await expectText(page.locator('.order-status__name'), '待发货');
    await page.locator('.order-bar').getByText('申请退款').click();

    // The sheet: choose the first line (one unit), a reason; the amount is the line's payable (planRefund).
    const sheet = page.locator('.sheet');
    await sheet.locator('.refund-line').first().waitFor();
    await visible(page, '请选择要退款的商品');
    await sheet.locator('.refund-line').first().locator('.checkbox').click();
    await sheet.locator('.refund-line').first().getByLabel('增加').click();
    await visible(page, '最多可退 1 件');
    await sheet.getByText('不想要了').click();
    await sheet.locator('.refund-sheet__note input').fill('买重复了');
    const amount = formatFen(first.payableFen as Fen);
    await expectText(sheet.locator('.refund-sheet__amount'), `预计退款 ${amount}`);
    expect(await sheet.locator('.refund-sheet__amount').innerText()).not.toContain('运费');
    await shot(page, 'refund-sheet');
    await sheet.getByText('提交申请').click();

    // Back on the order: 退款中, with the request waiting for review.
    await sheet.waitFor({ state: 'detached', timeout: 15_000 });
    await expectText(page.locator('.order-status__name'), '退款中');
    const record = page.locator('.refund-record').first();
    await expectText(record.locator('.refund-record__status'), '待审核');
    await expectText(record.locator('.refund-record__amount'), amount);
    await expectText(record, '原因：不想要了：买重复了');
    expect(await page.locator('.order-bar').getByText('申请退款').count()).toBe(0);
    await page.locator('.timeline').scrollIntoViewIfNeeded();
    await screenshot(page, 'refund-order-requested');

    // Staff approve with restock; the WeChat Pay simulator settles the refund and notifies.
    const { items } = (await shopperCall(server.baseUrl, shopper, 'GET', `/api/orders/${order.id}/refunds`)) as { items: { id: number }[] };
    const refundId = items[0]?.id;
    const { accessToken } = await staffPost('/api/admin/auth/login', { username: 'owner', password: 'siyu-demo-2026' });
    await staffPost(`/api/admin/refunds/${refundId}/approve`, { restock: true }, String(accessToken));

    await waitFor('the refund to settle', async () => {
      await page.reload();
      await page.locator('.order-status__name').waitFor({ timeout: 15_000 });
      const status = await page.locator('.order-status__name').innerText();
      return /部分退款|已退款/.test(status) ? status : null;
    });
    await expectText(page.locator('.order-status__name'), '部分退款');
    await expectText(page.locator('.refund-record').first().locator('.refund-record__status'), '已退款');
    await visible(page, `已退款 ${amount}`);
    // The other line can still be refunded.
    await page.locator('.order-bar').getByText('申请退款').waitFor();
    await page.locator('.timeline').scrollIntoViewIfNeeded();
    await screenshot(page, 'refund-order-refunded');
  }, 180_000);
});

async function waitFor<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(700);
  await screenshot(page, name);
}
