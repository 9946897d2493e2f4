import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { loginShopper, placeOrderAsShopper, shopperCall, type Shopper } from './support/shopper';

/**
 * The rest of an order's life after payment, across both front-ends' APIs and the H5 shop: the member's
 * order is paid through the WeChat Pay simulator's payment sheet endpoint, staff ship it, and the member
 * confirms receipt on the order page in the browser → 已完成.
 */
describe('order lifecycle: paid → shipped by staff → receipt confirmed by the member in the browser', () => {
  let server: RunningServer;
  let context: BrowserContext;
  beforeAll(async () => {
    server = await startServer();
    context = await launchBrowser({ mobile: true });
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await server?.stop();
  });

  async function json(path: string, init: RequestInit = {}) {
    const res = await fetch(`${server.baseUrl}${path}`, { ...init, headers: { 'content-type': 'application/json', ...(init.headers ?? {}) } });
    const body = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  }

  async function paidOrder(shopper: Shopper): Promise<{ id: number }> {
    const products = await json('/api/products?q=' + encodeURIComponent('低脂高钙纯牛奶'));
    const product = await json(`/api/products/${String((products.items as { id: number }[])[0]?.id)}`);
    const skuId = (product.skus as { id: number }[])[0]?.id ?? 0;
    const order = await placeOrderAsShopper(server.baseUrl, shopper, skuId);
    const pay = await shopperCall(server.baseUrl, shopper, 'POST', `/api/orders/${String(order.id)}/pay`);
    await json('/wechat-sim/pay/sim/request-payment', { method: 'POST', body: JSON.stringify(pay.requestPayment) });
    for (let attempt = 0; attempt < 50; attempt += 1) {
      if ((await shopperCall(server.baseUrl, shopper, 'GET', `/api/orders/${String(order.id)}`)).status === 'paid') return { id: Number(order.id) };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the payment notification never arrived');
  }

  async function shipAsService(orderId: number): Promise<void> {
    const login = await json('/api/admin/auth/login', { method: 'POST', body: JSON.stringify({ username: 'service', password: 'siyu-demo-2026' }) });
    await json(`/api/admin/orders/${orderId}/ship`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${String(login.accessToken)}` },
      body: JSON.stringify({ carrier: '顺丰速运', trackingNo: 'SF2026112400001' }),
    });
  }

  async function loginInBrowser(page: Page, name: string): Promise<void> {
    await page.goto(`${server.baseUrl}/#/pages/me/index`);
    await page.getByText('登录 / 注册').click();
    await page.locator('.login__input input').fill(name);
    await page.getByText('以该身份登录').click();
    await page.locator('.login').waitFor({ state: 'detached', timeout: 15_000 });
  }

  it('ends 已完成 after the member confirms receipt', async () => {
    // The browser's simulated login and the API login below are the same simulated WeChat user.
    const shopper = await loginShopper(server.baseUrl, 'e2e_receipt');
    const order = await paidOrder(shopper);
    await shipAsService(order.id);

    const page = await context.newPage();
    await loginInBrowser(page, 'e2e_receipt');
    await page.goto(`${server.baseUrl}/#/pages/order/index?id=${order.id}`);
    await page.locator('.order-bar').getByText('确认收货').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500);
    await screenshot(page, 'lifecycle-shipped');
    await page.locator('.order-bar').getByText('确认收货').click();
    await page.locator('.taro-model__confirm').click();
    await page.locator('.order-status__name', { hasText: '已完成' }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'lifecycle-completed');
    expect((await shopperCall(server.baseUrl, shopper, 'GET', `/api/orders/${order.id}`)).status).toBe('completed');
  }, 120_000);
});
