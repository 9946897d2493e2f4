import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { openPage } from './support/browser';
import { adminLogin, adminShot, button, DEMO_PASSWORD, menu } from './support/admin-page';
import { startServer, type RunningServer } from './support/server';

/**
 * Order operations at 1440 px in Debian's Chromium against the real server (seeded demo, WeChat Pay
 * simulator): status tabs with counts and the buyer search, 批量发货 from a CSV (a bad row ships nothing,
 * then a good file ships), the CSV export of the filtered list, 修改物流 and 商家备注 on an order, and a
 * 退货退款 reviewed end to end (同意退货 → the shopper's return shipment → 确认收货 pays back).
 * Screenshots: test/artifacts/screenshots/admin-order-ops-*.png.
 */
describe('admin order operations in a browser', () => {
  const PRODUCT = '每日坚果';
  const run = Date.now().toString(36).slice(-5);
  let server: RunningServer;
  const contexts: BrowserContext[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'siyu-order-ops-'));

  beforeAll(async () => {
    server = await startServer();
  }, 300_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await server?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  interface Order {
    id: number;
    orderNo: string;
    status: string;
    payableFen: number;
  }

  async function call<T>(urlPath: string, init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
    const response = await fetch(`${server.baseUrl}${urlPath}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { 'Content-Type': 'application/json', ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}), ...init.headers },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${urlPath}: ${response.status} ${text}`);
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

  /** A shopper who placed and paid one order of the demo product, shipped to recipient `name` (searchable). */
  async function paidOrder(name: string): Promise<{ order: Order; token: string }> {
    const user = `ops_${run}_${crypto.randomBytes(4).toString('hex')}`;
    const { code } = await call<{ code: string }>('/wechat-sim/sim/login-code', { body: { user, nickname: name } });
    const { accessToken: token } = await call<{ accessToken: string }>('/api/auth/wechat', { body: { code } });
    const address = await call<{ id: number }>('/api/me/addresses', {
      token,
      body: {
        recipientName: name,
        phone: '13800138000',
        regionCodes: ['310000', '310100', '310115'],
        regionText: '上海市 浦东新区',
        detail: '世纪大道 100 号',
      },
    });
    const found = await call<{ items: { id: number }[] }>(`/api/products?q=${encodeURIComponent(PRODUCT)}`);
    const product = await call<{ skus: { id: number }[] }>(`/api/products/${found.items[0]?.id ?? 0}`);
    const lines = [{ skuId: product.skus[0]?.id ?? 0, quantity: 1 }];
    const quote = await call<{ payableTotalFen: number }>('/api/checkout/quote', { token, body: { lines } });
    const created = await call<Order>('/api/orders', {
      token,
      headers: { 'Idempotency-Key': `e2e-${crypto.randomBytes(8).toString('hex')}` },
      body: { lines, addressId: address.id, expectedPayableFen: quote.payableTotalFen },
    });
    const { requestPayment } = await call<{ requestPayment: unknown }>(`/api/orders/${created.id}/pay`, { token, body: {} });
    await call('/wechat-sim/pay/sim/request-payment', { body: requestPayment });
    const order = await waitUntil('the payment notification', async () => {
      const current = await call<Order>(`/api/orders/${created.id}`, { token });
      return current.status === 'paid' ? current : null;
    });
    return { order, token };
  }

  const modal = (page: Page) => page.locator('.ant-modal').filter({ visible: true });

  async function openOrders(): Promise<Page> {
    const page = await openPage(contexts, { timeoutMs: 30_000 });
    await adminLogin(page, server.baseUrl, 'owner');
    await menu(page).getByText('订单', { exact: true }).click();
    await page.waitForURL(/\/admin\/orders$/);
    return page;
  }

  function csvFile(name: string, rows: string[][]): string {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, `\uFEFF${rows.map((row) => row.join(',')).join('\r\n')}\r\n`);
    return file;
  }

  it('tabs with counts, buyer search, 批量发货 (a bad row ships nothing), export, 修改物流 and 商家备注', async () => {
    const nickname = `批量${run}`;
    const first = await paidOrder(nickname);
    const second = await paidOrder(`${nickname}乙`);
    const page = await openOrders();
    const tabs = page.getByTestId('order-status-tabs');
    await tabs.getByRole('tab', { name: /待发货/ }).waitFor();

    await page.getByLabel('买家手机号或姓名').fill(nickname);
    await button(page.getByTestId('order-filter'), '搜索').click();
    // The filtered answer (全部 2) first: the unfiltered first page (the demo has hundreds of orders) shows these two too.
    await tabs.getByRole('tab', { name: /全部\s*2(?!\d)/ }).waitFor();
    await page.getByTestId('order-table').locator('tbody tr', { hasText: second.order.orderNo }).waitFor();
    await page.waitForFunction(`document.querySelectorAll('[data-testid="order-table"] tbody tr.ant-table-row').length === 2`);
    await adminShot(page, 'admin-order-ops-list');

    // A bad tracking number on the second row: the report names it, and nothing is shipped.
    await button(page, '批量发货').click();
    const bad = csvFile('bad.csv', [
      ['订单号', '快递公司', '快递单号'],
      [first.order.orderNo, '顺丰速运', 'SF5500000001'],
      [second.order.orderNo, '中通快递', 'ZT 55'],
    ]);
    await modal(page).locator('input[type=file]').setInputFiles(bad);
    await modal(page).getByRole('button', { name: '确认发货' }).click();
    await modal(page).getByText('1 行有错误，整个文件未发货（共 2 行）').waitFor();
    await modal(page).getByText('快递单号：快递单号须为 6–40 位字母、数字或 "-"').waitFor();
    await adminShot(page, 'admin-order-ops-import-report');
    const owner = (await call<{ accessToken: string }>('/api/admin/auth/login', { body: { username: 'owner', password: DEMO_PASSWORD } })).accessToken;
    expect((await call<Order>(`/api/admin/orders/${first.order.id}`, { token: owner })).status).toBe('paid');

    const good = csvFile('good.csv', [
      ['订单号', '快递公司', '快递单号'],
      [first.order.orderNo, '顺丰速运', 'SF5500000001'],
      [second.order.orderNo, '中通快递', 'ZT5500000002'],
    ]);
    await modal(page).locator('input[type=file]').setInputFiles(good);
    await modal(page).getByRole('button', { name: '确认发货' }).click();
    await modal(page).getByText('已发货 2 单').waitFor();
    await modal(page).locator('.ant-modal-close').click();
    await tabs.getByRole('tab', { name: /已发货\s*2/ }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('order-export').click()]);
    const exported = fs.readFileSync((await download.path()) ?? '', 'utf8');
    expect(exported).toContain(first.order.orderNo);
    expect(exported).toContain('SF5500000001');
    expect(exported.trim().split('\r\n')).toHaveLength(3);

    await page.getByTestId('order-table').getByRole('link', { name: first.order.orderNo }).click();
    await page.getByTestId('order-status').getByText('已发货').waitFor();
    await page.getByTestId('tracking-edit').click();
    await modal(page).getByLabel('快递单号').fill('SF5500000009');
    await modal(page)
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await page.getByTestId('order-summary').getByText('顺丰速运 SF5500000009').waitFor();
    await page.getByTestId('order-timeline').getByText('修改物流').waitFor();
    await page.getByLabel('商家备注').fill('老客户，周末前送达');
    await page
      .getByTestId('order-notes')
      .getByRole('button', { name: /添\s*加/ })
      .click();
    await page.getByTestId('order-notes').getByText('老客户，周末前送达').waitFor();
    await adminShot(page, 'admin-order-ops-detail');
    const shopperView = await call<Record<string, unknown>>(`/api/orders/${first.order.id}`, { token: first.token });
    expect(JSON.stringify(shopperView)).not.toContain('老客户，周末前送达');
  }, 180_000);

  it('退货退款: 同意退货 → the shopper ships it back → 确认收货 pays back once', async () => {
    const paid = await paidOrder(`退货${run}`);
    const owner = (await call<{ accessToken: string }>('/api/admin/auth/login', { body: { username: 'owner', password: DEMO_PASSWORD } })).accessToken;
    await call(`/api/admin/orders/${paid.order.id}/ship`, { token: owner, body: { carrier: '顺丰速运', trackingNo: 'SF6600000001' } });
    const refund = await call<{ id: number }>(`/api/orders/${paid.order.id}/refunds`, {
      token: paid.token,
      body: { lines: [{ lineNo: 1, quantity: 1 }], reason: '包装破损', kind: 'return_refund' },
    });

    const page = await openOrders();
    await menu(page).getByText('退款', { exact: true }).click();
    const row = page.getByTestId('refund-table').locator('tbody tr.ant-table-row', { hasText: paid.order.orderNo });
    await row.getByText('退货退款').waitFor();
    await button(row, '同意').click();
    await modal(page).getByLabel('退回库存（可再次销售）').check();
    await adminShot(page, 'admin-order-ops-refund-approve-return');
    await modal(page).getByRole('button', { name: '同意退货' }).click();
    await row.waitFor({ state: 'detached' });

    const mine = await call<{ items: { status: string; returnAddress: unknown }[] }>(`/api/orders/${paid.order.id}/refunds`, { token: paid.token });
    expect(mine.items[0]).toMatchObject({ status: 'awaiting_return', returnAddress: expect.objectContaining({ detail: expect.any(String) }) });
    await call(`/api/orders/${paid.order.id}/refunds/${refund.id}/return-shipment`, {
      token: paid.token,
      body: { carrier: '中通快递', trackingNo: 'ZT6600000002' },
    });

    await page.locator('.ant-radio-button-wrapper', { hasText: '买家已寄回' }).click();
    const returning = page.getByTestId('refund-table').locator('tbody tr.ant-table-row', { hasText: paid.order.orderNo });
    await returning.getByText('寄回：中通快递 ZT6600000002').waitFor();
    await adminShot(page, 'admin-order-ops-refunds-returning');
    await button(returning, '确认收货').click();
    await modal(page).getByTestId('return-tracking').waitFor();
    await adminShot(page, 'admin-order-ops-refund-receive');
    await modal(page).getByRole('button', { name: '确认收货并退款' }).click();
    await returning.waitFor({ state: 'detached' });
    await waitUntil('the refund notification', async () => {
      const order = await call<Order>(`/api/admin/orders/${paid.order.id}`, { token: owner });
      return order.status === 'refunded' ? order : null;
    });
  }, 180_000);
});
