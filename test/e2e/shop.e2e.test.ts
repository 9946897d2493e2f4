import type { BrowserContext, Page } from 'playwright-core';
import { expectFailedRequests, screenshot, openPage } from './support/browser';
import { expectText, visible } from './support/page';
import { startServer, type RunningServer } from './support/server';

/**
 * The H5 shop in Debian's Chromium (mobile viewport) against the real server on a fresh seeded
 * database with the WeChat simulator: what a shopper does, end to end. Screenshots of every page go
 * to test/artifacts/screenshots/shop-*.png.
 */
describe('H5 shop in a browser', () => {
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

  const tab = (page: Page, name: string) => page.locator('.weui-tabbar__item', { hasText: name }).click();

  async function loginAs(page: Page, choose: (page: Page) => Promise<void>): Promise<void> {
    await page.locator('.login__shopper').first().waitFor();
    await shot(page, 'shop-login');
    await choose(page);
    await page.locator('.login').waitFor({ state: 'detached', timeout: 15_000 });
  }

  it('simulated login → browse a category → open a product → choose a SKU → add to cart → change quantity → see totals', async () => {
    const page = await openShop();
    await page.goto(`${server.baseUrl}/`);
    await page.locator('.pcard').first().waitFor({ timeout: 30_000 });
    await visible(page, '热销推荐');
    await shot(page, 'shop-home');

    await tab(page, '我的');
    await visible(page, '欢迎来到思语优选');
    await page.getByText('登录 / 注册').click();
    await loginAs(page, (p) => p.locator('.login__shopper', { hasText: '林小满' }).getByText('登录', { exact: true }).click());
    await visible(page, '青铜会员');
    await visible(page, '绑定手机号');
    await shot(page, 'shop-me');

    await tab(page, '分类');
    await page.locator('.category__rail-item', { hasText: '坚果零食' }).click();
    await page.locator('.category__list .pcard', { hasText: /每日坚果(?!尝鲜)/ }).waitFor();
    await shot(page, 'shop-category');

    await page.locator('.category__list .pcard', { hasText: /每日坚果(?!尝鲜)/ }).click();
    await page.locator('.price-block').waitFor();
    await visible(page, '私域专享');
    await shot(page, 'shop-product');

    await page.locator('.action-bar').getByText('加入购物车').click();
    await page.locator('.sku-chip', { hasText: '25g×7包' }).click();
    await visible(page, '已选：25g×7包');
    await expectText(page.locator('.sku-picker__price'), '¥29.90');
    await shot(page, 'shop-product-sku');
    await page.locator('.sheet__footer').getByText('加入购物车').click();
    await page.locator('.sheet').waitFor({ state: 'detached' });

    await page.locator('.action-bar__icon', { hasText: '购物车' }).click();
    const line = page.locator('.cart-line', { hasText: /每日坚果(?!尝鲜)/ });
    await line.waitFor();
    await visible(page, '25g×7包');
    await expectText(page.locator('.checkout-bar__total'), '¥29.90');
    await line.getByLabel('增加').click();
    await expectText(line.locator('.stepper__value'), '2');
    await expectText(page.locator('.checkout-bar__total'), '¥59.80');
    await expectText(page.locator('.checkout-bar__saving'), '已省 ¥30.00');
    await shot(page, 'shop-cart');
  }, 180_000);

  it('keeps a guest cart on the device, clamped to the purchase limit, and merges it into the server cart at login', async () => {
    const found = (await (await fetch(`${server.baseUrl}/api/products?q=${encodeURIComponent('低脂牛奶尝鲜装')}`)).json()) as { items: { id: number }[] };
    const productId = found.items[0]?.id;
    expect(productId).toEqual(expect.any(Number));

    const page = await openShop();
    await page.goto(`${server.baseUrl}/#/pages/product/index?id=${productId}`);
    await page.locator('.price-block').waitFor({ timeout: 30_000 });
    await visible(page, '每人限购 2 件');
    await page.locator('.action-bar').getByText('加入购物车').click();
    const plus = page.locator('.sheet').getByLabel('增加');
    await plus.click();
    await plus.click();
    await expectText(page.locator('.sheet .stepper__value'), '2');
    await visible(page, '每人限购 2 件');
    await page.locator('.sheet__footer').getByText('加入购物车').click();
    await page.locator('.sheet').waitFor({ state: 'detached' });

    await page.locator('.action-bar__icon', { hasText: '购物车' }).click();
    await page.locator('.cart-line', { hasText: '低脂牛奶尝鲜装' }).waitFor();
    await visible(page, '登录后可同步购物车，享会员专享价');
    await expectText(page.locator('.checkout-bar__total'), '¥19.80');
    await shot(page, 'shop-cart-guest');
    expect(await page.evaluate("localStorage.getItem('siyu.guestCart')")).not.toBeNull();

    await page.getByText('立即登录').click();
    await loginAs(page, async (p) => {
      await p.locator('.login__input input').fill('e2e_guest_merge');
      await p.getByText('以该身份登录').click();
    });
    await page.getByText('登录后可同步购物车，享会员专享价').waitFor({ state: 'detached' });
    const merged = page.locator('.cart-line', { hasText: '低脂牛奶尝鲜装' });
    await expectText(merged.locator('.stepper__value'), '2');
    await expectText(page.locator('.checkout-bar__total'), '¥19.80');
    expect(await page.evaluate("localStorage.getItem('siyu.guestCart')")).toBeNull();
  }, 120_000);

  it('shows a retry state instead of a blank page when the network fails, and recovers on retry', async () => {
    const page = await openShop();
    const failProducts = (route: { abort: () => Promise<void> }) => route.abort();
    expectFailedRequests(page, (url) => new URL(url).pathname === '/api/products');
    await page.route('**/api/products?**', failProducts);
    await page.goto(`${server.baseUrl}/`);
    await visible(page, '加载失败');
    await visible(page, '网络不给力，请检查网络后重试');
    await shot(page, 'shop-home-offline');
    await page.unroute('**/api/products?**', failProducts);
    await page.getByText('重新加载').filter({ visible: true }).first().click();
    await page.locator('.pcard').first().waitFor();
  }, 120_000);

  it('answers an unknown or off-sale product with a friendly page and a way back', async () => {
    const page = await openShop();
    await page.goto(`${server.baseUrl}/#/pages/product/index?id=999999`);
    await visible(page, '商品不存在或已下架');
    await page.getByText('返回首页').click();
    await page.locator('.pcard').first().waitFor();
  }, 120_000);
});

/** Waits for Taro's page slide-in to finish, then saves the screenshot. */
async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(700);
  // Clicks scroll elements into view; show each page from its top.
  // (a string: the test workspace has no DOM types)
  await page.evaluate(
    `for (const el of [document.scrollingElement, ...document.querySelectorAll('.taro-tabbar__panel, .taro_page')]) if (el) el.scrollTop = 0;`,
  );
  await screenshot(page, name);
}
