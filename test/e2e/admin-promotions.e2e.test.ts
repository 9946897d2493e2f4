import type { BrowserContext, Page } from 'playwright-core';
import { adminLogin, adminShot, button, menu, pickOption } from './support/admin-page';
import { openPage } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { loginShopper, placeOrderAsShopper } from './support/shopper';

/**
 * The 营销 pages of the admin console in Chromium against the real server on a fresh seeded database:
 * the owner builds a 满减 coupon and watches the live preview change with the sample cart; an operator's
 * 70 % coupon waits for approval (待审批) until the owner approves it; the flash-sale list follows a
 * purchase (sold/remaining) by polling; the owner saves the stacking matrix. Screenshots go to
 * test/artifacts/screenshots/admin-promo-*.png.
 */
describe('admin console: promotions', () => {
  const suffix = Date.now().toString(36).slice(-5);
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
  const tokenOf = (page: Page) => page.evaluate<string>("JSON.parse(localStorage.getItem('siyu.admin.session') || '{}').accessToken");
  const adminGet = async <T>(page: Page, path: string): Promise<T> => {
    const response = await fetch(`${server.baseUrl}${path}`, { headers: { Authorization: `Bearer ${await tokenOf(page)}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };

  /** antd's radio buttons hide the input: click the label. */
  const radio = (page: Page, label: string) => page.locator('label.ant-radio-button-wrapper, label.ant-radio-wrapper', { hasText: label }).first().click();

  /** Opens 营销 › 优惠券 › 新建优惠券 and fills the name. */
  async function newCoupon(page: Page, name: string): Promise<void> {
    await menu(page).getByText('优惠券', { exact: true }).click();
    await page.getByTestId('coupon-table').waitFor();
    await page.getByRole('button', { name: '新建优惠券' }).click();
    await page.getByLabel('券名称').fill(name);
  }

  async function addSampleAlmonds(page: Page): Promise<void> {
    await pickOption(page, '添加样例商品', '巴旦木', '原味巴旦木 500g', { keepsValue: false });
    await page.getByTestId('sample-cart').getByText('原味巴旦木 500g', { exact: false }).waitFor();
  }

  it('owner: a 满减 coupon scoped to one product, with the preview following the sample cart', async () => {
    const page = await openAdmin('owner');
    await menu(page).getByText('优惠券', { exact: true }).click();
    await page.getByTestId('coupon-table').getByText('满199减50', { exact: true }).first().waitFor();
    await adminShot(page, 'admin-promo-coupons');

    const name = `E2E满减${suffix}`;
    await newCoupon(page, name);
    await page.getByLabel('门槛 1').fill('199');
    await page.getByLabel('减免 1').fill('50');
    await page.getByTestId('rule-text').getByText('满199减50').waitFor();
    await radio(page, '指定商品');
    await pickOption(page, '适用商品', '巴旦木', '原味巴旦木 500g');

    await addSampleAlmonds(page);
    const preview = page.getByTestId('coupon-preview');
    await preview.getByTestId('preview-reason').getByText('还差¥134.10可用').waitFor();
    await page.getByLabel(/^数量 原味巴旦木/).fill('4');
    await preview.getByTestId('preview-totals').getByText('-¥50.00').waitFor();
    await preview.getByTestId('preview-totals').getByText('¥259.60').waitFor();
    await preview.getByText('无需审批 · 折扣深度 25.12%').waitFor();
    await adminShot(page, 'admin-promo-coupon-form');

    await page.getByLabel('发行总量').fill('500');
    await page.getByLabel('预算').fill('5000');
    await page.getByRole('button', { name: '创建优惠券' }).click();
    await page.waitForURL(/\/admin\/promotions\/coupons$/);
    const row = page.getByTestId('coupon-table').locator('tr', { hasText: name });
    await row.getByText('指定 1 个商品').waitFor();
    await row.getByText('已发 0 / 500 · 已用 0').waitFor();
    expect(await row.getByText('待审批').count()).toBe(0);

    await row.getByRole('button', { name: '数据' }).click();
    await page.getByTestId('coupon-report').getByText('用券订单 GMV').waitFor();
    await adminShot(page, 'admin-promo-coupon-report');
  }, 120_000);

  it('operator: a 70 % coupon is 待审批; the owner approves it on 审批', async () => {
    const operator = await openAdmin('operator');
    const name = `E2E七折深度${suffix}`;
    await newCoupon(operator, name);
    await radio(operator, '折扣');
    await operator.getByLabel('减免比例').fill('70');
    await operator.getByText('即 3折').waitFor();
    await addSampleAlmonds(operator);
    const preview = operator.getByTestId('coupon-preview');
    await preview.getByTestId('preview-totals').getByText('-¥45.43').waitFor();
    await preview
      .getByTestId('preview-assessment')
      .getByText(/^需审批：折扣深度 70%/)
      .waitFor();
    await adminShot(operator, 'admin-promo-coupon-needs-approval');
    await operator.getByRole('button', { name: '创建优惠券' }).click();
    await operator.waitForURL(/\/admin\/promotions\/coupons$/);
    const operatorRow = operator.getByTestId('coupon-table').locator('tr', { hasText: name });
    await operatorRow.getByText('待审批').waitFor();
    expect(await operatorRow.getByRole('button', { name: '发放' }).count()).toBe(0); // not before approval
    // The operator sees the queue but cannot decide, and has no stacking settings to save.
    await menu(operator).getByText('审批', { exact: true }).click();
    await operator.getByTestId('approval-table').getByText(name).waitFor();
    expect(await operator.getByRole('button', { name: /通\s*过/ }).count()).toBe(0);

    const owner = await openAdmin('owner');
    await menu(owner).getByText('审批', { exact: true }).click();
    const pending = owner.getByTestId('approval-table').locator('tr', { hasText: name });
    await pending.getByText(/折扣深度 70%/).waitFor();
    await adminShot(owner, 'admin-promo-approvals');
    await button(pending, '通过').click();
    await button(owner.locator('.ant-popconfirm'), '通过').click();
    await pending.waitFor({ state: 'detached' });

    await menu(owner).getByText('优惠券', { exact: true }).click();
    const approvedRow = owner.getByTestId('coupon-table').locator('tr', { hasText: name });
    await approvedRow.getByText('已审批').waitFor();
    await approvedRow.getByRole('button', { name: '发放' }).waitFor();
  }, 120_000);

  it('flash sales: sold/remaining follow a purchase without reloading; other 营销 pages render', async () => {
    const page = await openAdmin('owner');
    await menu(page).getByText('秒杀', { exact: true }).click();
    const row = page.getByTestId('flash-sale-table').locator('tr', { hasText: '整点秒杀' });
    await row.getByText('剩余 50 件', { exact: false }).waitFor();
    await row.getByText(/距结束 \d\d:\d\d:\d\d/).waitFor();

    const sales = await adminGet<{ items: { title: string; skuId: number }[] }>(page, '/api/admin/flash-sales');
    const sale = sales.items.find((item) => item.title === '整点秒杀');
    if (!sale) throw new Error('the seeded flash sale is missing');
    const shopper = await loginShopper(server.baseUrl);
    await placeOrderAsShopper(server.baseUrl, shopper, sale.skuId, 1);
    await row.getByText('1/50').waitFor({ timeout: 12_000 }); // the next 5-second poll
    await row.getByText('剩余 49 件', { exact: false }).waitFor();
    await adminShot(page, 'admin-promo-flash-sales');

    // A flash price under cost is announced before saving (the server then holds it for approval).
    await page.getByRole('button', { name: '新建秒杀' }).click();
    await pickOption(page, '秒杀规格', '巴旦木', '原味巴旦木 500g');
    await page.getByText('私域价 ¥64.90 · 成本价 ¥29.00', { exact: false }).waitFor();
    await page.getByLabel('秒杀价').fill('19.9');
    await page.getByTestId('flash-below-cost').waitFor();
    await adminShot(page, 'admin-promo-flash-form');
    await button(page.locator('.ant-modal'), '取消').click();

    await menu(page).getByText('满减活动', { exact: true }).click();
    await page.getByTestId('store-promotion-table').getByText('满99减10/满199减30').waitFor();
    await adminShot(page, 'admin-promo-store-promotions');

    await menu(page).getByText('直播', { exact: true }).click();
    await page.getByTestId('live-session-table').getByText('冬季囤奶专场直播').click();
    await page.getByTestId('live-status').getByText('直播中').waitFor();
    await page.getByTestId('promo-code-table').getByText('LIVE88').waitFor();
    await page.getByTestId('live-report').waitFor();
    await adminShot(page, 'admin-promo-live-detail');

    // A promo code for the stream: 满99减15, 50 uses in all.
    const code = `E2E${suffix.toUpperCase()}`;
    await page.getByRole('button', { name: '新建优惠码' }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.getByLabel('优惠码').fill(code.toLowerCase());
    await dialog.getByLabel('门槛 1').fill('99');
    await dialog.getByLabel('减免 1').fill('15');
    await dialog.getByLabel('总次数').fill('50');
    await adminShot(page, 'admin-promo-code-form');
    await button(dialog, '创建').click();
    const codeRow = page.getByTestId('promo-code-table').locator('tr', { hasText: code });
    await codeRow.getByText('满99减15').waitFor();
    await codeRow.getByText('0 / 50').waitFor();
  }, 120_000);

  it('owner saves the stacking matrix: ticking a cell ticks its mirror', async () => {
    const page = await openAdmin('owner');
    await menu(page).getByText('叠加规则', { exact: true }).click();
    const cell = page.getByRole('checkbox', { name: '秒杀 + 优惠券' });
    const mirror = page.getByRole('checkbox', { name: '优惠券 + 秒杀' });
    expect([await cell.isChecked(), await mirror.isChecked()]).toEqual([false, false]);
    await cell.check();
    expect(await mirror.isChecked()).toBe(true);
    await page.getByLabel('审批折扣深度').fill('40');
    await button(page, '保存').click();
    await page.getByText('叠加规则已保存').waitFor();
    await adminShot(page, 'admin-promo-stacking');
    const saved = await adminGet<{ stackingMatrix: { pairs: Record<string, boolean> }; maxDepthBp: number }>(page, '/api/admin/promotion-settings');
    expect(saved.stackingMatrix.pairs['coupon|flash_sale']).toBe(true);
    expect(saved.maxDepthBp).toBe(4000);
  }, 120_000);
});
