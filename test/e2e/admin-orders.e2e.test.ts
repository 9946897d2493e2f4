import crypto from 'node:crypto';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { openPage } from './support/browser';
import { adminLogin, adminShot, button, DEMO_PASSWORD, menu } from './support/admin-page';
import { startServer, type RunningServer } from './support/server';

/**
 * Staff order pages in Debian's Chromium (desktop viewport) against the real server on a fresh seeded
 * database with the WeChat Pay simulator. Orders are placed and paid through the API as a shopper would
 * (quote → order with an Idempotency-Key → pay → the simulated payment sheet); then the owner finds
 * one in 订单 and ships it, an analyst reads orders without 发货, the owner approves a refund with
 * restock (WeChat Pay pays it back and the stock returns) and customer service rejects one with a note.
 * Screenshots go to test/artifacts/screenshots/admin-order*.png and admin-refund*.png.
 */
describe('admin orders and refunds in a browser', () => {
  const PRODUCT = '每日坚果';
  const run = Date.now().toString(36).slice(-5);
  let server: RunningServer;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServer();
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await server?.stop();
  });

  interface Order {
    id: number;
    orderNo: string;
    status: string;
    payableFen: number;
    lines: { lineNo: number; skuId: number; quantity: number }[];
  }

  async function call<T>(path: string, init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
    const response = await fetch(`${server.baseUrl}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { 'Content-Type': 'application/json', ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}), ...init.headers },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async function waitUntil<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== null) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** A new shopper logged in through the WeChat simulator, with a shipping address. */
  async function shopper(name: string): Promise<{ token: string; addressId: number }> {
    const { code } = await call<{ code: string }>('/wechat-sim/sim/login-code', { body: { user: `${name}_${run}`, nickname: name } });
    const { accessToken: token } = await call<{ accessToken: string }>('/api/auth/wechat', { body: { code } });
    const address = await call<{ id: number }>('/api/me/addresses', {
      token,
      body: {
        recipientName: '林小满',
        phone: '13800138000',
        regionCodes: ['310000', '310100', '310115'],
        regionText: '上海市 浦东新区',
        detail: '世纪大道 100 号 8 楼',
      },
    });
    return { token, addressId: address.id };
  }

  async function skuOf(query: string): Promise<{ productId: number; skuId: number; stock: number }> {
    const found = await call<{ items: { id: number }[] }>(`/api/products?q=${encodeURIComponent(query)}`);
    const productId = found.items[0]?.id;
    if (productId === undefined) throw new Error(`no product for ${query}`);
    const product = await call<{ skus: { id: number; stock: number }[] }>(`/api/products/${productId}`);
    const sku = product.skus[0];
    if (!sku) throw new Error(`product ${productId} has no SKU`);
    return { productId, skuId: sku.id, stock: sku.stock };
  }

  /** Quote → order (Idempotency-Key) → pay → the simulated payment sheet → the order is paid. */
  async function paidOrder(name: string): Promise<{ order: Order; token: string }> {
    const { token, addressId } = await shopper(name);
    const { skuId } = await skuOf(PRODUCT);
    const lines = [{ skuId, quantity: 1 }];
    const quote = await call<{ payableTotalFen: number }>('/api/checkout/quote', { token, body: { lines } });
    const created = await call<Order>('/api/orders', {
      token,
      headers: { 'Idempotency-Key': `e2e-${crypto.randomBytes(8).toString('hex')}` },
      body: { lines, addressId, remark: '请用纸箱包装', expectedPayableFen: quote.payableTotalFen },
    });
    const { requestPayment } = await call<{ requestPayment: unknown }>(`/api/orders/${created.id}/pay`, { token, body: {} });
    await call('/wechat-sim/pay/sim/request-payment', { body: requestPayment });
    const order = await waitUntil('the payment notification', async () => {
      const current = await call<Order>(`/api/orders/${created.id}`, { token });
      return current.status === 'paid' ? current : null;
    });
    return { order, token };
  }

  async function staffToken(username: string): Promise<string> {
    return (await call<{ accessToken: string }>('/api/admin/auth/login', { body: { username, password: DEMO_PASSWORD } })).accessToken;
  }

  const openAdmin = (): Promise<Page> => openPage(contexts, { timeoutMs: 30_000 });

  const modal = (page: Page) => page.locator('.ant-modal').filter({ visible: true });

  const login = (page: Page, username: string): Promise<void> => adminLogin(page, server.baseUrl, username);

  /** 订单 in the menu, then the order found by its number. */
  async function findOrder(page: Page, orderNo: string): Promise<Locator> {
    await menu(page).getByText('订单', { exact: true }).click();
    await page.waitForURL(/\/admin\/orders$/);
    await page.getByLabel('订单号').fill(orderNo.toLowerCase());
    await button(page.getByTestId('order-filter'), '搜索').click();
    await page.waitForURL(new RegExp(`orderNo=${orderNo}`, 'i'));
    const rows = page.getByTestId('order-table').locator('tbody tr');
    // The whole list may still be on screen for a moment: wait until only the searched order is left.
    await rows.nth(1).waitFor({ state: 'detached' });
    const row = rows.filter({ hasText: orderNo });
    await row.waitFor();
    return row;
  }

  it('owner: finds a paid order in 订单, opens it, ships it; the detail shows 已发货', async () => {
    const { order, token } = await paidOrder('e2e_ship');
    const page = await openAdmin();
    await login(page, 'owner');

    // The whole list first (newest first), then the order by its number (typed in lower case).
    await menu(page).getByText('订单', { exact: true }).click();
    await page.getByTestId('order-table').locator('tbody tr', { hasText: order.orderNo }).waitFor();
    await adminShot(page, 'admin-orders');
    const row = await findOrder(page, order.orderNo);
    await row.getByText('待发货').waitFor();
    await row.getByText('138****8000').waitFor();
    expect(await page.getByTestId('order-table').locator('tbody tr').count()).toBe(1);
    expect(page.url()).toContain(`orderNo=${order.orderNo}`);

    await row.getByRole('link', { name: order.orderNo }).click();
    await page.waitForURL(new RegExp(`/admin/orders/${order.id}$`));
    await page.getByTestId('order-status').getByText('待发货').waitFor();
    await page.getByTestId('order-address').getByText('13800138000').waitFor();
    await page.getByTestId('order-payments').getByText('支付成功').waitFor();
    await page.getByTestId('order-timeline').getByText('支付成功').waitFor();
    await page.getByText('请用纸箱包装').waitFor();
    await adminShot(page, 'admin-order-detail');

    await button(page, '发货').click();
    await modal(page).getByText('林小满 13800138000').waitFor();
    await modal(page).getByLabel('快递公司').fill('顺丰速运');
    await modal(page).getByLabel('快递单号').fill('SF 12');
    await page.getByRole('button', { name: '确认发货' }).click();
    await modal(page).getByText('快递单号须为 6–40 位字母、数字或 "-"').waitFor();
    await modal(page).getByLabel('快递单号').fill('SF1234567890');
    await modal(page).getByLabel('快递单号').blur();
    await adminShot(page, 'admin-order-ship');
    await page.getByRole('button', { name: '确认发货' }).click();

    await page.getByTestId('order-status').getByText('已发货').waitFor();
    await page.getByTestId('order-summary').getByText('顺丰速运 SF1234567890').waitFor();
    await page.getByTestId('order-timeline').getByText('顺丰速运 · SF1234567890').waitFor();
    expect(await button(page, '发货').count()).toBe(0);
    await adminShot(page, 'admin-order-shipped');

    // The member sees it shipped, and the back button keeps the list's filter.
    expect((await call<Order & { trackingNo: string }>(`/api/orders/${order.id}`, { token })).trackingNo).toBe('SF1234567890');
    await page.goBack();
    await page.waitForURL(/\/admin\/orders\?orderNo=/);
    await page.getByTestId('order-table').locator('tbody tr', { hasText: order.orderNo }).getByText('已发货').waitFor();
  }, 120_000);

  it('analyst: reads orders and refunds, but no 发货 and no review; the phone stays masked', async () => {
    const { order } = await paidOrder('e2e_analyst');
    const page = await openAdmin();
    await login(page, 'analyst');
    const row = await findOrder(page, order.orderNo);
    await row.getByText('待发货').waitFor();
    expect(await page.getByTestId('order-table').getByRole('link', { name: '发货' }).count()).toBe(0);
    await page.getByText('只读').waitFor();
    await adminShot(page, 'admin-orders-analyst');

    await row.getByRole('link', { name: '详情' }).click();
    await page.getByTestId('order-status').getByText('待发货').waitFor();
    await page.getByTestId('order-address').getByText('138****8000').waitFor();
    expect(await button(page, '发货').count()).toBe(0);
    // A typed ?ship=1 opens nothing either.
    await page.goto(`${server.baseUrl}/admin/orders/${order.id}?ship=1`);
    await page.getByTestId('order-status').getByText('待发货').waitFor();
    expect(await page.locator('.ant-modal').count()).toBe(0);

    await menu(page).getByText('退款', { exact: true }).click();
    await page.getByTestId('refund-table').waitFor();
    expect(await page.getByTestId('refund-table').getByRole('button').count()).toBe(0);
  }, 120_000);

  it('refunds: the owner approves one with restock (paid back, stock returns); service rejects one with a note', async () => {
    const approved = await paidOrder('e2e_refund_ok');
    const rejected = await paidOrder('e2e_refund_no');
    const stockBefore = (await skuOf(PRODUCT)).stock;
    const request = (order: Order, token: string, reason: string) =>
      call<{ id: number; amountFen: number }>(`/api/orders/${order.id}/refunds`, { token, body: { lines: [{ lineNo: 1, quantity: 1 }], reason } });
    const approvedRefund = await request(approved.order, approved.token, '买多了');
    await request(rejected.order, rejected.token, '不想要了');
    // Nothing was shipped and everything comes back: shipping is refunded too.
    expect(approvedRefund.amountFen).toBe(approved.order.payableFen);

    const page = await openAdmin();
    await login(page, 'owner');
    await menu(page).getByText('退款', { exact: true }).click();
    const row = page.getByTestId('refund-table').locator('tbody tr.ant-table-row', { hasText: approved.order.orderNo });
    await row.getByText('待审核').waitFor();
    await row.getByText('买多了').waitFor();
    await adminShot(page, 'admin-refunds');

    await button(row, '同意').click();
    await modal(page).getByText('每日坚果', { exact: false }).first().waitFor();
    await page.getByRole('button', { name: '同意并退款' }).click();
    await modal(page).getByText('请选择是否退回库存').waitFor();
    await modal(page).getByLabel('退回库存（可再次销售）').check();
    await adminShot(page, 'admin-refund-approve');
    await page.getByRole('button', { name: '同意并退款' }).click();
    await row.waitFor({ state: 'detached' });

    // The simulator settles the refund and notifies; the order is refunded and the unit back in stock.
    const owner = await staffToken('owner');
    await waitUntil('the refund notification', async () => {
      const order = await call<Order>(`/api/admin/orders/${approved.order.id}`, { token: owner });
      return order.status === 'refunded' ? order : null;
    });
    expect((await skuOf(PRODUCT)).stock).toBe(stockBefore + 1);
    await page.goto(`${server.baseUrl}/admin/orders/${approved.order.id}`);
    await page.getByTestId('order-status').getByText('已退款').waitFor();
    const refundRow = page.getByTestId('order-refund-table').locator('tbody tr.ant-table-row').first();
    await refundRow.getByText('已退款').waitFor();
    await refundRow.getByText('退回库存').waitFor();
    await page.getByTestId('order-timeline').getByText('退款成功').waitFor();
    await adminShot(page, 'admin-order-refunded');

    const service = await openAdmin();
    await login(service, 'service');
    await menu(service).getByText('退款', { exact: true }).click();
    const rejectRow = service.getByTestId('refund-table').locator('tbody tr.ant-table-row', { hasText: rejected.order.orderNo });
    await button(rejectRow, '拒绝').click();
    await modal(service).getByLabel('拒绝说明').fill('商品已拆封，影响二次销售');
    await adminShot(service, 'admin-refund-reject');
    await modal(service).getByRole('button', { name: '拒绝退款' }).click();
    await rejectRow.waitFor({ state: 'detached' });
    await service.locator('.ant-radio-button-wrapper', { hasText: '已拒绝' }).click();
    await service
      .getByTestId('refund-table')
      .locator('tbody tr.ant-table-row', { hasText: rejected.order.orderNo })
      .getByText('说明：商品已拆封，影响二次销售')
      .waitFor();
    await adminShot(service, 'admin-refunds-rejected');

    const back = await call<Order>(`/api/orders/${rejected.order.id}`, { token: rejected.token });
    expect(back.status).toBe('paid');
    const memberRefunds = await call<{ items: { status: string; reviewNote: string }[] }>(`/api/orders/${rejected.order.id}/refunds`, {
      token: rejected.token,
    });
    expect(memberRefunds.items).toEqual([expect.objectContaining({ status: 'rejected', reviewNote: '商品已拆封，影响二次销售' })]);
  }, 180_000);
});
