import crypto from 'node:crypto';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { adminLogin, adminShot, DEMO_PASSWORD } from './support/admin-page';
import { openPage, screenshot } from './support/browser';
import { expectText, visible } from './support/page';
import { startServer, type RunningServer } from './support/server';
import { findSkuId, loginInShop, shopperCall, type Shopper } from './support/shopper';

/**
 * Issue 12 §4 in the H5 build (phone viewport) and the console: the points page, the mall and 我的 show the
 * same usable points; a silver member sees 升级黄金再省¥3.00 on the demo milk; a received order is reviewed
 * with a photo, moderated in 评价审核, shown on the product page, and the first approval pays the 首次评价
 * reward (growth task marked done). Screenshots: test/artifacts/screenshots/shop-review-*.png, admin-reviews.png.
 */
describe('H5 reviews, upsell and points in a browser', () => {
  let server: RunningServer;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    server = await startServer();
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await server?.stop();
  });

  const shown = (page: Page, selector: string): Locator => page.locator(selector).filter({ visible: true });

  /** The H5 page slides in: wait for finite animations to end so the screenshot shows the page in place. */
  async function shot(page: Page, name: string): Promise<void> {
    await page.evaluate(`Promise.race([
      Promise.all(document.getAnimations().filter((a) => a.effect && a.effect.getTiming().iterations !== Infinity).map((a) => a.finished.catch(() => null))),
      new Promise((resolve) => setTimeout(resolve, 2000)),
    ])`);
    await page.waitForTimeout(400);
    await screenshot(page, name);
  }

  async function staffCall(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const login = (await (
      await fetch(`${server.baseUrl}/api/admin/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'owner', password: DEMO_PASSWORD }),
      })
    ).json()) as { accessToken: string };
    const res = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', Authorization: `Bearer ${login.accessToken}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(answer)}`);
    return answer;
  }

  async function waitFor<T>(what: string, probe: () => Promise<T | null>): Promise<T> {
    for (let attempt = 0; attempt < 60; attempt += 1) {
      const found = await probe();
      if (found !== null) return found;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  /** One unit of `skuId`, paid through the simulated WeChat Pay, shipped by staff and received by the shopper. */
  async function receivedOrder(shopper: Shopper, skuId: number): Promise<number> {
    const address = await shopperCall(server.baseUrl, shopper, 'POST', '/api/me/addresses', {
      recipientName: '周沐阳',
      phone: '13600136000',
      regionCodes: ['310000', '310100', '310115'],
      regionText: '上海市 浦东新区',
      detail: '张江路 88 号',
    });
    const lines = [{ skuId, quantity: 1 }];
    const quote = await shopperCall(server.baseUrl, shopper, 'POST', '/api/checkout/quote', { lines });
    const order = await shopperCall(
      server.baseUrl,
      shopper,
      'POST',
      '/api/orders',
      { lines, addressId: address.id, expectedPayableFen: quote.payableTotalFen },
      { 'Idempotency-Key': `e2e-${crypto.randomBytes(8).toString('hex')}` },
    );
    const id = Number(order.id);
    const { requestPayment } = await shopperCall(server.baseUrl, shopper, 'POST', `/api/orders/${id}/pay`, {});
    const paid = await fetch(`${server.baseUrl}/wechat-sim/pay/sim/request-payment`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(requestPayment),
    });
    expect(paid.ok).toBe(true);
    await waitFor('the payment', async () => ((await shopperCall(server.baseUrl, shopper, 'GET', `/api/orders/${id}`)).status === 'paid' ? true : null));
    await staffCall('POST', `/api/admin/orders/${id}/ship`, { carrier: '顺丰速运', trackingNo: 'SF1234567890' });
    await shopperCall(server.baseUrl, shopper, 'POST', `/api/orders/${id}/confirm-receipt`, {});
    return id;
  }

  it('a silver member sees the gold saving, reviews a received order with a photo, and the approved review pays the first-review reward', async () => {
    const page = await openPage(contexts, { mobile: true });
    const shopper = await loginInShop(page, server.baseUrl, 'e2e_reviewer');
    await staffCall('POST', `/api/admin/members/${shopper.memberId}/growth-adjustments`, { delta: 500, reason: '测试：升级白银' });
    const skuId = await findSkuId(server.baseUrl, '低脂高钙纯牛奶', '250ml×12盒');
    const found = (await (await fetch(`${server.baseUrl}/api/products?q=${encodeURIComponent('低脂高钙纯牛奶')}`)).json()) as { items: { id: number }[] };
    const productId = found.items[0]?.id ?? 0;

    // 升级黄金再省¥3.00: the 250ml×12 SKU is ¥55.00 privately and ¥52.00 for gold.
    await page.goto(`${server.baseUrl}/#/pages/product/index?id=${productId}`);
    await expectText(shown(page, '.tier-upsell__text'), '升级黄金再省¥3.00');
    await shot(page, 'shop-review-upsell');

    const orderId = await receivedOrder(shopper, skuId);
    await page.goto(`${server.baseUrl}/#/pages/order/index?id=${orderId}`);
    await shown(page, '.order-bar').getByText('评价晒单').click();
    await visible(page, '写评价');
    await shot(page, 'shop-review-center');
    await shown(page, '.review-line__button').first().click();
    await shown(page, '.review-write__textarea textarea').fill('牛奶很新鲜，口感醇厚，物流也快，会回购');
    const pixels = Buffer.alloc(320 * 240 * 3);
    for (let i = 0; i < pixels.length; i += 3) pixels.set([240, 200 - ((i / 3) % 240) / 3, 120], i);
    const jpeg = await sharp(pixels, { raw: { width: 320, height: 240, channels: 3 } })
      .jpeg()
      .toBuffer();
    const chooser = page.waitForEvent('filechooser');
    await shown(page, '.review-write__add').click();
    await (await chooser).setFiles({ name: 'milk.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await shown(page, '.review-write__photo-image').waitFor({ timeout: 15_000 });
    await shot(page, 'shop-review-write');
    await shown(page, '.review-write__submit').click();
    await visible(page, '评价已提交，审核通过后展示');

    // Moderation: the review waits, then the owner approves it and the first-review reward is paid once.
    const queue = (await staffCall('GET', '/api/admin/reviews?status=pending')) as { items: { id: number; memberId: number; images: string[] }[] };
    const review = queue.items.find((item) => item.memberId === shopper.memberId);
    expect(review?.images).toHaveLength(1);
    const approved = (await staffCall('POST', `/api/admin/reviews/${review?.id ?? 0}/approve`, {})) as { reward: { growth: number; points: number } };
    expect(approved.reward).toEqual({ growth: 10, points: 50 });

    // A fresh page load (not a hash change inside the open shop), so the product page fetches its reviews anew.
    await page.goto(`${server.baseUrl}/?after=approval#/pages/product/index?id=${productId}`);
    await shown(page, '.review-card__content').filter({ hasText: '牛奶很新鲜' }).first().waitFor({ timeout: 30_000 });
    await expectText(shown(page, '.review-summary__title'), '商品评价');
    // Scrolled in one step in the page: the summary re-renders when the reviews arrive, and a waiting scroll can
    // find the node it resolved already replaced.
    await shown(page, '.review-summary')
      .first()
      .evaluate((summary) => summary.scrollIntoView({ block: 'center' }));
    await shot(page, 'shop-review-product');

    // One definition of usable points: the 积分 page headline and the 积分商城 hero show the same number.
    const summary = (await shopperCall(server.baseUrl, shopper, 'GET', '/api/me/points')) as { available: number; pending: number };
    await page.goto(`${server.baseUrl}/#/pages/points/index`);
    await expectText(shown(page, '.points-head__available'), summary.available.toLocaleString('en-US'));
    await expectText(shown(page, '.points-head__pending'), summary.pending.toLocaleString('en-US'));
    await shot(page, 'shop-review-points');
    await page.goto(`${server.baseUrl}/#/pages/points-mall/index`);
    await expectText(shown(page, '.mall__hero-points'), summary.available.toLocaleString('en-US'));

    // 会员中心: the growth tasks, 首次评价 done.
    await page.goto(`${server.baseUrl}/#/pages/member/index`);
    const task = shown(page, '.member__task').filter({ hasText: '首次评价' });
    await expectText(task, '已完成');
    await shot(page, 'shop-review-member-tasks');
  }, 180_000);

  it('评价审核 in the console lists the approved review with its photo', async () => {
    const page = await openPage(contexts);
    await adminLogin(page, server.baseUrl, 'service');
    await page.goto(`${server.baseUrl}/admin/reviews?status=approved`);
    await page.getByText('牛奶很新鲜').first().waitFor({ timeout: 15_000 });
    await adminShot(page, 'admin-reviews');
  }, 60_000);
});
