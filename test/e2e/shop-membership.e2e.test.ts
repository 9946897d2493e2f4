import type { BrowserContext, Locator, Page } from 'playwright-core';
import { screenshot, openPage } from './support/browser';
import { expectText, visible } from './support/page';
import { startServer, type RunningServer } from './support/server';
import { addDefaultAddress, findSkuId, loginInShop, loginShopper, type Shopper, shopperCall } from './support/shopper';

/**
 * Membership in the H5 build (Debian's Chromium, mobile viewport) against the real server on a fresh
 * database with the demo data (tiers 青铜 0 → 白银 500 → … → 钻石 10000 growth; 100 points = ¥1; sign-up
 * and check-in points usable at once, order points pending for 7 days; a points mall).
 *
 * The server's clock cannot be moved from a browser test (no clock control in `npm start`), so the
 * points spent at checkout are the ones usable at once (sign-up, check-in, a staff adjustment) and the
 * order's own points are shown pending. Screenshots go to test/artifacts/screenshots/shop-member-*.png.
 */
describe('H5 membership in a browser', () => {
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
  const yuan = (fen: number) => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
  const shown = (page: Page, selector: string): Locator => page.locator(selector).filter({ visible: true });

  const findSku = (query: string, spec: string): Promise<number> => findSkuId(server.baseUrl, query, spec);

  const loginAs = (page: Page, name: string): Promise<Shopper> => loginInShop(page, server.baseUrl, name);

  const addAddress = (shopper: Shopper): Promise<void> => addDefaultAddress(server.baseUrl, shopper);

  /** A demo staff member's API call (service: ship orders, adjust points and growth; owner: edit SKUs). */
  async function staffCall(username: 'service' | 'owner', method: string, path: string, body: unknown): Promise<Record<string, unknown>> {
    const login = (await (
      await fetch(`${server.baseUrl}/api/admin/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'siyu-demo-2026' }),
      })
    ).json()) as { accessToken: string };
    const res = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', Authorization: `Bearer ${login.accessToken}` },
      body: JSON.stringify(body),
    });
    const answer = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(answer)}`);
    return answer;
  }

  async function quote(shopper: Shopper, body: Record<string, unknown>) {
    return (await shopperCall(server.baseUrl, shopper, 'POST', '/api/checkout/quote', body)) as {
      payableTotalFen: number;
      promotions: { points: { available: number; usable: number; usableValueFen: number; used: number; valueFen: number } | null };
    };
  }

  async function paySimulated(page: Page, amountFen: number): Promise<void> {
    const sheet = page.locator('.sim-pay');
    await sheet.waitFor({ timeout: 15_000 });
    expect(await sheet.locator('.sim-pay__amount').getAttribute('aria-label')).toBe(yuan(amountFen));
    await sheet.locator('.sim-pay__button').click();
    await visible(page, '支付成功', 30_000);
  }

  it('points pay part of an order; the paid order adds pending points, and its growth upgrades the member to 白银 in 会员中心', async () => {
    const page = await openShop();
    const shopper = await loginAs(page, 'e2e_member');
    await addAddress(shopper);

    // 我的: the tier card of a new member, with the sign-up points.
    const meCard = shown(page, '.me__tier-summary .tier-card');
    await expectText(meCard.locator('.tier-card__name'), '青铜会员');
    await expectText(meCard.locator('.tier-card__next'), '再得 500 成长值升级为 白银');
    await expectText(meCard.locator('.me__tier-points'), '可用积分 100');
    await shot(page, 'shop-member-me-bronze');

    // 签到 checks in on arrival at 我的积分: +5, usable at once.
    await shown(page, '.me__entry').filter({ hasText: '签到' }).click();
    await expectText(shown(page, '.checkin__button'), '今日已签到');
    await expectText(shown(page, '.points-head__available'), '105');
    await expectText(shown(page, '.ledger-row').first(), '每日签到');
    await expectText(shown(page, '.ledger-row__tag--earn').last(), '注册');
    await toastGone(page);
    await shot(page, 'shop-member-points');

    // Checkout: 可用 105 积分抵 ¥1.05, switched on the member pays ¥1.05 less, and the order uses them.
    const lines = [{ skuId: await findSku('臻品燕窝礼盒', '45g×12瓶'), quantity: 1 }];
    const without = await quote(shopper, { lines });
    const withPoints = await quote(shopper, { lines, usePoints: true });
    expect(withPoints.promotions.points).toMatchObject({ available: 105, usable: 105, used: 105, valueFen: 105 });
    expect(without.payableTotalFen - withPoints.payableTotalFen).toBe(105);
    await shopperCall(server.baseUrl, shopper, 'POST', '/api/cart/items', lines[0]);
    await page.goto(`${server.baseUrl}/#/pages/cart/index`);
    await shown(page, '.cart-line').filter({ hasText: '臻品燕窝礼盒' }).waitFor({ timeout: 15_000 });
    await shown(page, '.checkout-bar__button').click();
    const pointsRow = shown(page, '.checkout-points');
    await expectText(pointsRow, '可用 105 积分抵 ¥1.05');
    await expectText(shown(page, '.price-summary__payable'), yuan(without.payableTotalFen));
    await shot(page, 'shop-member-checkout-points-off');
    await pointsRow.locator('[role="switch"]').click();
    await expectText(pointsRow, '已用 105 积分抵 ¥1.05');
    expect(await pointsRow.locator('[role="switch"]').getAttribute('aria-checked')).toBe('true');
    await expectText(shown(page, '.price-summary__payable'), yuan(withPoints.payableTotalFen));
    await shot(page, 'shop-member-checkout-points-on');
    await shown(page, '.checkout-submit__button').click();
    await paySimulated(page, withPoints.payableTotalFen);

    // Paid: the order's points (1 per yuan) and the first-purchase bonus (200) are pending, the 105 are spent.
    const orders = (await shopperCall(server.baseUrl, shopper, 'GET', '/api/orders')) as { items: { id: number; payableFen: number }[] };
    const order = orders.items[0];
    if (!order) throw new Error('the order is missing');
    expect(order.payableFen).toBe(withPoints.payableTotalFen);
    const earned = Math.floor(order.payableFen / 100) + 200;
    expect(await shopperCall(server.baseUrl, shopper, 'GET', '/api/me/points')).toMatchObject({ available: 0, pending: earned, balance: earned });
    await page.goto(`${server.baseUrl}/#/pages/points/index`);
    await expectText(shown(page, '.points-head__pending'), earned.toLocaleString('en-US'));
    await expectText(shown(page, '.points-head__available'), '0');
    await expectText(shown(page, '.ledger-row').filter({ hasText: '首单奖励' }), '+200');
    await expectText(shown(page, '.ledger-row').filter({ hasText: '抵扣' }), '-105');
    await shot(page, 'shop-member-points-pending');

    // Growth is credited when the order completes: staff ship it, the member confirms receipt → 白银.
    await staffCall('service', 'POST', `/api/admin/orders/${order.id}/ship`, { carrier: '顺丰速运', trackingNo: 'SF2026112400077' });
    await page.goto(`${server.baseUrl}/#/pages/order/index?id=${order.id}`);
    await shown(page, '.order-bar').getByText('确认收货').click();
    await page.locator('.taro-model__confirm').click();
    await shown(page, '.order-status__name').filter({ hasText: '已完成' }).waitFor({ timeout: 15_000 });
    const growth = Math.floor(order.payableFen / 100);
    expect(await shopperCall(server.baseUrl, shopper, 'GET', '/api/me/membership')).toMatchObject({ tierCode: 'silver', growthValue: growth });

    await page.goto(`${server.baseUrl}/#/pages/member/index`);
    const card = shown(page, '.member .tier-card');
    await expectText(card.locator('.tier-card__name'), '白银会员');
    await expectText(card.locator('.tier-card__growth'), `成长值 ${growth}`);
    await expectText(card.locator('.tier-card__next'), `再得 ${(2000 - growth).toLocaleString('en-US')} 成长值升级为 黄金`);
    await expectText(shown(page, '.member__history-row'), '升级为白银会员');
    await expectText(shown(page, '.tier-table__row--current'), '白银');
    await shot(page, 'shop-member-center-silver');

    await page.goto(`${server.baseUrl}/#/pages/me/index`);
    await expectText(shown(page, '.me__tier-summary .tier-card__name'), '白银会员');
    await shot(page, 'shop-member-me-silver');
  }, 180_000);

  it('points mall: a coupon for points, and 积分+1元购 goods paid through the simulated sheet', async () => {
    const page = await openShop();
    const shopper = await loginAs(page, 'e2e_mall');
    await addAddress(shopper);
    // A service agent's goodwill points (usable at once) and growth to 白银 (the 积分+1元购 item is 白银 only).
    await staffCall('service', 'POST', `/api/admin/members/${shopper.memberId}/points-adjustments`, { delta: 1400, reason: '客服补偿' });

    await page.goto(`${server.baseUrl}/#/pages/points-mall/index`);
    const cash = shown(page, '.mall-card').filter({ hasText: '尝鲜装 积分+1元购' });
    await expectText(cash.locator('.mall-card__button'), '白银会员可兑');
    await expectText(shown(page, '.mall__hero-points'), '1,500');
    await shot(page, 'shop-member-mall-bronze');

    await staffCall('service', 'POST', `/api/admin/members/${shopper.memberId}/growth-adjustments`, { delta: 500, reason: '活动奖励' });
    await page.goto(`${server.baseUrl}/#/pages/me/index`);
    await expectText(shown(page, '.me__tier-summary .tier-card__name'), '白银会员');
    await shown(page, '.me__entry').filter({ hasText: '积分商城' }).click();
    const coupon = shown(page, '.mall-card').filter({ hasText: '包邮券' });
    await expectText(coupon.locator('.mall-card__button'), '立即兑换');
    await expectText(shown(page, '.mall-card').filter({ hasText: '尝鲜装 积分+1元购' }).locator('.mall-card__button'), '立即兑换');
    await shot(page, 'shop-member-mall');

    // A coupon: confirm, and it lands in 我的优惠券.
    await coupon.locator('.mall-card__button').click();
    await expectText(shown(page, '.mall-item__price'), '200 积分');
    await shown(page, '.mall-item__button').click();
    await expectText(page.locator('.taro-modal__text').filter({ visible: true }), '确定用 200 积分 兑换「包邮券」吗？');
    await page.locator('.taro-model__confirm').filter({ visible: true }).click();
    await visible(page, '兑换成功');
    await shot(page, 'shop-member-mall-coupon-done');
    await page.locator('.taro-model__cancel').filter({ visible: true }).click();
    await expectText(shown(page, '.mall-item__mine-points'), '1,300');
    const coupons = (await shopperCall(server.baseUrl, shopper, 'GET', '/api/me/coupons?status=available')) as { items: { name: string }[] };
    expect(coupons.items.map((item) => item.name)).toContain('包邮券');

    // Goods with a cash part: ship-to address, confirm, pay ¥1.00 like any order.
    await page.goto(`${server.baseUrl}/#/pages/points-mall/index`);
    await shown(page, '.mall-card').filter({ hasText: '尝鲜装 积分+1元购' }).locator('.mall-card__button').click();
    await expectText(shown(page, '.mall-item__price'), '300 积分 + ¥1.00');
    await expectText(shown(page, '.mall-item__address .address-card'), '周沐阳');
    await shot(page, 'shop-member-mall-item');
    await shown(page, '.mall-item__button').click();
    await page.locator('.taro-model__confirm').filter({ visible: true }).click();
    await paySimulated(page, 100);
    const redemptions = (await shopperCall(server.baseUrl, shopper, 'GET', '/api/me/points-mall/redemptions')) as {
      items: { status: string; orderId: number | null; points: number }[];
    };
    expect(redemptions.items.map((item) => [item.points, item.status])).toEqual([
      [300, 'completed'],
      [200, 'completed'],
    ]);

    await page.goto(`${server.baseUrl}/#/pages/points-mall/index`);
    await shown(page, '.mall__tab').filter({ hasText: '兑换记录' }).click();
    await shown(page, '.mall-redemption').filter({ hasText: '包邮券' }).waitFor({ timeout: 15_000 });
    await shot(page, 'shop-member-mall-redemptions');
  }, 180_000);

  it('product page: a 钻石 member sees the 钻石价 and a 钻石专享 SKU that a 青铜 member never gets', async () => {
    const milk = (await (await fetch(`${server.baseUrl}/api/products?q=${encodeURIComponent('低脂高钙纯牛奶')}`)).json()) as { items: { id: number }[] };
    const productId = milk.items[0]?.id;
    const exclusiveSku = await findSku('低脂高钙纯牛奶', '250ml×24盒');
    await staffCall('owner', 'PATCH', `/api/admin/skus/${exclusiveSku}`, { minTier: 'diamond' });

    const bronze = await loginShopper(server.baseUrl, 'e2e_bronze');
    const seenByBronze = (await shopperCall(server.baseUrl, bronze, 'GET', `/api/products/${String(productId)}`)) as { skus: { id: number }[] };
    expect(seenByBronze.skus.map((sku) => sku.id)).not.toContain(exclusiveSku);

    const page = await openShop();
    const shopper = await loginAs(page, 'e2e_diamond');
    await staffCall('service', 'POST', `/api/admin/members/${shopper.memberId}/growth-adjustments`, { delta: 10_000, reason: '钻石会员体验' });
    const detail = (await shopperCall(server.baseUrl, shopper, 'GET', `/api/products/${String(productId)}`)) as {
      skus: { id: number; priceFen: number; priceSource: string }[];
    };
    const exclusive = detail.skus.find((sku) => sku.id === exclusiveSku);
    expect(exclusive).toMatchObject({ priceSource: 'tier' });

    await page.goto(`${server.baseUrl}/#/pages/member/index`);
    await expectText(shown(page, '.member .tier-card__name'), '钻石会员');
    await expectText(shown(page, '.member .tier-card__next'), '已是最高等级');
    await expectText(shown(page, '.member__perk-title').first(), '会员9.5折');
    await shot(page, 'shop-member-center-diamond');

    // Back on 我的 the app refreshes the member (now 钻石), whose tier names the tier price.
    await page.goto(`${server.baseUrl}/#/pages/me/index`);
    await expectText(shown(page, '.me__tier-summary .tier-card__name'), '钻石会员');
    await expectText(shown(page, '.me__name-row'), '钻石会员');
    await page.goto(`${server.baseUrl}/#/pages/product/index?id=${String(productId)}`);
    await expectText(shown(page, '.price-block__label'), '钻石价');
    await expectText(shown(page, '.product-page__cell-value--exclusive'), '含钻石会员专享规格');
    await shot(page, 'shop-member-product-diamond');
    await shown(page, '.product-page__cell').filter({ hasText: '已选' }).click();
    const chip = shown(page, '.sku-chip').filter({ hasText: '250ml×24盒' });
    await expectText(chip, '钻石专享');
    await chip.click();
    await expectText(shown(page, '.sku-picker__exclusive'), '钻石专享');
    await expectText(shown(page, '.sku-picker__tier-price'), '钻石价');
    await expectText(shown(page, '.sku-picker__price'), yuan(exclusive?.priceFen ?? 0));
    await shot(page, 'shop-member-product-sku');
  }, 180_000);
});

/** Waits until Taro's toast (签到成功, 兑换成功) is gone so that it does not cover the screenshot. */
async function toastGone(page: Page): Promise<void> {
  await page.waitForTimeout(300);
  await page
    .waitForFunction(
      `[...document.querySelectorAll('.taro__toast')].every((toast) => toast.style.display === 'none' || toast.style.opacity === '0')`,
      undefined,
      { timeout: 5_000 },
    )
    .catch(() => undefined);
}

/** Waits for Taro's page slide-in to finish, then saves the screenshot from the top of the page. */
async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(700);
  // (a string: the test workspace has no DOM types)
  await page.evaluate(
    `for (const el of [document.scrollingElement, ...document.querySelectorAll('.taro-tabbar__panel, .taro_page')]) if (el) el.scrollTop = 0;`,
  );
  await screenshot(page, name);
}
