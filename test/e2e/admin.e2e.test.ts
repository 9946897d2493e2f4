import type { BrowserContext, Page } from 'playwright-core';
import { openPage } from './support/browser';
import { adminLogin, adminShot, button, DEMO_PASSWORD, menu } from './support/admin-page';
import { startServer, type RunningServer } from './support/server';

/** A small real PNG, different on every run (the library keeps one row per distinct picture). */
async function testPng(): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  return sharp({ create: { width: 320, height: 320, channels: 3, background: { r: 40, g: 160, b: 120 } } })
    .composite([
      {
        input: Buffer.from(
          `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="320"><circle cx="160" cy="160" r="${60 + (Date.now() % 90)}" fill="#fff"/></svg>`,
        ),
      },
    ])
    .png()
    .toBuffer();
}

/**
 * The admin console in Debian's Chromium (desktop viewport) against the real server on a fresh
 * seeded database: the demo owner builds and publishes a product that the shop API then lists, the
 * below-cost guard stops a loss-making price, a CSV import with a bad row is reported row by row, and
 * an operator cannot reach 员工. Screenshots go to test/artifacts/screenshots/admin-*.png.
 */
describe('admin console in a browser', () => {
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

  const openAdmin = (): Promise<Page> => openPage(contexts, { timeoutMs: 30_000 });

  const login = (page: Page, username: string): Promise<void> => adminLogin(page, server.baseUrl, username);

  async function chooseCategory(page: Page, name: string): Promise<void> {
    await page.getByLabel('分类', { exact: true }).click();
    await page.keyboard.type(name);
    await page.locator('.ant-select-tree-node-content-wrapper', { hasText: name }).first().click();
  }

  /** Fills the product form: title, category, role, then one SKU row per entry. */
  async function fillProduct(page: Page, title: string, category: string, skus: { spec: string; prices: [string, string, string]; stock: string }[]) {
    await page.getByLabel('商品名称').fill(title);
    await chooseCategory(page, category);
    await page.getByText('爆品', { exact: true }).click();
    for (const [index, sku] of skus.entries()) {
      if (index > 0) await page.getByRole('button', { name: '添加规格' }).click();
      await page.getByLabel('规格 规格').nth(index).fill(sku.spec);
      await page.getByLabel('划线价').nth(index).fill(sku.prices[0]);
      await page.getByLabel('私域价').nth(index).fill(sku.prices[1]);
      await page.getByLabel('成本价').nth(index).fill(sku.prices[2]);
      await page.getByLabel('库存').nth(index).fill(sku.stock);
    }
  }

  async function saveNewProduct(page: Page): Promise<number> {
    await button(page, '保存').click();
    await page.waitForURL(/\/admin\/products\/\d+$/);
    return Number(/(\d+)$/.exec(page.url())?.[1]);
  }

  it('owner: category → product with two SKUs → publish → listed by the shop API; pages render', async () => {
    const page = await openAdmin();
    await page.goto(`${server.baseUrl}/admin/products`);
    await page.waitForURL(/\/admin\/login$/);
    await page.getByLabel('用户名').waitFor();
    await adminShot(page, 'admin-login');

    await page.getByLabel('用户名').fill('owner');
    await page.getByLabel('密码').fill('wrong-password');
    await button(page, '登录').click();
    // Words from the shared message table, never the code (it once showed INVALID_CREDENTIALS).
    await page.getByTestId('login-error').getByText('用户名或密码错误').waitFor();
    expect(await page.getByTestId('login-error').textContent()).not.toContain('INVALID_CREDENTIALS');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await button(page, '登录').click();
    await page.waitForURL(/\/admin\/products$/);
    await page.getByTestId('product-table').locator('tbody tr').nth(3).waitFor();
    await adminShot(page, 'admin-products');

    const category = `E2E分类${suffix}`;
    await menu(page).getByText('分类').click();
    await page.getByRole('button', { name: '新建分类' }).click();
    await page.getByLabel('分类名称').fill(category);
    await button(page.locator('.ant-modal'), '保存').click();
    await page.getByTestId('category-table').getByText(category).waitFor();
    await adminShot(page, 'admin-categories');
    // The global error handler shows the code's Chinese message (not the code): a category with children cannot go.
    await page
      .getByTestId('category-table')
      .locator('tr', { hasText: '坚果零食' })
      .first()
      .getByRole('button', { name: /删\s*除/ })
      .click();
    // The answer first (CI once saw no notice at all: a slow popconfirm may take the click before it is ready).
    const confirm = page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定|OK/ });
    await confirm.waitFor();
    // On a loaded machine a click during the popconfirm's zoom-in animation can be dropped: click again while it is open.
    const deleted = page.waitForResponse((response) => response.request().method() === 'DELETE' && response.url().includes('/api/admin/categories/'), {
      timeout: 60_000,
    });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      if (!(await confirm.isVisible())) break;
      await confirm.click().catch(() => undefined);
      const answered = await Promise.race([deleted.then(() => true), page.waitForTimeout(8_000).then(() => false)]);
      if (answered) break;
    }
    const refused = await deleted;
    expect(refused.status()).toBe(409);
    await page.locator('.ant-notification').getByText('分类下还有子分类或商品，无法删除').waitFor();
    expect(await page.locator('.ant-notification').textContent()).not.toContain('CATEGORY_NOT_EMPTY');

    const title = `E2E椰子水${suffix}`;
    await menu(page).getByText('商品', { exact: true }).click();
    await page.getByRole('button', { name: '新建商品' }).click();
    await fillProduct(page, title, category, [
      { spec: '330ml', prices: ['19.90', '12.9', '6.50'], stock: '40' },
      { spec: '1L', prices: ['45', '39.90', '20'], stock: '12' },
    ]);
    // Upload a real PNG from the form: the picker selects it and the form shows its library URL and thumbnail.
    await page.getByRole('button', { name: /从图片库选择/ }).click();
    const picker = page.locator('.ant-modal', { hasText: '从图片库选择' });
    await picker.locator('.media-grid__pick img').first().waitFor(); // the seeded pictures are in the library
    await picker.locator('input[type=file]').setInputFiles({ name: 'e2e-coconut.png', mimeType: 'image/png', buffer: await testPng() });
    await picker.getByRole('button', { name: /使用 1 张/ }).click();
    await page.getByLabel('图片地址 1').waitFor();
    expect(await page.getByLabel('图片地址 1').inputValue()).toMatch(/^\/media\/[0-9a-f]{32}\.png$/);
    await page.waitForFunction(`[...document.images].some((img) => img.src.includes('-t.webp') && img.complete && img.naturalWidth > 0)`);
    await page.getByLabel('私域价').first().blur();
    await page.getByText('¥6.40', { exact: true }).waitFor(); // live margin of the first SKU: 12.90 − 6.50
    await adminShot(page, 'admin-product-form');
    const productId = await saveNewProduct(page);
    await page.getByText('草稿', { exact: true }).waitFor();
    await button(page, '上架').click();
    await page.getByText('在售', { exact: true }).waitFor();

    const shop = (await (await fetch(`${server.baseUrl}/api/products?q=${encodeURIComponent(title)}`)).json()) as {
      items: { id: number; title: string; priceFen: number }[];
    };
    expect(shop.items).toEqual([expect.objectContaining({ id: productId, title, priceFen: 1290 })]);

    await menu(page).getByText('库存').click();
    await page.getByLabel('搜索商品').fill(title);
    await page.getByLabel('搜索商品').press('Enter');
    const stockRow = page.getByTestId('stock-table').locator('tbody tr', { hasText: '330ml' });
    await stockRow.getByRole('button', { name: '调整库存' }).click();
    await page.getByLabel('数量').fill('8');
    await page.getByLabel('原因').fill('E2E 采购入库');
    await page.getByRole('button', { name: '确认调整' }).click();
    await stockRow.getByText('48', { exact: true }).waitFor();
    await stockRow.getByRole('button', { name: '流水' }).click();
    await page.getByTestId('stock-movements').getByText('E2E 采购入库').waitFor();
    await adminShot(page, 'admin-stock');
    await page.keyboard.press('Escape');

    await menu(page).getByText('员工', { exact: true }).click();
    await page.getByTestId('staff-table').getByText('operator', { exact: true }).waitFor();
    await adminShot(page, 'admin-staff');

    await menu(page).getByText('审计日志').click();
    const publishRow = page.getByTestId('audit-table').locator('tbody tr', { hasText: '上架商品' }).first();
    await publishRow.locator('.ant-table-row-expand-icon').click();
    await page.getByTestId('audit-diff').first().waitFor();
    await adminShot(page, 'admin-audit-log');

    const userKey = `e2e${suffix}`;
    const minted = (await (
      await fetch(`${server.baseUrl}/wechat-sim/sim/login-code`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ user: userKey, nickname: '测试会员小满' }),
      })
    ).json()) as { code: string };
    const member = (await (
      await fetch(`${server.baseUrl}/api/auth/wechat`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code: minted.code }),
      })
    ).json()) as { accessToken: string };
    const phone = (await (
      await fetch(`${server.baseUrl}/wechat-sim/sim/phone-code`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ user: userKey, phoneNumber: '13812345678' }),
      })
    ).json()) as { code: string };
    const bound = await fetch(`${server.baseUrl}/api/me/phone`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${member.accessToken}` },
      body: JSON.stringify({ code: phone.code }),
    });
    expect(bound.status).toBe(200);
    await menu(page).getByText('会员', { exact: true }).click();
    await page.getByLabel('手机号').fill('13812345678');
    await button(page, '搜索').click();
    await page.getByTestId('member-table').getByText('138****5678').waitFor();
    await adminShot(page, 'admin-members');
    // The member's name opens the member 360.
    await page.getByTestId('member-table').getByRole('link').first().click();
    await page.getByText('消费概况').waitFor();
    await adminShot(page, 'admin-member-detail');
  }, 120_000);

  it('below-cost guard: the operator learns only the owner may confirm; the owner confirms', async () => {
    const page = await openAdmin();
    await login(page, 'operator');
    const title = `E2E亏本${suffix}`;
    await page.goto(`${server.baseUrl}/admin/products/new`);
    await fillProduct(page, title, '坚果零食', [{ spec: '试吃装', prices: ['10', '5', '8'], stock: '3' }]);
    await page.getByText('-¥3.00', { exact: true }).waitFor();
    const productId = await saveNewProduct(page);
    await button(page, '上架').click();
    const dialog = page.getByTestId('below-cost-dialog');
    await dialog.getByText('试吃装').waitFor();
    await dialog.getByText('-¥3.00').waitFor();
    await page.getByTestId('below-cost-owner-only').waitFor();
    expect(await page.getByRole('button', { name: '确认以低于成本价销售' }).count()).toBe(0);
    await adminShot(page, 'admin-below-cost-operator');
    await page.getByRole('button', { name: '知道了' }).click();
    await page.getByText('草稿', { exact: true }).waitFor();

    const owner = await openAdmin();
    await login(owner, 'owner');
    await owner.goto(`${server.baseUrl}/admin/products/${productId}`);
    await button(owner, '上架').click();
    await owner.getByTestId('below-cost-dialog').getByText('-¥3.00').waitFor();
    await adminShot(owner, 'admin-below-cost');
    await owner.getByRole('button', { name: '确认以低于成本价销售' }).click();
    await owner.getByText('在售', { exact: true }).waitFor();

    // Editing a price of an on_sale product goes through the same guard (a PATCH of the SKU).
    await owner.getByLabel('私域价').first().fill('4.5');
    await button(owner, '保存').click();
    await owner.getByTestId('below-cost-dialog').getByText('-¥3.50').waitFor();
    await owner.getByRole('button', { name: '确认以低于成本价销售' }).click();
    await owner.getByText('已保存', { exact: true }).waitFor();
    const saved = (await (await fetch(`${server.baseUrl}/api/products/${productId}`)).json()) as { priceFen: number };
    expect(saved.priceFen).toBe(450);
  }, 120_000);

  it('CSV import with one bad row reports it by row and column and imports nothing', async () => {
    const page = await openAdmin();
    await login(page, 'owner');
    // The console lands on 首页; the catalog's CSV export and import live on the product list.
    await menu(page).getByText('商品', { exact: true }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 CSV/ }).click()]);
    const exported = await download.createReadStream().then(async (stream) => {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    });
    expect(download.suggestedFilename()).toMatch(/^商品目录-\d{8}-\d{4}\.csv$/);
    expect(exported.startsWith('\uFEFFproduct_id,product_title,category,role,status,sku_id,spec,public_price')).toBe(true);
    expect(exported).toContain('低糖蛋白棒 6支装');

    await page.getByRole('button', { name: '导入 CSV' }).click();
    const csv = [
      'product_title,category,role,spec,public_price,private_price,cost_price,stock',
      `E2E导入好${suffix},坚果零食,hero,规格:250g,29.90,19.90,9.00,10`,
      `E2E导入坏${suffix},坚果零食,hero,规格:500g,49.90,1.234,20.00,10`,
    ].join('\r\n');
    await page
      .locator('.ant-modal input[type=file]')
      .setInputFiles({ name: 'import.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}\r\n`, 'utf8') });
    await button(page.locator('.ant-modal'), '导入').click();
    const report = page.getByTestId('csv-report');
    await report.getByText('本次没有导入任何数据', { exact: false }).waitFor();
    const badRow = report.locator('tbody tr', { hasText: 'private_price' });
    await badRow.getByText('有错误').waitFor();
    expect(await badRow.locator('td').first().innerText()).toBe('3');
    await adminShot(page, 'admin-csv-report');
    const shop = (await (
      await fetch(`${server.baseUrl}/api/admin/products?q=${encodeURIComponent(`E2E导入`)}`, {
        headers: { Authorization: `Bearer ${await page.evaluate<string>("JSON.parse(localStorage.getItem('siyu.admin.session') || '{}').accessToken")}` },
      })
    ).json()) as { items: unknown[] };
    expect(shop.items).toHaveLength(0);
  }, 120_000);

  it('operator: no 员工 in the menu, and typing its URL shows 403', async () => {
    const page = await openAdmin();
    await login(page, 'operator');
    await menu(page).getByText('商品', { exact: true }).waitFor();
    expect(await menu(page).getByText('员工', { exact: true }).count()).toBe(0);
    expect(await menu(page).getByText('审计日志').count()).toBe(0);
    await page.goto(`${server.baseUrl}/admin/staff`);
    await page.getByText('403 没有权限').waitFor();
    await adminShot(page, 'admin-403-operator');
    await button(page, '退出登录').click();
    await page.waitForURL(/\/admin\/login$/);
  }, 120_000);

  it('a session the server no longer accepts (401) goes back to the login page with a notice', async () => {
    const page = await openAdmin();
    await login(page, 'analyst');
    expect(await menu(page).getByText('会员', { exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: '新建商品' }).count()).toBe(0); // analyst: read-only
    await page.evaluate(`(() => {
      const session = JSON.parse(localStorage.getItem('siyu.admin.session'));
      session.accessToken = session.accessToken.slice(0, -4) + 'AAAA';
      localStorage.setItem('siyu.admin.session', JSON.stringify(session));
    })()`);
    await page.reload();
    await page.waitForURL(/\/admin\/login$/);
    await page.getByText('请重新登录', { exact: false }).waitFor();
  }, 120_000);
});
