import type { BrowserContext, Page } from 'playwright-core';
import { openPage, screenshot } from './support/browser';
import { expectText, visible } from './support/page';
import { startServer, type RunningServer } from './support/server';
import { addDefaultAddress, findSkuId, loginInShop, shopperCall, type Shopper } from './support/shopper';

/**
 * Issue 12 §1 in the H5 build (Debian's Chromium, phone viewport), on the demo data: the shopper holds
 * two coupons (满199减50, 新人首单立减10元) and types the live code LIVE88, which does not stack with coupons.
 * The page must say that removing the code frees a better coupon (去掉直播码可用，省¥…) in the code cell,
 * the 优惠券 row and the picker — never 暂无可用 — and one tap on the recommended plan removes the code, so
 * the shopper pays the lower amount. Screenshots: test/artifacts/screenshots/shop-plan-*.png.
 */
describe('H5 checkout: the recommended plan removes a live code that blocks better coupons', () => {
  let server: RunningServer;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServer();
    // The demo seed draws its product images at start-up: give a busy machine time.
  }, 300_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await server?.stop();
  });

  const yuan = (fen: number) => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

  async function claim(shopper: Shopper, name: string): Promise<void> {
    const center = await shopperCall(server.baseUrl, shopper, 'GET', '/api/coupons/center');
    const template = (center.items as { templateId: number; name: string }[]).find((item) => item.name === name);
    if (!template) throw new Error(`the demo coupon ${name} is missing`);
    await shopperCall(server.baseUrl, shopper, 'POST', `/api/coupons/center/${String(template.templateId)}/claim`, {});
  }

  async function quote(shopper: Shopper, body: Record<string, unknown>) {
    const answer = await shopperCall(server.baseUrl, shopper, 'POST', '/api/checkout/quote', body);
    return answer as { payableTotalFen: number; promotions: { recommendedPlan: { savingFen: number; payableFen: number; removesPromoCode: boolean } | null } };
  }

  it('says 去掉直播码可用 where the shopper looks, and one tap takes the cheaper plan without the code', async () => {
    const page: Page = await openPage(contexts, { mobile: true });
    const pageErrors: string[] = [];
    const failedApiCalls: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('requestfailed', (request) => {
      if (request.url().includes('/api/')) failedApiCalls.push(request.url());
    });
    const shopper = await loginInShop(page, server.baseUrl, 'e2e_plan');
    await addDefaultAddress(server.baseUrl, shopper);
    await claim(shopper, '满199减50');
    await claim(shopper, '新人首单立减10元');
    const lines = [{ skuId: await findSkuId(server.baseUrl, '每日坚果', '25g×30包'), quantity: 2 }];
    await shopperCall(server.baseUrl, shopper, 'POST', '/api/cart/items', lines[0]);

    // What the server says: the code costs the shopper money, and the plan without it is what they would pay.
    const withCode = await quote(shopper, { lines, promoCode: 'LIVE88' });
    const withoutCode = await quote(shopper, { lines });
    const plan = withCode.promotions.recommendedPlan;
    expect(plan).toMatchObject({ removesPromoCode: true, payableFen: withoutCode.payableTotalFen });
    const saving = withCode.payableTotalFen - withoutCode.payableTotalFen;
    expect(saving).toBeGreaterThan(0);
    expect(plan?.savingFen).toBe(saving);
    const hint = `去掉直播码可用，省${yuan(saving)}`;

    await page.goto(`${server.baseUrl}/#/pages/cart/index`);
    await page.locator('.cart-line', { hasText: /每日坚果(?!尝鲜)/ }).waitFor({ timeout: 15_000 });
    await page.locator('.checkout-bar__button').click();
    await page.locator('.checkout .address-card').waitFor({ timeout: 15_000 });
    await expectText(page.locator('.price-summary__payable'), yuan(withoutCode.payableTotalFen));

    // The shopper types the code from the stream: it applies, and costs them money.
    await page.locator('.checkout-promo__input input').fill('LIVE88');
    await page.locator('.checkout-promo__apply').click();
    const codeCell = page.locator('.checkout-promo__code-cell');
    await codeCell.locator('.checkout-promo__code-message--ok').waitFor({ timeout: 15_000 });
    await expectText(page.locator('.price-summary__payable'), yuan(withCode.payableTotalFen));
    await expectText(codeCell.locator('.checkout-promo__code-plan'), hint);
    const couponCell = page.locator('.checkout__cell', { hasText: '优惠券' }).first();
    await expectText(couponCell, hint);
    expect(await couponCell.textContent()).not.toContain('暂无可用');
    await expectText(page.locator('.checkout-promo__delta'), `比最优方案多付${yuan(saving)}`);
    await shot(page, 'shop-plan-code-blocks-coupons');

    await couponCell.click();
    const picker = page.locator('.coupon-picker');
    await picker.waitFor();
    await expectText(picker.locator('.coupon-picker__delta'), hint);
    expect(await picker.locator('.coupon-picker__summary').textContent()).not.toContain('暂无可用');
    await expectText(picker.locator('.coupon-card', { hasText: '满199减50' }).locator('.coupon-card__tag'), '推荐');
    await shot(page, 'shop-plan-picker');
    await page.locator('.sheet__close').click();
    await picker.waitFor({ state: 'detached' });

    // One tap: the code goes, the best coupon comes back, the shopper pays the lower amount.
    await page.getByText('去掉直播码，使用推荐方案').click();
    await page.locator('.checkout-promo__input').waitFor({ timeout: 15_000 });
    await expectText(page.locator('.price-summary__payable'), yuan(withoutCode.payableTotalFen));
    await expectText(couponCell, '-¥50.00');
    await page.locator('.checkout-promo__delta').waitFor({ state: 'detached' });
    await shot(page, 'shop-plan-taken');

    await page.locator('.checkout-submit__button').click();
    const sheet = page.locator('.sim-pay');
    await sheet.waitFor({ timeout: 15_000 });
    expect(await sheet.locator('.sim-pay__amount').getAttribute('aria-label')).toBe(yuan(withoutCode.payableTotalFen));
    await sheet.locator('.sim-pay__button').click();
    await visible(page, '支付成功', 30_000);
    const used = await shopperCall(server.baseUrl, shopper, 'GET', '/api/me/coupons?status=used');
    expect((used.items as { name: string }[]).map((coupon) => coupon.name)).toEqual(['满199减50']);
    expect(pageErrors).toEqual([]);
    expect(failedApiCalls).toEqual([]);
  }, 180_000);
});

/** Waits for Taro's page slide-in to finish, then saves the screenshot from the top of the page. */
async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(700);
  // (a string: the test workspace has no DOM types)
  await page.evaluate(
    `for (const el of [document.scrollingElement, ...document.querySelectorAll('.taro-tabbar__panel, .taro_page')]) if (el) el.scrollTop = 0;`,
  );
  await screenshot(page, name);
}
