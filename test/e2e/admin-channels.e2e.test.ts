import type { Page } from 'playwright-core';
import { button, menu } from './support/admin-page';
import { adminShotCopied, adminSuite } from './support/admin-suite';

/**
 * The 渠道 pages at 1440 × 900 in Debian's Chromium against the real server on a fresh demo database:
 * a channel with a plan and its live preview, a single code and a batch of 5, a code's mini-program
 * image, a vendor CSV with bad rows, and the report's charts (ECharts canvases) and table; an analyst
 * reads the report but cannot create. Screenshots: test/artifacts/screenshots/admin-channels-*.png.
 */
describe('admin 渠道 pages', () => {
  const suite = adminSuite();
  const channelName = `E2E包裹卡${Date.now() % 100_000}`;

  const { openAdmin } = suite;

  const shot = adminShotCopied;

  /** Polls `read` until it satisfies `isDone` (10 s), resolving with the last value read. */
  async function until<T>(read: () => Promise<T>, isDone: (value: T) => boolean): Promise<T> {
    const deadline = Date.now() + 10_000;
    let value = await read();
    while (!isDone(value) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      value = await read();
    }
    return value;
  }

  /** True when the canvas of the chart with this test id has drawn pixels (not a blank surface). */
  async function canvasIsDrawn(page: Page, testId: string): Promise<boolean> {
    await page.getByTestId(testId).locator('canvas').first().waitFor();
    return page.evaluate<boolean>(`(() => {
      const canvas = document.querySelector('[data-testid="${testId}"] canvas');
      if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let drawn = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) drawn += 1;
      return drawn > 500;
    })()`);
  }

  it('owner creates a channel with a plan (live preview), a code and a batch of 5, sees the QR image, a refused CSV and the report', async () => {
    const page = await openAdmin('owner');
    await menu(page)
      .getByRole('menuitem', { name: /渠道列表/ })
      .click();
    await page.waitForURL(/\/admin\/channels$/);
    await page.getByTestId('channel-table').locator('tbody tr.ant-table-row').first().waitFor();
    await page.locator('.ant-spin-blur').waitFor({ state: 'detached' });
    await shot(page, 'admin-channels-list');

    // 新建渠道: 60,000 cards × 11% × 1 order × ¥42.42 = 6,600 members, ¥279,972.00.
    await page.getByTestId('channel-create').click();
    const form = page.getByTestId('channel-form');
    await form.getByLabel('渠道名称').fill(channelName);
    await form.getByLabel('固定成本').fill('500');
    await form.getByLabel('单位成本').fill('0.35');
    await form.getByLabel('计划触达').fill('60000');
    await form.getByLabel('会员转化率').fill('11');
    await form.getByLabel('人均订单数').fill('1');
    await form.getByLabel('客单价').fill('42.42');
    expect(
      await until(
        () => page.getByTestId('preview-members').innerText(),
        (text) => text === '6,600 人',
      ),
    ).toBe('6,600 人');
    expect(await page.getByTestId('preview-gmv').innerText()).toBe('¥279,972.00');
    expect(await page.getByTestId('preview-orders').innerText()).toBe('6,600 单');
    await shot(page, 'admin-channels-form');
    await page.getByTestId('channel-save').click();
    await page.waitForURL(/\/admin\/channels\/\d+$/);
    await page.getByTestId('channel-plan-vs-actual').waitFor();
    expect(await page.locator('.ant-descriptions').first().innerText()).toContain('¥0.35/张');

    // 新建入口码 (generated scene), then a bad custom scene is refused in the form, then 批量生成 5.
    await page.getByTestId('code-create').click();
    const codeForm = page.getByTestId('code-form');
    await codeForm.getByLabel('入口码名称').fill('门店收银台');
    await codeForm.getByLabel('自定义 scene').fill('bad scene 空格');
    await button(page.getByRole('dialog'), '创建').click();
    await codeForm.getByText('最多 32 个字符').waitFor();
    await codeForm.getByLabel('自定义 scene').fill('');
    await button(page.getByRole('dialog'), '创建').click();
    const codeTable = page.getByTestId('code-table');
    await codeTable.getByText('门店收银台').waitFor();
    expect(await codeTable.locator('tbody tr.ant-table-row').first().innerText()).toMatch(/c=[0-9A-Za-z]{6}/);

    await page.getByTestId('batch-create').click();
    const batchForm = page.getByTestId('batch-form');
    await batchForm.getByLabel('数量').fill('5');
    await batchForm.getByLabel('批次名称').fill('12月第1批');
    await button(page.getByRole('dialog'), '生成').click();
    await page.getByTestId('batch-table').getByText('12月第1批').waitFor();
    expect(await page.getByTestId('batch-table').innerText()).toContain('5 个');
    expect(
      await until(
        () => codeTable.locator('tbody tr.ant-table-row').count(),
        (rows) => rows === 6,
      ),
    ).toBe(6);
    expect(await codeTable.innerText()).toMatch(/c=[0-9A-Za-z]{8}/);
    await shot(page, 'admin-channels-codes');

    // The code's mini-program code, fetched with the staff token, is a real image.
    await codeTable.getByText('小程序码').first().click();
    const image = page.getByTestId('code-qr-image');
    await image.waitFor();
    const naturalWidth = () =>
      image.evaluate((img) => ((img as unknown as { complete: boolean }).complete ? (img as unknown as { naturalWidth: number }).naturalWidth : 0));
    expect(await until(naturalWidth, (width) => width > 0)).toBeGreaterThan(0);
    await shot(page, 'admin-channels-qr');
    await page.getByRole('dialog').locator('.ant-modal-close').click();

    // 触达: manual reach, then an AI-call CSV with bad rows → the per-row report, nothing imported.
    await page.getByRole('tab', { name: '触达' }).click();
    const reachForm = page.getByTestId('reach-form');
    await reachForm.getByLabel('触达数量').fill('60000');
    await button(reachForm, '登记').click();
    await page.getByText('已登记触达 60,000 张').waitFor();
    await page
      .getByTestId('import-ai-calls')
      .locator('xpath=ancestor::span[contains(@class,"ant-upload")]//input[@type="file"]')
      .setInputFiles({
        name: 'ai-calls.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('手机号,呼叫时间,是否接通\n13800138000,2026-12-01 10:00:00,是\n12345,昨天,也许\n'),
      });
    const errors = page.getByTestId('import-ai-calls-errors');
    await errors.waitFor();
    expect(await errors.innerText()).toContain('第 3 行');
    expect(await errors.innerText()).toContain('手机号须为 11 位手机号码');
    await shot(page, 'admin-channels-reach');

    // 渠道报表: totals, three charts drawn, and a row for the new channel with its plan.
    await menu(page)
      .getByRole('menuitem', { name: /渠道报表/ })
      .click();
    await page.waitForURL(/\/admin\/channels\/report$/);
    const table = page.getByTestId('channel-report-table');
    await table.getByText(channelName).waitFor();
    for (const chart of ['chart-plan-vs-actual', 'chart-funnel', 'chart-daily']) {
      expect([chart, await canvasIsDrawn(page, chart)]).toEqual([chart, true]);
    }
    const row = table.locator('tr', { hasText: channelName });
    expect(await row.innerText()).toContain('¥279,972.00');
    // Reach: the 60,000 registered by hand plus the 5 printed cards of the batch (a batch counts its cards as reach).
    expect(await row.innerText()).toContain('60,005');
    expect(await page.getByTestId('channel-report-totals').innerText()).toMatch(/GMV\s*¥[\d,]+\.\d\d/);
    expect(
      await menu(page)
        .getByRole('menuitem', { name: /渠道报表/ })
        .getAttribute('class'),
    ).toContain('selected');
    await shot(page, 'admin-channels-report');
    await page.getByText('末次触达').click();
    await table.getByText(channelName).waitFor();
    // 归因窗口: the owner sets the store's last-touch window (default 7 days) to 14.
    const windowSetting = page.getByTestId('attribution-window');
    await windowSetting.getByLabel('归因窗口天数').fill('14');
    await windowSetting.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('归因窗口已设为 14 天').waitFor();
  }, 180_000);

  it('analyst reads the channels and the report but has no 新建 button', async () => {
    const page = await openAdmin('analyst');
    await menu(page)
      .getByRole('menuitem', { name: /渠道列表/ })
      .click();
    await page.getByTestId('channel-table').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('channel-create').count()).toBe(0);
    expect(await page.getByText('只读').count()).toBeGreaterThan(0);
    await page.getByTestId('channel-table').locator('tbody tr.ant-table-row a').first().click();
    await page.getByTestId('code-table').waitFor();
    expect(await page.getByTestId('code-create').count()).toBe(0);
    await menu(page)
      .getByRole('menuitem', { name: /渠道报表/ })
      .click();
    await page.getByTestId('channel-report-table').locator('tbody tr.ant-table-row').first().waitFor();
    // The analyst reads the window (set to 14 by the owner above) and cannot change it.
    await page.getByText('归因窗口：下单前 14 天').waitFor();
    expect(await page.getByTestId('attribution-window').count()).toBe(0);
    await shot(page, 'admin-channels-report-analyst');
  }, 120_000);
});
