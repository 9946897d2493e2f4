import type { BrowserContext, Page } from 'playwright-core';
import { adminLogin, adminShot, button, menu } from './support/admin-page';
import { openPage } from './support/browser';
import { startServer, type RunningServer } from './support/server';

/**
 * The 会员运营 pages and the member detail in Chromium against the real server on a fresh seeded
 * database: the owner moves a tier threshold and watches the re-evaluation of every member finish; a
 * service agent adjusts a member's points with a (mandatory) reason and finds it in the ledger; an
 * analyst sees the ledgers but no adjust buttons; the points liability report renders; the owner adds
 * a points mall item. Screenshots go to test/artifacts/screenshots/admin-member-*.png.
 */
describe('admin console: membership', () => {
  const suffix = Date.now().toString(36).slice(-4);
  let server: RunningServer;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    server = await startServer();
  }, 120_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await server?.stop();
  });

  const openAdmin = async (username: string): Promise<Page> => {
    const page = await openPage(contexts, { timeoutMs: 30_000 });
    await adminLogin(page, server.baseUrl, username);
    return page;
  };

  /** Opens 会员 and the detail of the seeded member whose nickname contains `name`. */
  async function openMember(page: Page, name: string): Promise<void> {
    await menu(page).getByText('会员', { exact: true }).click();
    await page.getByLabel('关键词').fill(name);
    await button(page, '搜索').click();
    await page
      .getByTestId('member-table')
      .getByRole('link', { name: new RegExp(name) })
      .click();
    await page.getByTestId('points-summary').waitFor();
  }

  it('owner: a threshold out of order is flagged; a valid change re-evaluates every member with a progress bar', async () => {
    const page = await openAdmin('owner');
    await menu(page).getByText('会员等级', { exact: true }).click();
    await page.getByTestId('tier-table').waitFor();
    await page.getByLabel('成长值门槛 黄金').fill('400');
    await page.getByText('须高于白银的 500').waitFor();
    await adminShot(page, 'admin-member-tiers-invalid');

    await page.getByLabel('成长值门槛 黄金').fill('2500');
    await page.getByText('须高于白银的 500').waitFor({ state: 'detached' });
    await page.getByLabel('会员折扣 黄金').fill('2');
    await page.getByText('即 9.8 折').waitFor();
    await button(page, '保存').click();
    const progress = page.getByTestId('tier-reevaluation');
    await progress.getByText('会员等级重新评估已完成').waitFor({ timeout: 30_000 });
    await progress.getByText(/共 \d+ 位会员，等级变更 \d+ 人/).waitFor();
    await adminShot(page, 'admin-member-tiers');

    // Saved: a reload shows the new threshold and the finished run.
    await page.reload();
    expect(await page.getByLabel('成长值门槛 黄金').inputValue()).toBe('2500');
    await page.getByTestId('tier-reevaluation').getByText('会员等级重新评估已完成').waitFor();
  }, 120_000);

  it('service: adjusts a member’s points only with a reason; the ledger shows the entry', async () => {
    const page = await openAdmin('service');
    await openMember(page, '大卫');
    await page.getByTestId('member-tier').getByText('黄金').waitFor();
    await page.getByTestId('growth-ledger').getByText('演示数据：历史订单成长值').first().waitFor();
    await adminShot(page, 'admin-member-detail');

    await page.getByTestId('adjust-points').click();
    const dialog = page.locator('.ant-modal');
    await dialog.getByLabel('调整数量').fill('88');
    await button(dialog, '确认调整').click();
    await dialog.getByText('请填写调整原因').waitFor();
    const reason = `客诉补偿 E2E${suffix}`;
    await dialog.getByLabel('调整原因').fill(reason);
    await adminShot(page, 'admin-member-adjust');
    await button(dialog, '确认调整').click();
    await dialog.waitFor({ state: 'detached' });

    const entry = page.getByTestId('points-ledger').locator('tr', { hasText: reason });
    await entry.getByText('+88').waitFor();
    await entry.getByText('人工调整').first().waitFor();
    await page.getByRole('tab', { name: /积分批次/ }).click();
    await page.getByTestId('points-lots').locator('tr', { hasText: '人工调整' }).first().waitFor();
    await adminShot(page, 'admin-member-points');
    // No 会员运营 editing for service: the tier page is read-only.
    await menu(page).getByText('会员等级', { exact: true }).click();
    await page.getByTestId('tier-table').waitFor();
    await page.getByText('只读').waitFor();
  }, 120_000);

  it('analyst: reads the ledgers but has no adjust buttons', async () => {
    const page = await openAdmin('analyst');
    await openMember(page, '王姐');
    await page.getByTestId('member-tier').getByText('钻石').waitFor();
    await page.getByTestId('points-ledger').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('adjust-points').count()).toBe(0);
    expect(await page.getByTestId('adjust-growth').count()).toBe(0);
    await adminShot(page, 'admin-member-analyst');
  }, 120_000);

  it('the points liability report renders: outstanding points, their value, expiring by month', async () => {
    const page = await openAdmin('owner');
    await menu(page).getByText('积分负债', { exact: true }).click();
    const summary = page.getByTestId('liability-summary');
    await summary.getByText('未使用积分').waitFor();
    await summary.getByText(/¥[\d,]+\.\d\d/).waitFor();
    await page
      .getByTestId('liability-by-month')
      .locator('tbody tr', { hasText: /\d{4}年\d{1,2}月/ })
      .first()
      .waitFor();
    await adminShot(page, 'admin-member-liability');

    await menu(page).getByText('积分规则', { exact: true }).click();
    await page.getByLabel('每日签到').fill('6');
    await button(page, '保存').click();
    await page.getByText('积分规则已保存').waitFor();
    await adminShot(page, 'admin-member-points-rules');
  }, 120_000);

  it('owner: creates a points mall item (a coupon for points, gold and above); the product form has 专享等级', async () => {
    const page = await openAdmin('owner');
    await menu(page).getByText('积分商城', { exact: true }).click();
    await page.getByTestId('mall-item-table').getByText('无门槛5元券', { exact: true }).waitFor();

    await page.getByRole('button', { name: '新建积分商品' }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.getByLabel('发放的优惠券').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '包邮券' }).first().click();
    const title = `E2E包邮券${suffix}`;
    await dialog.getByLabel('商品名称').fill(title);
    await dialog.getByLabel('所需积分').fill('150');
    await dialog.getByLabel('库存').fill('20');
    await dialog.getByLabel('最低等级').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '黄金及以上' }).first().click();
    await adminShot(page, 'admin-member-mall-form');
    await button(dialog, '保存').click();
    await dialog.waitFor({ state: 'detached' });

    const row = page.getByTestId('mall-item-table').locator('tr', { hasText: title });
    await row.getByText('150 积分', { exact: true }).waitFor();
    await row.getByText('黄金及以上').waitFor();
    await row.getByText('已兑 0 / 20 · 剩余 20').waitFor();
    await adminShot(page, 'admin-member-mall');

    // The product form has a 专享等级 per SKU.
    await menu(page).getByText('商品', { exact: true }).click();
    await page.getByLabel('搜索商品').fill('巴旦木');
    await page.getByLabel('搜索商品').press('Enter');
    await page
      .getByTestId('product-table')
      .getByRole('link', { name: /原味巴旦木/ })
      .first()
      .click();
    await page.getByTestId('sku-table').getByRole('columnheader', { name: '专享等级' }).waitFor();
    await page.getByTestId('sku-table').getByLabel('专享等级').first().waitFor();
    await adminShot(page, 'admin-member-product-min-tier');
  }, 120_000);
});
