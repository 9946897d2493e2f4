import type { BrowserContext, Page } from 'playwright-core';
import { screenshot, openPage } from './support/browser';
import { expectText, visible } from './support/page';
import { startServer, type RunningServer } from './support/server';
import { addDefaultAddress, findSkuId, loginInShop, type Shopper, shopperCall } from './support/shopper';

/**
 * The shop's promotions in the H5 build (Debian's Chromium, mobile viewport) against the real server on
 * a fresh database with the demo promotions: a 满减 ladder, the coupon center, a live session on air
 * with the code LIVE88, and a flash sale starting 3 minutes after start-up (another one running).
 * Screenshots go to test/artifacts/screenshots/shop-promo-*.png.
 */
describe('H5 promotions in a browser', () => {
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

  const skuId = (query: string, spec: string): Promise<number> => findSkuId(server.baseUrl, query, spec);

  const loginAs = (page: Page, name: string): Promise<Shopper> => loginInShop(page, server.baseUrl, name);

  const addAddress = (shopper: Shopper): Promise<void> => addDefaultAddress(server.baseUrl, shopper);

  async function payable(shopper: Shopper, body: Record<string, unknown>): Promise<number> {
    const quote = await shopperCall(server.baseUrl, shopper, 'POST', '/api/checkout/quote', body);
    return quote.payableTotalFen as number;
  }

  it('flash sales: the next sale counts down with 即将开始 disabled; the running one offers 马上抢 into checkout at the flash price', async () => {
    const page = await openShop();
    await page.goto(`${server.baseUrl}/#/pages/flash-sales/index?tab=upcoming`);
    const upcoming = page.locator('.flash-card', { hasText: '开播秒杀' });
    await upcoming.waitFor({ timeout: 30_000 });
    const button = upcoming.locator('.flash-card__button');
    await expectText(button, '即将开始');
    expect(await button.getAttribute('class')).toContain('btn--disabled');
    const countdown = upcoming.locator('[role="timer"]');
    expect(await countdown.getAttribute('aria-label')).toMatch(/^距开始00:0[0-3]:\d\d$/);
    await shot(page, 'shop-promo-flash-upcoming');

    const shopper = await loginAs(page, 'e2e_flash');
    await addAddress(shopper);
    await page.goto(`${server.baseUrl}/#/pages/flash-sales/index?tab=ongoing`);
    const running = page.locator('.flash-card', { hasText: '整点秒杀' });
    await running.waitFor({ timeout: 15_000 });
    await expectText(running.locator('.flash-card__button'), '马上抢');
    await visible(page, '正在抢购');
    await shot(page, 'shop-promo-flash-ongoing');

    // The server prices the SKU at the flash price (the line's payable), whatever the card says.
    const sales = await shopperCall(server.baseUrl, shopper, 'GET', '/api/flash-sales?status=ongoing');
    const sale = (sales.items as { title: string; skuId: number; flashPriceFen: number }[]).find((item) => item.title === '整点秒杀');
    if (!sale) throw new Error('the running demo flash sale is missing');
    await expectText(running.locator('.flash-card__price'), yuan(sale.flashPriceFen));
    const quote = await shopperCall(server.baseUrl, shopper, 'POST', '/api/checkout/quote', { lines: [{ skuId: sale.skuId, quantity: 1 }] });
    expect((quote.lines as { payableFen: number }[])[0]?.payableFen).toBe(sale.flashPriceFen);

    await running.locator('.flash-card__button').click();
    await page.locator('.checkout .address-card').waitFor({ timeout: 15_000 });
    await page.locator('.checkout-promo').waitFor({ timeout: 15_000 });
    await expectText(page.locator('.price-summary__payable'), yuan(quote.payableTotalFen as number));
    await shot(page, 'shop-promo-flash-checkout');
  }, 120_000);

  it('coupon center: claim 满199减50, then checkout picks it (推荐) and the member pays ¥50.00 less; 不使用 shows what it costs', async () => {
    const page = await openShop();
    const shopper = await loginAs(page, 'e2e_coupon');
    await addAddress(shopper);
    const lines = [{ skuId: await skuId('每日坚果', '25g×30包'), quantity: 2 }];
    await shopperCall(server.baseUrl, shopper, 'POST', '/api/cart/items', lines[0]);
    const before = await payable(shopper, { lines });

    await page.goto(`${server.baseUrl}/#/pages/index/index`);
    await page.locator('.home-promos__item', { hasText: '领券中心' }).click();
    const card = page.locator('.coupon-card', { hasText: '满199减50' });
    await card.waitFor({ timeout: 15_000 });
    // (textContent: the stub's parts are flex items, which innerText puts on lines of their own)
    expect(await card.locator('.coupon-card__value').textContent()).toBe('¥50');
    await expectText(card.locator('.coupon-card__condition'), '满199可用');
    await shot(page, 'shop-promo-coupon-center');
    await card.getByText('立即领取').click();
    await visible(page, '领取成功');
    // The cap is 2: one more may be claimed.
    await expectText(card.locator('.coupon-card__button'), '再领一张');
    const newcomer = page.locator('.coupon-card', { hasText: '新人首单立减10元' });
    await newcomer.getByText('立即领取').click();
    await newcomer.locator('.coupon-card__stamp', { hasText: '已领取' }).waitFor();
    await toastGone(page);
    await shot(page, 'shop-promo-coupon-claimed');

    const after = await payable(shopper, { lines });
    expect(before - after).toBe(5000);

    await page.goto(`${server.baseUrl}/#/pages/cart/index`);
    await page.locator('.cart-line', { hasText: /每日坚果(?!尝鲜)/ }).waitFor({ timeout: 15_000 });
    await page.locator('.checkout-bar__button').click();
    await page.locator('.checkout .address-card').waitFor({ timeout: 15_000 });
    const couponCell = page.locator('.checkout__cell', { hasText: '优惠券' });
    await expectText(couponCell, '-¥50.00');
    await expectText(couponCell.locator('.checkout-promo__tag'), '推荐');
    await expectText(page.locator('.price-summary__payable'), yuan(after));
    await shot(page, 'shop-promo-checkout-coupon');

    await couponCell.click();
    const picker = page.locator('.coupon-picker');
    await picker.waitFor();
    await expectText(picker.locator('.coupon-card--selected'), '满199减50');
    await expectText(picker.locator('.coupon-card', { hasText: '满199减50' }).locator('.coupon-card__tag'), '推荐');
    await shot(page, 'shop-promo-coupon-picker');
    await picker.getByText('不使用优惠券').click();
    await expectText(page.locator('.checkout-promo__delta'), '比最优方案多付¥50.00');
    await expectText(page.locator('.price-summary__payable'), yuan(before));
    await shot(page, 'shop-promo-checkout-no-coupon');
    await page.getByText('使用推荐方案').click();
    await expectText(page.locator('.price-summary__payable'), yuan(after));
    await page.locator('.checkout-promo__delta').waitFor({ state: 'detached' });

    await page.locator('.checkout-submit__button').click();
    const sheet = page.locator('.sim-pay');
    await sheet.waitFor({ timeout: 15_000 });
    expect(await sheet.locator('.sim-pay__amount').getAttribute('aria-label')).toBe(yuan(after));
    await sheet.locator('.sim-pay__button').click();
    await visible(page, '支付成功', 30_000);
    const used = await shopperCall(server.baseUrl, shopper, 'GET', '/api/me/coupons?status=used');
    expect((used.items as { name: string }[]).map((coupon) => coupon.name)).toEqual(['满199减50']);

    await page.goto(`${server.baseUrl}/#/pages/my-coupons/index`);
    await page.locator('.coupon-card', { hasText: '新人首单立减10元' }).waitFor({ timeout: 15_000 });
    await shot(page, 'shop-promo-my-coupons');
    await page.locator('.my-coupons__tab', { hasText: '已使用' }).click();
    await page.locator('.coupon-card', { hasText: '满199减50' }).locator('.coupon-card__stamp', { hasText: '已使用' }).waitFor({ timeout: 15_000 });
    await shot(page, 'shop-promo-my-coupons-used');
  }, 180_000);

  it('live: the home page shows the session on air; the code typed on the live page is applied at checkout', async () => {
    const page = await openShop();
    const shopper = await loginAs(page, 'e2e_live');
    await addAddress(shopper);
    // ¥238 stays above free shipping with or without the code: the code's ¥18 shows in full.
    const lines = [{ skuId: await skuId('每日坚果', '25g×30包'), quantity: 2 }];
    await shopperCall(server.baseUrl, shopper, 'POST', '/api/cart/items', lines[0]);
    const withoutCode = await payable(shopper, { lines });
    const withCode = await payable(shopper, { lines, promoCode: 'live88' });
    expect(withoutCode - withCode).toBe(1800);

    await page.goto(`${server.baseUrl}/#/pages/index/index`);
    const banner = page.locator('.live-banner');
    await banner.waitFor({ timeout: 15_000 });
    await expectText(banner, '冬季囤奶专场直播');
    await page.locator('.flash-strip').waitFor();
    await shot(page, 'shop-promo-home');
    await banner.click();

    await page.locator('.live-hero').waitFor({ timeout: 15_000 });
    await expectText(page.locator('.live-hero__status'), '直播中');
    await visible(page, '主播 小思');
    expect(await page.locator('.live-hero [role="timer"]').getAttribute('aria-label')).toMatch(/^距结束0[23]:\d\d:\d\d$/);
    await page.locator('.live-code__input input').fill('live88');
    await page.locator('.live-code__button').click();
    await expectText(page.locator('.live-code__saved'), 'LIVE88');
    await toastGone(page);
    await shot(page, 'shop-promo-live');

    await page.goto(`${server.baseUrl}/#/pages/cart/index`);
    await expectText(page.locator('.cart-promo__code'), 'LIVE88');
    await shot(page, 'shop-promo-cart');
    await page.locator('.checkout-bar__button').click();
    await page.locator('.checkout .address-card').waitFor({ timeout: 15_000 });
    const codeCell = page.locator('.checkout-promo__code-cell');
    await expectText(codeCell.locator('.checkout-promo__code'), 'LIVE88');
    await codeCell.locator('.checkout-promo__code-message--ok').waitFor({ timeout: 15_000 });
    await expectText(page.locator('.price-summary__payable'), yuan(withCode));
    await shot(page, 'shop-promo-checkout-live-code');

    // A wrong code is refused with the server's reason, and the price goes back.
    await codeCell.getByText('移除').click();
    await expectText(page.locator('.price-summary__payable'), yuan(withoutCode));
    await page.locator('.checkout-promo__input input').fill('NOPE99');
    await page.locator('.checkout-promo__apply').click();
    await page.locator('.checkout-promo__code-message--bad').waitFor({ timeout: 15_000 });
    await shot(page, 'shop-promo-checkout-bad-code');
    await codeCell.getByText('移除').click();
    await page.locator('.checkout-promo__input input').fill('LIVE88');
    await page.locator('.checkout-promo__apply').click();
    await codeCell.locator('.checkout-promo__code-message--ok').waitFor({ timeout: 15_000 });

    await page.locator('.checkout-submit__button').click();
    const sheet = page.locator('.sim-pay');
    await sheet.waitFor({ timeout: 15_000 });
    expect(await sheet.locator('.sim-pay__amount').getAttribute('aria-label')).toBe(yuan(withCode));
  }, 180_000);
});

/** Waits until Taro's toast (领取成功, 已保存) is gone so that it does not cover the screenshot. */
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
