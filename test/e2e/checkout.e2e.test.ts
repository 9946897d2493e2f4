import type { BrowserContext, Page } from 'playwright-core';
import { screenshot, openPage } from './support/browser';
import { expectText, visible } from './support/page';
import { startServer, type RunningServer } from './support/server';

/**
 * Checkout in the H5 shop (Debian's Chromium, mobile viewport) against the real server on a fresh seeded
 * database with the WeChat and WeChat Pay simulators: a member buys, pays on the simulated WeChat Pay
 * sheet, and the order turns 待发货 once the simulator's payment notification reached the server.
 * Screenshots go to test/artifacts/screenshots/checkout-*.png.
 */
describe('H5 checkout and orders in a browser', () => {
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

  async function productId(query: string): Promise<number> {
    const found = (await (await fetch(`${server.baseUrl}/api/products?q=${encodeURIComponent(query)}`)).json()) as { items: { id: number }[] };
    const id = found.items[0]?.id;
    if (typeof id !== 'number') throw new Error(`no product for ${query}`);
    return id;
  }

  /** Logs in on the simulated login page as a new demo member with this name. */
  async function loginAs(page: Page, name: string): Promise<void> {
    await page.goto(`${server.baseUrl}/#/pages/me/index`);
    await page.getByText('登录 / 注册').click();
    await page.locator('.login__input input').fill(name);
    await page.getByText('以该身份登录').click();
    await page.locator('.login').waitFor({ state: 'detached', timeout: 15_000 });
    await page.locator('.me__orders-title').filter({ visible: true }).waitFor({ timeout: 15_000 });
  }

  async function chooseSku(page: Page, id: number, spec: string, button: '加入购物车' | '立即购买'): Promise<void> {
    await page.goto(`${server.baseUrl}/#/pages/product/index?id=${id}`);
    await page.locator('.price-block').waitFor({ timeout: 30_000 });
    await page.locator('.action-bar').getByText(button).click();
    // The sheet opens with the first SKU chosen; tapping a chosen chip would unchoose it.
    const chip = page.locator('.sku-chip', { hasText: spec });
    if (!((await chip.getAttribute('class')) ?? '').includes('sku-chip--chosen')) await chip.click();
    await visible(page, `已选：${spec}`);
    await page.locator('.sheet__footer').getByText(button).click();
  }

  it('cart → checkout → new address → submit → simulated WeChat Pay → paid (待发货), in the list and without the cart line', async () => {
    const page = await openShop();
    await loginAs(page, 'e2e_checkout');
    await shot(page, 'checkout-me');

    await chooseSku(page, await productId('每日坚果'), '25g×7包', '加入购物车');
    await page.locator('.sheet').waitFor({ state: 'detached' });
    await page.locator('.action-bar__icon', { hasText: '购物车' }).click();
    await page.locator('.cart-line', { hasText: /每日坚果(?!尝鲜)/ }).waitFor();
    await expectText(page.locator('.checkout-bar__total'), '¥29.90');
    await page.locator('.checkout-bar__button').click();

    // Checkout: the server's quote (¥29.90 + ¥8.00 shipping, ¥69.10 short of free shipping), no address yet.
    await page.locator('.checkout').waitFor();
    await visible(page, '添加收货地址');
    await expectText(page.locator('.price-summary__payable'), '¥37.90');
    await visible(page, '再买¥69.10 包邮');
    await visible(page, '第1行 私域价 ¥29.90 × 1 = ¥29.90');
    await shot(page, 'checkout-no-address');

    await page.getByText('添加收货地址').click();
    await page.locator('.address-form').waitFor();
    const inputs = page.locator('.address-form__input input');
    await inputs.nth(0).fill('林小满');
    await inputs.nth(1).fill('13800138000');
    await page.getByText('请选择省 / 市 / 区').click();
    await page.locator('.region-sheet__item', { hasText: '上海市' }).click();
    await page.locator('.region-sheet__item', { hasText: '上海市' }).click();
    await shot(page, 'checkout-region-sheet');
    await page.locator('.region-sheet__item', { hasText: '浦东新区' }).click();
    await visible(page, '上海市 浦东新区');
    await page.locator('.address-form__textarea textarea').fill('世纪大道 100 号 8 楼');
    await shot(page, 'checkout-address-form');
    await page.getByText('保存', { exact: true }).click();

    // Back on checkout with the new address (the first one becomes the default).
    await page.locator('.checkout .address-card', { hasText: '林小满' }).waitFor({ timeout: 15_000 });
    await visible(page, '138****8000');
    await page.locator('.checkout__remark input').fill('工作日白天送货');
    await shot(page, 'checkout');

    await page.locator('.checkout-submit__button').click();
    const sheet = page.locator('.sim-pay');
    await sheet.waitFor({ timeout: 15_000 });
    await expectText(sheet.locator('.sim-pay__amount'), '37');
    expect(await sheet.locator('.sim-pay__amount').getAttribute('aria-label')).toBe('¥37.90');
    await shot(page, 'checkout-pay-sheet');
    await sheet.locator('.sim-pay__button').click();

    // The result page waits for the server to hear from WeChat Pay (the simulator's signed notification).
    await visible(page, '支付成功', 30_000);
    await expectText(page.locator('.pay-result__amount'), '¥37.90');
    await shot(page, 'checkout-pay-result');

    await page.getByText('查看订单').click();
    await expectText(page.locator('.order-status__name'), '待发货');
    await visible(page, '商家正在备货，请耐心等待发货');
    await visible(page, '支付成功');
    await visible(page, '工作日白天送货');
    await expectText(page.locator('.order-page .price-summary__payable'), '¥37.90');
    await shot(page, 'checkout-order-detail');
    await page.locator('.timeline').scrollIntoViewIfNeeded();
    await screenshot(page, 'checkout-order-detail-bottom');

    await page.goto(`${server.baseUrl}/#/pages/me/index`);
    await page.locator('.me__orders .me__entry', { hasText: '待发货' }).click();
    const card = page.locator('.order-card', { hasText: /每日坚果(?!尝鲜)/ });
    await card.waitFor({ timeout: 15_000 });
    await expectText(card.locator('.order-card__status'), '待发货');
    await expectText(card.locator('.order-card__amount'), '¥37.90');
    await shot(page, 'checkout-order-list');

    // The ordered line left the member's cart.
    await page.goto(`${server.baseUrl}/#/pages/cart/index`);
    await visible(page, '购物车还是空的');
  }, 180_000);

  it('buy now → leave the pay sheet → the unpaid order counts down → cancel it', async () => {
    const page = await openShop();
    await loginAs(page, 'e2e_buy_now');
    // An address first, from the address book.
    await page.locator('.me__row', { hasText: '收货地址' }).click();
    await visible(page, '还没有收货地址');
    await page.getByText('+ 新增收货地址').click();
    const inputs = page.locator('.address-form__input input');
    await inputs.nth(0).fill('陈一禾');
    await inputs.nth(1).fill('13900139000');
    await page.getByText('请选择省 / 市 / 区').click();
    await page.locator('.region-sheet__item', { hasText: '北京市' }).click();
    await page.locator('.region-sheet__item', { hasText: '北京市' }).click();
    await page.locator('.region-sheet__item', { hasText: '朝阳区' }).click();
    await page.locator('.address-form__textarea textarea').fill('建国路 88 号');
    await page.getByText('保存', { exact: true }).click();
    await page.locator('.address-item', { hasText: '陈一禾' }).waitFor({ timeout: 15_000 });
    await visible(page, '默认地址');
    await shot(page, 'checkout-address-list');

    await chooseSku(page, await productId('每日坚果'), '25g×30包', '立即购买');
    await page.locator('.checkout .address-card', { hasText: '陈一禾' }).waitFor({ timeout: 15_000 });
    await page.locator('.price-summary__payable').waitFor();
    await page.locator('.checkout-submit__button').click();
    await page.locator('.sim-pay').waitFor({ timeout: 15_000 });
    await page.locator('.sim-pay__cancel').click();

    // Not paid: the order waits, with the time left to pay.
    await expectText(page.locator('.order-status__name'), '等待买家付款');
    await page.locator('.order-status__countdown').waitFor();
    expect(await page.locator('.order-status__countdown').innerText()).toMatch(/^(29|30):\d\d$/);
    await shot(page, 'checkout-order-unpaid');

    await page.locator('.order-bar').getByText('取消订单').click();
    await page.locator('.taro-model__confirm').click();
    await expectText(page.locator('.order-status__name'), '已取消');
    await visible(page, '订单已取消');
  }, 120_000);
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
