import crypto from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { adminLogin, adminShot, button } from './support/admin-page';
import { openPage, screenshot } from './support/browser';
import { expectText, visible } from './support/page';
import { ROOT, startServer, type RunningServer } from './support/server';
import { findSkuId, loginInShop, placeOrderAsShopper, shopperCall, type Shopper } from './support/shopper';

/**
 * The shopper's own space in the H5 build (Debian's Chromium, phone viewport) against `npm start`'s
 * server with the demo data: 我的 (chosen nickname, avatar, order badges, icons), 收藏, search history
 * and hot words, 联系客服, 支付结果 with the order's rewards, flash-sale cards and the live page.
 * Every page is watched for failed requests and console errors (support/browser). Screenshots go to
 * test/artifacts/screenshots/shopper-*.png.
 */
describe('H5 shopper space in a browser', () => {
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
  const go = (page: Page, path: string) => page.goto(`${server.baseUrl}/#/${path}`);
  const shown = (page: Page, selector: string) => page.locator(selector).filter({ visible: true });
  const uniqueName = (prefix: string) => `${prefix}${crypto.randomBytes(3).toString('hex')}`;

  async function payByApi(shopper: Shopper, orderId: number): Promise<void> {
    const { requestPayment } = await shopperCall(server.baseUrl, shopper, 'POST', `/api/orders/${orderId}/pay`, {});
    const paid = await fetch(`${server.baseUrl}/wechat-sim/pay/sim/request-payment`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(requestPayment),
    });
    expect(paid.status).toBe(200);
    // WeChat's notification reaches the server on its own; wait until the order is paid.
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const order = await shopperCall(server.baseUrl, shopper, 'GET', `/api/orders/${orderId}`);
      if (order.status === 'paid') return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`order ${orderId} was not paid`);
  }

  it('我的: the name chosen at the simulated login, a chosen avatar, order badges and real icons', async () => {
    const page = await openShop();
    const name = uniqueName('e2e_me_');
    const shopper = await loginInShop(page, server.baseUrl, name);
    await expectText(shown(page, '.me__name'), name);

    // Two unpaid orders and one paid: 待付款 2, 待发货 1.
    const skuId = await findSkuId(server.baseUrl, '每日坚果', '25g×7包');
    await placeOrderAsShopper(server.baseUrl, shopper, skuId);
    await placeOrderAsShopper(server.baseUrl, shopper, skuId);
    const paidOrder = await placeOrderAsShopper(server.baseUrl, shopper, skuId);
    await payByApi(shopper, Number(paidOrder.id));

    await go(page, 'pages/index/index');
    await page.locator('.home').filter({ visible: true }).first().waitFor();
    await go(page, 'pages/me/index');
    const badges = shown(page, '.me__badge');
    await expectText(badges.nth(0), '2');
    await expectText(badges.nth(1), '1');
    expect(await badges.count()).toBe(2);
    // Icons are pictures from the icon set, not one-character squares.
    expect(await shown(page, '.me__entries .icon').count()).toBeGreaterThanOrEqual(7);
    expect(await page.locator('.me__entry-icon').count()).toBe(0);

    // The avatar: a real PNG picked from the device, re-encoded and served by our server.
    // A real PNG from the shop's own assets.
    const png = fs.readFileSync(path.join(ROOT, 'miniapp/src/assets/illustrations/empty-box.png'));
    const chooser = page.waitForEvent('filechooser');
    await shown(page, '.me__avatar').first().click();
    await (await chooser).setFiles({ name: 'me.png', mimeType: 'image/png', buffer: png });
    const avatar = shown(page, '.me__avatar-img img');
    await avatar.first().waitFor({ timeout: 15_000 });
    expect(await avatar.first().getAttribute('src')).toMatch(/\/api\/avatars\/\d+\?v=[0-9a-f]{16}$/);
    await page.waitForFunction(`(() => {
      const image = document.querySelector('.me__avatar-img img');
      return image !== null && image.complete && image.naturalWidth > 0;
    })()`);
    await screenshot(page, 'shopper-me');

    // The nickname can be changed on the page (type="nickname" on weapp, a plain field here).
    await shown(page, '.me__name').first().click();
    const input = shown(page, '.me__name-input input');
    await input.fill('林小满');
    await input.press('Enter');
    await expectText(shown(page, '.me__name'), '林小满');
    const me = await shopperCall(server.baseUrl, shopper, 'GET', '/api/me');
    expect(me.nickname).toBe('林小满');
  }, 180_000);

  it('收藏 from the product page shows in 我的收藏; search opens on history and hot words; 联系客服 opens the service page', async () => {
    const page = await openShop();
    await loginInShop(page, server.baseUrl, uniqueName('e2e_fav_'));
    const list = (await (await fetch(`${server.baseUrl}/api/products?sort=sales&limit=1`)).json()) as { items: { id: number; title: string }[] };
    const product = list.items[0];
    if (!product) throw new Error('no demo product');

    await go(page, `pages/product/index?id=${product.id}`);
    const favourite = shown(page, '.fav-share__item').first();
    await expectText(favourite, '收藏');
    await favourite.click();
    await expectText(favourite, '已收藏');
    await screenshot(page, 'shopper-product-favourite');

    await go(page, 'pages/me/index');
    await shown(page, '.me__entry--grid').filter({ hasText: '我的收藏' }).click();
    await expectText(shown(page, '.favorites .pcard').first(), product.title.slice(0, 6));
    await screenshot(page, 'shopper-favourites');

    // Search: hot words from the server; a search lands in the history.
    await go(page, 'pages/products/index?search=1');
    await visible(page, '热门搜索');
    await shown(page, '.search-panel__word').filter({ hasText: '燕麦奶' }).first().click();
    await expectText(shown(page, '.products__grid'), '燕麦奶');
    await page.reload();
    await visible(page, '搜索历史');
    await expectText(shown(page, '.search-panel__section').first(), '燕麦奶');
    await screenshot(page, 'shopper-search');

    await go(page, 'pages/me/index');
    await shown(page, '.me__row').filter({ hasText: '联系客服' }).click();
    await visible(page, '常见问题');
    await expectText(shown(page, '.service__title').first(), '客服电话');
    await screenshot(page, 'shopper-service');
  }, 120_000);

  it('支付结果 shows the points and growth the order earned, from the server, and recommends products', async () => {
    const page = await openShop();
    const shopper = await loginInShop(page, server.baseUrl, uniqueName('e2e_pay_'));
    const list = (await (await fetch(`${server.baseUrl}/api/products?q=${encodeURIComponent('蛋白粉')}`)).json()) as { items: { id: number }[] };
    const detail = (await (await fetch(`${server.baseUrl}/api/products/${list.items[0]?.id}`)).json()) as { skus: { id: number }[] };
    const order = await placeOrderAsShopper(server.baseUrl, shopper, detail.skus[0]?.id ?? 0);
    await payByApi(shopper, Number(order.id));
    const rewards = await shopperCall(server.baseUrl, shopper, 'GET', `/api/orders/${order.id}/rewards`);
    expect(Number(rewards.points)).toBeGreaterThan(0);

    await go(page, `pages/pay-result/index?orderId=${order.id}`);
    await visible(page, '支付成功', 30_000);
    await expectText(shown(page, '.pay-rewards'), `+${rewards.points} 积分`);
    await expectText(shown(page, '.pay-rewards'), `+${rewards.growth} 成长值`);
    await expectText(shown(page, '.pay-recommend__title'), '为你推荐');
    expect(await shown(page, '.pay-recommend .pcard').count()).toBeGreaterThan(0);
    await screenshot(page, 'shopper-pay-result');
  }, 120_000);

  it('flash-sale cards name the product at a sensible price; the live page offers the stream', async () => {
    const page = await openShop();
    await go(page, 'pages/flash-sales/index');
    const card = shown(page, '.flash-card').first();
    await card.waitFor();
    const title = await card.locator('.flash-card__title').innerText();
    expect(title).not.toMatch(/秒杀/);
    expect(title).toMatch(/燕麦奶|黑豆浆粉/);
    expect(await card.locator('.flash-card__price').innerText()).toMatch(/¥\d+\.90$/);
    await screenshot(page, 'shopper-flash-sales');

    const sessions = (await (await fetch(`${server.baseUrl}/api/live-sessions`)).json()) as { live: { id: number }[] };
    const live = sessions.live[0];
    if (!live) throw new Error('the demo has no live session on air');
    await go(page, `pages/live/index?id=${live.id}`);
    const watch = shown(page, '.watch-live__button');
    await watch.waitFor();
    await watch.click();
    await visible(page, '在微信中观看直播');
    await screenshot(page, 'shopper-live');
  }, 120_000);

  it('搜索热词 set in the console (分类 page, as operator) are the hot words the shop shows', async () => {
    const admin = await openPage(contexts);
    await adminLogin(admin, server.baseUrl, 'operator');
    await admin.goto(`${server.baseUrl}/admin/categories`);
    const card = admin.getByTestId('hot-words');
    await card.getByText('燕麦奶').waitFor();
    const input = card.getByLabel('搜索热词');
    await input.fill('冻干草莓');
    await input.press('Enter');
    await button(card, '保存热词').click();
    await admin.getByText('搜索热词已保存').waitFor();
    await adminShot(admin, 'shopper-admin-hot-words');

    const shop = await openShop();
    await go(shop, 'pages/products/index?search=1');
    await shown(shop, '.search-panel__word').filter({ hasText: '冻干草莓' }).first().waitFor();
    const words = await shown(shop, '.search-panel__word').allInnerTexts();
    expect(words.at(-1)).toBe('冻干草莓');
  }, 120_000);
});
