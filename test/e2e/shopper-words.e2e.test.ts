import type { BrowserContext } from 'playwright-core';
import { adminLogin, adminShot, menu } from './support/admin-page';
import { openPage, screenshot } from './support/browser';
import { visible } from './support/page';
import { startServer, type RunningServer } from './support/server';
import { findSkuId, loginShopper, placeOrderAsShopper } from './support/shopper';

/**
 * Shopper-facing words (issue 12 §3): the shop shows the merchant's tags, never the internal roles,
 * and explains the struck-through price; the console names buyers and audit actions instead of
 * showing ids and codes. Screenshots: shop-tags-*.png (phone) and admin-words-*.png (1440 px).
 */
const INTERNAL_ROLES = /引流品|爆品|利润品/;

describe('shopper-facing words in a browser', () => {
  let server: RunningServer;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServer();
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await server?.stop();
  });

  it('shop: cards carry 新人价 / 热卖 tags and no internal role; the product price links to 划线价说明', async () => {
    const page = await openPage(contexts, { mobile: true });
    await page.goto(`${server.baseUrl}/`);
    await page.locator('.pcard').first().waitFor({ timeout: 30_000 });
    await page.locator('.product-tag', { hasText: '热卖' }).first().waitFor();
    expect(await page.locator('body').innerText()).not.toMatch(INTERNAL_ROLES);
    await screenshot(page, 'shop-tags-home');

    await page.goto(`${server.baseUrl}/#/pages/products/index?q=${encodeURIComponent('每日坚果')}`);
    await page
      .locator('.pcard', { hasText: /每日坚果(?!尝鲜)/ })
      .first()
      .click();
    await page.locator('.price-block').waitFor();
    await page.getByTestId('price-note-link').filter({ visible: true }).waitFor();
    expect(await page.locator('.product-page').filter({ visible: true }).innerText()).not.toMatch(INTERNAL_ROLES);
    await screenshot(page, 'shop-tags-product');

    await page.getByTestId('price-note-link').filter({ visible: true }).click();
    await visible(page, '划线价格');
    const note = await page.locator('.price-note').filter({ visible: true }).innerText();
    expect(note).toContain('并非原价');
    expect(note).toContain('以订单结算页的价格为准');
    await screenshot(page, 'shop-tags-price-note');
  }, 120_000);

  it('admin: orders name the buyer, the audit log reads 员工登录, errors show words not codes', async () => {
    const shopper = await loginShopper(server.baseUrl, 'e2e-words-buyer');
    const order = await placeOrderAsShopper(server.baseUrl, shopper, await findSkuId(server.baseUrl, '每日坚果', '25g×7包'));
    const page = await openPage(contexts);
    await adminLogin(page, server.baseUrl, 'owner');

    await page.goto(`${server.baseUrl}/admin/orders?orderNo=${String(order.orderNo)}`);
    const buyer = page.getByTestId('order-buyer').first();
    await buyer.waitFor();
    expect(await buyer.innerText()).toMatch(/^微信用户\S+/);
    expect(await page.getByTestId('order-table').innerText()).not.toMatch(/#\d+/);
    await adminShot(page, 'admin-words-orders');

    await menu(page).getByText('审计日志').click();
    await page.getByTestId('audit-table').getByText('员工登录').first().waitFor();
    const audit = await page.getByTestId('audit-table').innerText();
    expect(audit).not.toMatch(/staff\.login|product\.\w+|order\.\w+/);
    await adminShot(page, 'admin-words-audit');
  }, 120_000);
});
